import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode, Pair } from 'yaml';
import type { Range } from '../../diagnostic';
import type { CiAnalysis } from '../analyze/analyzeCiFile';
import { getChild, scalarString } from '../model/ciNode';
import type { ParsedCiFile } from '../parse/parseCiFile';
import { RESERVED_TOP_LEVEL } from '../schema';
import { offsetRange } from './offsets';

export type OutlineKind = 'job' | 'template' | 'keyword' | 'stage' | 'key';

export interface CiOutlineSymbol {
  readonly name: string;
  readonly kind: OutlineKind;
  readonly detail?: string;
  /** The whole entry, key to end of value. */
  readonly range: Range;
  /** The key (what is highlighted when the symbol is picked). */
  readonly selectionRange: Range;
  readonly children: readonly CiOutlineSymbol[];
}

/**
 * The document outline: top-level keywords and jobs in file order, `stages` with each stage, and
 * each job's own keys one level down. Built from this file's syntax tree, so it follows what the
 * user sees, not the merged configuration.
 */
export function outlineCi(file: ParsedCiFile, analysis?: CiAnalysis): CiOutlineSymbol[] {
  const doc = file.documents.filter((d) => d.contents !== null).at(file.spec ? 1 : 0);
  if (!doc || !isMap(doc.contents)) return [];
  const jobs = new Map(analysis?.jobs.map((j) => [j.name, j]));
  return doc.contents.items.filter(isPair).flatMap((pair) => {
    const name = keyName(pair);
    if (name === undefined) return [];
    const reserved = RESERVED_TOP_LEVEL.has(name);
    const job = reserved ? undefined : jobs.get(name);
    const stage = job && !job.hidden ? scalarString(getChild(job.effective ?? job.node, 'stage')) ?? 'test' : undefined;
    const kind: OutlineKind = reserved ? 'keyword' : name.startsWith('.') ? 'template' : 'job';
    const children = name === 'stages' ? stageChildren(file, pair) : childKeys(file, pair);
    return [entry(file, pair, name, kind, children, stage ? `stage: ${stage}` : undefined)];
  });
}

function keyName(pair: Pair): string | undefined {
  const key = pair.key as YamlNode | null;
  if (!isScalar(key)) return undefined;
  // With merge keys on, the yaml package gives `<<` a symbol value.
  if (typeof key.value === 'symbol') return '<<';
  return typeof key.value === 'string' || typeof key.value === 'number' ? String(key.value) : undefined;
}

function entry(file: ParsedCiFile, pair: Pair, name: string, kind: OutlineKind, children: CiOutlineSymbol[], detail?: string): CiOutlineSymbol {
  const key = pair.key as YamlNode;
  const value = pair.value as YamlNode | null;
  const keyRange = key.range ?? [0, 0, 0];
  let end = value?.range?.[1] ?? keyRange[1];
  // Block collections end after their last newline; the symbol should end on its last character.
  while (end > keyRange[1] && /\s/.test(file.text.charAt(end - 1))) end--;
  return {
    name, kind, children,
    range: offsetRange(file.lineCounter, keyRange[0], end),
    selectionRange: offsetRange(file.lineCounter, keyRange[0], keyRange[1]),
    ...(detail ? { detail } : {}),
  };
}

function childKeys(file: ParsedCiFile, pair: Pair): CiOutlineSymbol[] {
  const value = pair.value as YamlNode | null;
  if (!isMap(value)) return [];
  return value.items.filter(isPair).flatMap((child) => {
    const name = keyName(child);
    return name === undefined ? [] : [entry(file, child, name, 'key', [])];
  });
}

function stageChildren(file: ParsedCiFile, pair: Pair): CiOutlineSymbol[] {
  const value = pair.value as YamlNode | null;
  if (!isSeq(value)) return [];
  return value.items.flatMap((item) => {
    const node = item as YamlNode | null;
    if (!isScalar(node) || !node.range) return [];
    const range = offsetRange(file.lineCounter, node.range[0], node.range[1]);
    return [{ name: String(node.value), kind: 'stage' as const, range, selectionRange: range, children: [] }];
  });
}
