import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Position, Range } from '../../diagnostic';
import { ZERO_RANGE } from '../../diagnostic';
import type { CiAnalysis } from '../analyze/analyzeCiFile';
import type { JsonPath, PathSegment, SourceLoc } from '../model/ciNode';
import type { ParsedCiFile } from '../parse/parseCiFile';
import { offsetRange } from './offsets';

/** The YAML node under a cursor: its path from the document root and whether the cursor is on a key. */
export interface CursorTarget {
  readonly path: JsonPath;
  readonly target: 'key' | 'value';
  /** Range of the key or value node the cursor is on. */
  readonly range: Range;
  /** True inside the `spec:` header document rather than the configuration. */
  readonly inSpecHeader: boolean;
}

/**
 * Finds what is under a zero-based position. On a key the path ends with that key; on a value it
 * is the value's path; on an empty `key:` value it is the key's path with target `value`. In a
 * list item the index is the last segment. Returns undefined outside any node.
 */
export function pathAtPosition(file: ParsedCiFile, position: Position): CursorTarget | undefined {
  const offset = offsetAt(file, position);
  const docs = file.documents.filter((d) => d.contents !== null);
  const doc = docs.find((d) => offset >= d.range[0] && offset <= d.range[2]) ?? docs[docs.length - 1];
  if (!doc?.contents) return undefined;
  const inSpecHeader = docs.length > 1 && doc === docs[0] && file.spec !== undefined;
  const toRange = (r: readonly number[] | null | undefined): Range => offsetRange(file.lineCounter, r?.[0] ?? offset, r?.[1] ?? offset);
  const path: PathSegment[] = [];
  let node: YamlNode = doc.contents;
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(node)) {
      let next: YamlNode | undefined;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        const value = pair.value as YamlNode | null;
        const keyName = isScalar(key) ? String(typeof key.value === 'symbol' ? '<<' : (key.value as string)) : '';
        if (key?.range && offset >= key.range[0] && offset <= key.range[1]) {
          return { path: [...path, keyName], target: 'key', range: toRange(key.range), inSpecHeader };
        }
        if (value?.range && offset >= value.range[0] && offset <= value.range[1]) {
          path.push(keyName);
          next = value;
          break;
        }
        if (!value && key?.range && offset > key.range[1] && sameLine(file, key.range[1], offset)) {
          return { path: [...path, keyName], target: 'value', range: toRange([offset, offset]), inSpecHeader };
        }
      }
      if (!next) {
        const opened = openedKey(file, node.items, offset);
        if (opened !== undefined) return { path: [...path, opened], target: 'key', range: toRange([offset, offset]), inSpecHeader };
        return { path, target: 'value', range: toRange(node.range), inSpecHeader };
      }
      node = next;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const r = (item as YamlNode | null)?.range;
        return r && offset >= r[0] && offset <= r[1];
      });
      if (index === -1) return { path, target: 'value', range: toRange(node.range), inSpecHeader };
      path.push(index);
      node = node.items[index] as YamlNode;
    } else {
      return { path, target: 'value', range: toRange(node.range), inSpecHeader };
    }
  }
  return undefined;
}

/**
 * The key whose (still empty) mapping the cursor is typing into: `build:` followed by an indented
 * line that holds no key yet. Undefined when the cursor is not indented under such a key.
 */
function openedKey(file: ParsedCiFile, pairs: readonly unknown[], offset: number): string | undefined {
  let last: { name: string; start: number } | undefined;
  for (const pair of pairs) {
    if (!isPair(pair)) continue;
    const key = pair.key as YamlNode | null;
    if (!key?.range || key.range[0] > offset) break;
    const value = pair.value as YamlNode | null;
    const empty = value === null || (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1]);
    last = empty && isScalar(key) ? { name: textOfKey(key.value), start: key.range[0] } : undefined;
  }
  if (!last) return undefined;
  const keyPos = file.lineCounter.linePos(last.start);
  const cursor = file.lineCounter.linePos(offset);
  return cursor.line > keyPos.line && cursor.col > keyPos.col ? last.name : undefined;
}

function textOfKey(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Zero-based position to character offset in the file's text. */
export function offsetAt(file: ParsedCiFile, position: Position): number {
  const starts = file.lineCounter.lineStarts;
  const lineStart = starts[position.line] ?? file.text.length;
  return Math.min(lineStart + position.character, file.text.length);
}

function sameLine(file: ParsedCiFile, a: number, b: number): boolean {
  return file.lineCounter.linePos(a).line === file.lineCounter.linePos(b).line;
}

/** A named thing of the configuration: a job, template or stage, where it is declared. */
export interface CiSymbol {
  readonly name: string;
  readonly loc?: SourceLoc;
}

export interface CiSymbols {
  readonly visibleJobs: readonly CiSymbol[];
  readonly hiddenJobs: readonly CiSymbol[];
  /** Declared stages in pipeline order (`.pre`/`.post` and GitLab's defaults have no location). */
  readonly stages: readonly CiSymbol[];
}

/** Jobs, templates and stages of an analysis, for completion, outline and navigation. */
export function ciSymbols(analysis: CiAnalysis): CiSymbols {
  return {
    visibleJobs: analysis.jobs.filter((j) => !j.hidden).map((j) => ({ name: j.name, loc: j.keyLoc })),
    hiddenJobs: analysis.jobs.filter((j) => j.hidden).map((j) => ({ name: j.name, loc: j.keyLoc })),
    stages: analysis.stages.map((s) => (s.loc ? { name: s.name, loc: s.loc } : { name: s.name })),
  };
}

export type CiLinkKind = 'extends' | 'needs' | 'dependencies' | 'trigger-include-job' | 'reference' | 'include' | 'alias';

/** A place that names something defined elsewhere, and the definition(s) it resolves to. */
export interface CiLink {
  readonly kind: CiLinkKind;
  /** The name or path as written (`!reference` paths joined with `, `). */
  readonly name: string;
  readonly loc: SourceLoc;
  /** Definitions: the job key, referenced value, included file start, or anchor. Empty when unresolved. */
  readonly targets: readonly SourceLoc[];
}

/** Every cross-reference of an analysis (all files it read), for go to definition and find references. */
export function ciLinks(analysis: CiAnalysis): CiLink[] {
  const links: CiLink[] = [];
  for (const l of analysis.extendsLinks) links.push({ kind: 'extends', name: l.name, loc: l.loc, targets: l.target ? [l.target] : [] });
  for (const l of analysis.jobRefLinks) links.push({ kind: l.kind, name: l.name, loc: l.loc, targets: l.target ? [l.target] : [] });
  for (const l of analysis.referenceLinks) {
    const targets = [l.jobTarget, l.target].filter((t): t is SourceLoc => t !== undefined);
    links.push({ kind: 'reference', name: l.path.join(', '), loc: l.loc, targets });
  }
  for (const l of analysis.includes) {
    links.push({ kind: 'include', name: l.target, loc: { file: l.file, range: l.range }, targets: l.resolved.map((file) => ({ file, range: ZERO_RANGE })) });
  }
  for (const file of analysis.files.values()) {
    for (const a of file.aliases) {
      links.push({ kind: 'alias', name: a.name, loc: { file: file.path, range: a.range }, targets: a.target ? [{ file: file.path, range: a.target.range }] : [] });
    }
  }
  return links;
}
