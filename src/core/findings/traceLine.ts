/**
 * The line of a test's own file that a stack trace or the test's output names. Each parser in
 * {@link TRACE_PARSERS} lists the file locations one convention writes; the first location naming
 * the test's file wins. Text from a job is untrusted: the scanners walk it forwards once (no
 * backtracking regular expression sees it), and only its first {@link MAX_SCANNED_CHARS} are read.
 */
import { sameFile } from './findingPath';

export interface TraceLocation {
  readonly path: string;
  /** One-based, as traces print it. */
  readonly line: number;
}

export interface TraceParser {
  /** What it reads, e.g. `path:line[:column]`. */
  readonly name: string;
  readonly locations: (text: string) => Iterable<TraceLocation>;
}

/** A stack trace worth reading is short; a 10 MB system output is not read to its end. */
export const MAX_SCANNED_CHARS = 64 * 1024;

/** Characters that end a path token when scanning back from `:line`. */
const PATH_STOPS = new Set([' ', '\t', '\n', '\r', '(', ')', '[', ']', '"', "'", '`', '<', '>', ',', ';', '=', '|', '{', '}', ':', '@']);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function readNumber(text: string, from: number): { value: number; end: number } | undefined {
  let end = from;
  while (end < text.length && end - from < 9 && isDigit(text.charCodeAt(end))) end++;
  return end > from ? { value: Number(text.slice(from, end)), end } : undefined;
}

/**
 * `path:line` with an optional `:column`: Node and TypeScript (`at f (/builds/g/p/test/x.test.ts:12:5)`),
 * Go (`x_test.go:12: want 3`), Ruby (`./spec/x_spec.rb:12:in 'block'`), Java (`(BarTest.java:42)`),
 * Rust, PHP and most others. The token before the colon must look like a file (a dot in its last segment).
 */
function* colonLocations(text: string): Generator<TraceLocation> {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    const line = readNumber(text, colon + 1);
    if (!line || line.value === 0) continue;
    let start = colon;
    while (start > 0 && !PATH_STOPS.has(text[start - 1] ?? ' ')) start--;
    const path = text.slice(start, colon);
    const last = path.slice(path.lastIndexOf('/') + 1);
    if (last.lastIndexOf('.') > 0) yield { path, line: line.value };
  }
}

/** Python: `File "/builds/g/p/tests/test_x.py", line 12, in test_y`. */
function* pythonLocations(text: string): Generator<TraceLocation> {
  const opening = 'File "';
  const middle = '", line ';
  for (let at = text.indexOf(opening); at >= 0; at = text.indexOf(opening, at + opening.length)) {
    const start = at + opening.length;
    const close = text.indexOf('"', start);
    if (close < 0) return;
    if (close - start > 1024 || text.slice(close, close + middle.length) !== middle) continue;
    const line = readNumber(text, close + middle.length);
    if (line && line.value > 0) yield { path: text.slice(start, close), line: line.value };
  }
}

export const TRACE_PARSERS: readonly TraceParser[] = [
  { name: 'File "path", line N', locations: pythonLocations },
  { name: 'path:line[:column]', locations: colonLocations },
];

/** The first line any parser finds for `file` in the texts, in order (stack trace first, then output). */
export function lineInTrace(file: string, texts: readonly (string | null | undefined)[]): number | undefined {
  for (const raw of texts) {
    if (!raw) continue;
    const text = raw.length > MAX_SCANNED_CHARS ? raw.slice(0, MAX_SCANNED_CHARS) : raw;
    for (const parser of TRACE_PARSERS) {
      for (const location of parser.locations(text)) if (sameFile(location.path, file)) return location.line;
    }
  }
  return undefined;
}
