import { LineCounter } from 'yaml';
import type { Document } from 'yaml';
import { byPosition } from '../../../diagnostic';
import { FileMemo } from '../../model/memo';
import type { ParsedCiFile } from '../parsedCiFile';
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
 * {@link ParsedCiFile} for a single-document file in the block-style subset CI files are written
 * in, read without composing yaml Documents (those are built on first use of `documents`).
 * Undefined when the text needs the full parser (anything unusual, any syntax problem).
 */
export function readBlockSubset(path: string, text: string, options: object, compose: (text: string) => Document.Parsed[], previous?: ParsedCiFile): ParsedCiFile | undefined {
  const start = LEADING_DOCUMENT_START.exec(text)?.[0];
  if (text.length === 0 || OUT_OF_SUBSET.test(start === undefined ? text : text.slice(start.length))) return undefined;
  const reusable = previous?.path === path;
  let lines: LineTable;
  let parser: BlockParser;
  let config;
  try {
    lines = new LineTable(text);
    if (start !== undefined) lines.indent[start.split('\n').length - (start.endsWith('\n') ? 2 : 1)] = -1;
    parser = new BlockParser(path, lines, new PlainResolver(options), reusable ? previous?.blocks : undefined);
    config = parser.parseDocument();
  } catch {
    // Out of the subset (or a bug here): the composed path decides, so behaviour never depends on this one.
    return undefined;
  }
  if (!config) return undefined;
  let lineCounter: LineCounter | undefined;
  let documents: Document.Parsed[] | undefined;
  const diagnostics = parser.diagnostics.sort(byPosition);
  return {
    path,
    text,
    config,
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
    anchors: parser.anchors,
    aliases: parser.aliases,
    diagnostics,
    memo: new FileMemo(reusable ? previous?.memo : undefined),
    ...(parser.expandedValues > 0 ? { expanded: parser.expandedValues } : {}),
    blocks: { text, trackSizes: parser.trackSizes, starts: lines.starts, blocks: parser.blocks },
  };
}
