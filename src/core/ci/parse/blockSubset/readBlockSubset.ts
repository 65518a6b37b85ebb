import { LineCounter } from 'yaml';
import type { Document } from 'yaml';
import { byPosition } from '../../../diagnostic';
import type { CiNode } from '../../model/ciNode';
import { getEntry } from '../../model/ciNode';
import { FileMemo } from '../../model/memo';
import type { ParsedCiFile } from '../parsedCiFile';
import { isSpecHeader } from '../parsedCiFile';
import { BlockParser } from './blockParser';
import { LineTable } from './lineTable';
import { PlainResolver } from './scalars';

/**
 * Text the block-subset reader never tries: tabs, CR, BOM, control characters (Unicode's Cc: U+0000-U+001F
 * and U+007F-U+009F) other than the line feed, document markers and directives. Spelled as the code
 * units that are allowed, without the `u` flag: the same set (a test compares them over every code
 * unit), scanned several times faster over a large file than `\p{Cc}`.
 */
export const OUT_OF_SUBSET = /[^\n\x20-\x7e\xa0-\ufefe\uff00-\uffff]|^(?:---|\.\.\.|%)/m;
/**
 * A `---` line that only opens the one document, after nothing but comments and blank lines (many
 * real configs start so): the reader takes it as a blank line. The rest of the text is checked as usual.
 */
const LEADING_DOCUMENT_START = /^(?:[ ]*(?:#[^\n]*)?\n)*---[ ]*(?:\n|$)/;

/**
 * The `---` line between a `spec:` header and the configuration (a component's or an included
 * template's inputs): the only document marker a two-document file may have here.
 */
const DOCUMENT_SEPARATOR = /^---[ ]*(?:\n|$)/m;

/** Where a header document ends and the configuration's lines start, when the text has that shape. */
interface HeaderSplit {
  /** Offset of the `---` line. */
  readonly at: number;
  /** Its line number. */
  readonly line: number;
}

/**
 * {@link ParsedCiFile} for a file in the block-style subset CI files are written in: one document,
 * or a `spec:` header and the configuration after a `---` line. Read without composing yaml
 * Documents (those are built on first use of `documents`). Undefined when the text needs the full
 * parser (anything unusual, any syntax problem, a first document that is not a `spec:` header).
 */
export function readBlockSubset(path: string, text: string, options: object, compose: (text: string) => Document.Parsed[], previous?: ParsedCiFile): ParsedCiFile | undefined {
  const start = LEADING_DOCUMENT_START.exec(text)?.[0];
  if (text.length === 0) return undefined;
  const skipped = start?.length ?? 0;
  const body = text.slice(skipped);
  let split: HeaderSplit | undefined;
  if (OUT_OF_SUBSET.test(body)) {
    const marker = DOCUMENT_SEPARATOR.exec(body);
    if (!marker || OUT_OF_SUBSET.test(body.slice(0, marker.index)) || OUT_OF_SUBSET.test(body.slice(marker.index + marker[0].length))) return undefined;
    const at = skipped + marker.index;
    split = { at, line: text.slice(0, at).split('\n').length - 1 };
  }
  const startLine = start === undefined ? undefined : start.split('\n').length - (start.endsWith('\n') ? 2 : 1);
  const reusable = previous?.path === path;
  const plain = new PlainResolver(options);
  let lines: LineTable;
  let parser: BlockParser;
  let config;
  let header: { readonly node: CiNode; readonly parser: BlockParser } | undefined;
  try {
    if (split) {
      // The header's own lines, so its last collection ends where the `---` line starts, as in the full parse.
      const headerLines = new LineTable(text.slice(0, split.at));
      if (startLine !== undefined) headerLines.indent[startLine] = -1;
      const headerParser = new BlockParser(path, headerLines, plain);
      const node = headerParser.parseDocument();
      if (!node || !isSpecHeader(node)) return undefined;
      header = { node, parser: headerParser };
    }
    lines = new LineTable(text);
    if (startLine !== undefined) lines.indent[startLine] = -1;
    // The configuration is read over the whole text (its positions are the file's) with the header's lines taken as blank.
    if (split) for (let l = 0; l <= split.line; l++) lines.indent[l] = -1;
    parser = new BlockParser(path, lines, plain, reusable ? previous?.blocks : undefined);
    config = parser.parseDocument();
  } catch {
    // Out of the subset (or a bug here): the composed path decides, so behaviour never depends on this one.
    return undefined;
  }
  if (!config) return undefined;
  let lineCounter: LineCounter | undefined;
  let documents: Document.Parsed[] | undefined;
  const diagnostics = [...(header?.parser.diagnostics ?? []), ...parser.diagnostics].sort(byPosition);
  const expanded = (header?.parser.expandedValues ?? 0) + parser.expandedValues;
  const spec = header && getEntry(header.node, 'spec')?.node;
  return {
    path,
    text,
    config,
    ...(header ? { header: header.node } : {}),
    ...(spec ? { spec } : {}),
    get documents(): readonly Document.Parsed[] {
      documents ??= compose(text);
      return documents;
    },
    // Only the editor's queries read positions through it: a one-shot lint never builds it.
    get lineCounter(): LineCounter {
      if (!lineCounter) {
        lineCounter = new LineCounter();
        for (const start of lines.starts) lineCounter.addNewLine(start);
      }
      return lineCounter;
    },
    anchors: header ? [...header.parser.anchors, ...parser.anchors] : parser.anchors,
    aliases: header ? [...header.parser.aliases, ...parser.aliases] : parser.aliases,
    diagnostics,
    memo: new FileMemo(reusable ? previous?.memo : undefined),
    ...(expanded > 0 ? { expanded } : {}),
    blocks: { text, trackSizes: parser.trackSizes, starts: lines.starts, blocks: parser.blocks },
  };
}
