import { LineCounter, parseAllDocuments } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import type { Diagnostic, Range } from '../../diagnostic';
import { byPosition, ZERO_RANGE } from '../../diagnostic';
import type { CiNode } from '../model/ciNode';
import { getEntry } from '../model/ciNode';
import { ciDiagnostic } from '../model/codes';
import { FileMemo } from '../model/memo';
import type { AliasSite, AnchorSite } from './yamlToNode';
import { yamlToNode } from './yamlToNode';
import { readBlockSubset } from './blockSubset/readBlockSubset';
import type { ParsedCiFile } from './parsedCiFile';
import { isSpecHeader } from './parsedCiFile';

export type { ParsedCiFile } from './parsedCiFile';

const PARSE_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  strict: false,
  customTags: [{ tag: '!reference', collection: 'seq', resolve: (value: unknown): unknown => value }],
} as const;

/**
 * Parses CI YAML text. Never throws: every problem becomes a diagnostic. Given the previous parse
 * of the same file, unchanged top-level entries keep their nodes (so what was derived from them
 * stays valid).
 */
export function parseCiFile(path: string, text: string, previous?: ParsedCiFile): ParsedCiFile {
  return readBlockSubset(path, text, PARSE_OPTIONS, composeDocuments, previous) ?? parseCiFileComposed(path, text);
}

function composeDocuments(text: string): Document.Parsed[] {
  try {
    const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, customTags: [...PARSE_OPTIONS.customTags] });
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * {@link parseCiFile} through the yaml package's composed Documents: the reference behaviour, used
 * for everything the block-subset reader leaves alone.
 */
export function parseCiFileComposed(path: string, text: string): ParsedCiFile {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  let documents: Document.Parsed[] = [];
  try {
    const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter, customTags: [...PARSE_OPTIONS.customTags] });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    // The yaml package reports problems as errors on the document; a throw means it hit a limit of its own.
    diagnostics.push(ciDiagnostic('yaml-syntax', { message: error instanceof Error ? error.message : String(error) }, ZERO_RANGE));
    return { path, text, documents, lineCounter, anchors: [], aliases: [], diagnostics, memo: new FileMemo() };
  }
  const toRange = (offsets: readonly number[]): Range => {
    const a = lineCounter.linePos(offsets[0] ?? 0);
    const b = lineCounter.linePos(offsets[1] ?? offsets[0] ?? 0);
    return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
  };
  for (const doc of documents) {
    for (const e of doc.errors) diagnostics.push(ciDiagnostic('yaml-syntax', { message: cleanMessage(e) }, toRange(e.pos)));
    for (const w of doc.warnings) diagnostics.push(ciDiagnostic('yaml-warning', { message: cleanMessage(w) }, toRange(w.pos)));
  }
  const anchors: AnchorSite[] = [];
  const aliases: AliasSite[] = [];
  let expanded = 0;
  const convert = (doc: Document.Parsed): CiNode => {
    const result = yamlToNode(doc.contents, path, text, lineCounter, diagnostics);
    anchors.push(...result.anchors);
    aliases.push(...result.aliases);
    expanded += result.expanded;
    return result.node;
  };
  const nonEmpty = documents.filter((d) => d.contents !== null);
  let spec: CiNode | undefined;
  let header: CiNode | undefined;
  let config: CiNode | undefined;
  let rest: Document.Parsed[] = [];
  const [first, second, ...others] = nonEmpty;
  if (first) {
    const firstNode = convert(first);
    if (second && isSpecHeader(firstNode)) {
      header = firstNode;
      spec = getEntry(firstNode, 'spec')?.node;
      config = convert(second);
      rest = others;
    } else if (!second && isSpecHeader(firstNode) && documents.length > 1) {
      header = firstNode;
      spec = getEntry(firstNode, 'spec')?.node;
    } else {
      config = firstNode;
      rest = second ? [second, ...others] : [];
    }
  }
  for (const doc of rest) diagnostics.push(ciDiagnostic('yaml-extra-document', {}, toRange(doc.range)));
  diagnostics.sort(byPosition);
  const out: ParsedCiFile = { path, text, documents, lineCounter, anchors, aliases, diagnostics, memo: new FileMemo(), ...(expanded > 0 ? { expanded } : {}) };
  return { ...out, ...(config ? { config } : {}), ...(spec ? { spec } : {}), ...(header ? { header } : {}) };
}

function cleanMessage(e: YAMLError): string {
  return e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? e.message;
}
