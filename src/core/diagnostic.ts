/**
 * Positions and findings shared by every part of the core. Lines and characters are
 * zero-based, like the editor's and like the CLI's JSON output, so nothing converts
 * between the two conventions except the CLI's text printer.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable identifier, e.g. `yaml-syntax` or `needs-undefined-job`; never reworded. */
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  /** Absolute path of the file the range belongs to, when it is not the file being checked. */
  readonly file?: string;
}

export function position(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: position(startLine, startCharacter), end: position(endLine, endCharacter) };
}

export const ZERO_RANGE: Range = range(0, 0, 0, 0);

/** Orders positions: negative when `a` comes first, zero when equal. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Orders findings (anything with a range) by where they start. */
export function byPosition(a: { readonly range: Range }, b: { readonly range: Range }): number {
  return comparePositions(a.range.start, b.range.start);
}
