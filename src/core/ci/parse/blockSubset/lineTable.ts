import type { Position } from '../../../diagnostic';

class OutOfSubset extends Error {}

/** Thrown (one shared instance, so no stack is captured per use) when the text leaves the subset the block-subset reader handles. */
export const UNSUPPORTED = new OutOfSubset('unsupported YAML construct');

export function unsupported(): never {
  throw UNSUPPORTED;
}

/** An alias (`*name`) can only start after a space, a flow indicator or at a line start. */
const MAYBE_ALIAS = /(?:^|[\s[{,])\*/m;

/**
 * Whether the text may hold an alias, so node sizes must be kept for the alias expansion bound.
 * Most CI files have a `*` only inside globs and commands, where it cannot start an alias.
 */
export function mayHaveAliases(text: string): boolean {
  return MAYBE_ALIAS.test(text);
}

const SPACE = 32;
const HASH = 35;

/**
 * Line starts and indentation of a text, computed in one pass so positions never need a binary
 * search. `indent` is -1 for lines holding nothing but spaces or a comment.
 */
export class LineTable {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly indent: number[] = [];
  readonly count: number;

  constructor(readonly text: string) {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      this.starts.push(start);
      this.ends.push(end);
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      this.indent.push(i === end || text.charCodeAt(i) === HASH ? -1 : i - start);
      if (nl === -1) break;
      start = nl + 1;
    }
    this.count = this.starts.length;
  }

  /** Character code at a column of a line; NaN past its end. */
  code(line: number, col: number): number {
    const at = (this.starts[line] ?? 0) + col;
    return at < (this.ends[line] ?? 0) ? this.text.charCodeAt(at) : NaN;
  }

  length(line: number): number {
    return (this.ends[line] ?? 0) - (this.starts[line] ?? 0);
  }

  slice(line: number, from: number, to: number): string {
    const s = this.starts[line] ?? 0;
    return this.text.slice(s + from, s + to);
  }

  offset(line: number, col: number): number {
    return (this.starts[line] ?? 0) + col;
  }

  /** First line at or after `line` that holds content (not blank, not only a comment). */
  nextContent(line: number): number {
    let l = line;
    while (l < this.count && this.indent[l] === -1) l++;
    return l;
  }

  /** The position just past everything up to and including line `lastLine`'s line break. */
  afterLine(lastLine: number): Position {
    const next = lastLine + 1;
    if (next < this.count) return { line: next, character: 0 };
    return { line: lastLine, character: this.length(lastLine) };
  }

  /** Column of the first non-space character at or after `col`, or the line's length. */
  skipSpaces(line: number, col: number): number {
    let c = col;
    const len = this.length(line);
    while (c < len && this.code(line, c) === SPACE) c++;
    return c;
  }

  /** True when only spaces or a comment follow `col` on the line. */
  restIsBlank(line: number, col: number): boolean {
    const c = this.skipSpaces(line, col);
    return c >= this.length(line) || (this.code(line, c) === HASH && (c === col ? col === 0 || this.code(line, c - 1) === SPACE : true));
  }
}
