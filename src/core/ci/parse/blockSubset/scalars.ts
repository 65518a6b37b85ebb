import { Document, isScalar } from 'yaml';
import type { ScalarValue } from '../../model/ciNode';
import { scalarValue } from '../yamlToNode';
import type { LineTable } from './lineTable';
import { unsupported } from './lineTable';

interface ScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

/** A plain scalar's value and, for `<<` in key position, the merge marker. */
export type PlainValue = { readonly merge: true } | { readonly merge: false; readonly value: ScalarValue };

const MERGE: PlainValue = { merge: true };
/** Bounds of {@link PlainResolver}'s memory of results: texts up to this length, this many of them. */
const MAX_REMEMBERED_LENGTH = 40;
const MAX_REMEMBERED = 4096;
/** First characters after which a plain scalar can only be a string in the YAML 1.1 schema. */
const MAYBE_TYPED = /^[-+.~0-9yYnNtTfFoO<]/;

/**
 * Resolves plain scalars exactly as the yaml package's YAML 1.1 schema does (the first default tag
 * whose test matches), then applies the same Psych adjustments as the composed path.
 */
export class PlainResolver {
  private readonly tags: readonly ScalarTag[];
  private readonly options: object;
  /**
   * Results for short texts that may be typed, in value and key position: a CI file repeats the same
   * keys and words (`needs`, `tags`, `true`, `on_success`) thousands of times, and each would otherwise
   * try every tag's regular expression. Bounded, and per file (the resolver lives as long as one read).
   */
  private readonly known = [new Map<string, PlainValue>(), new Map<string, PlainValue>()] as const;

  constructor(options: object) {
    const doc = new Document(null, options);
    this.options = doc.options;
    this.tags = (doc.schema.tags as unknown as ScalarTag[]).filter((t) => t.test);
  }

  resolve(source: string, atKey: boolean): PlainValue {
    if (!MAYBE_TYPED.test(source)) return { merge: false, value: source };
    if (source.length > MAX_REMEMBERED_LENGTH) return this.typed(source, atKey);
    const known = this.known[atKey ? 1 : 0];
    const found = known.get(source);
    if (found) return found;
    const value = this.typed(source, atKey);
    if (known.size < MAX_REMEMBERED) known.set(source, value);
    return value;
  }

  private typed(source: string, atKey: boolean): PlainValue {
    const tag = this.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source));
    if (!tag) return { merge: false, value: source };
    let failed = false;
    const resolved = tag.resolve(source, () => (failed = true), this.options);
    // Some tags (the 1.1 booleans) resolve to a Scalar node rather than a bare value.
    const value = isScalar(resolved) ? resolved.value : resolved;
    if (failed) unsupported();
    if (typeof value === 'symbol') return MERGE;
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) unsupported();
    return { merge: false, value: scalarValue(value, source, 'PLAIN') };
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A quoted scalar that ends on its own line: its value and the column after the closing quote. */
export function readQuoted(lines: LineTable, line: number, col: number): { value: string; end: number } {
  const len = lines.length(line);
  const quote = lines.code(line, col);
  let out = '';
  let c = col + 1;
  if (quote === 39) {
    for (;;) {
      const close = lines.slice(line, c, len).indexOf("'");
      if (close === -1) unsupported();
      out += lines.slice(line, c, c + close);
      c += close + 1;
      if (lines.code(line, c) !== 39) return { value: out, end: c };
      out += "'";
      c++;
    }
  }
  let from = c;
  while (c < len) {
    const ch = lines.code(line, c);
    if (ch === 34) return { value: out + lines.slice(line, from, c), end: c + 1 };
    if (ch !== 92) {
      c++;
      continue;
    }
    out += lines.slice(line, from, c);
    const esc = lines.slice(line, c + 1, c + 2);
    const hex = HEX_LENGTH[esc];
    if (hex !== undefined) {
      const digits = lines.slice(line, c + 2, c + 2 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) unsupported();
      const point = parseInt(digits, 16);
      if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) unsupported();
      out += String.fromCodePoint(point);
      c += 2 + hex;
    } else {
      const plain = ESCAPES[esc];
      if (plain === undefined) unsupported();
      out += plain;
      c += 2;
    }
    from = c;
  }
  return unsupported();
}

/** A `|` or `>` block scalar: its value and the last line it covers. */
export function readBlockScalar(lines: LineTable, line: number, col: number, parentIndent: number): { value: string; lastLine: number } {
  const folded = lines.code(line, col) === 62;
  let c = col + 1;
  const chomp = lines.code(line, c);
  const strip = chomp === 45;
  if (strip) c++;
  // Keep chomping, explicit indentation and headers glued to a comment are left to the full parser.
  if (!lines.restIsBlank(line, c) || (c < lines.length(line) && lines.code(line, c) !== 32)) unsupported();
  const first = line + 1;
  if (first >= lines.count) unsupported();
  const indent = lines.skipSpaces(first, 0);
  if (indent >= lines.length(first) || indent <= parentIndent) unsupported();
  const parts: string[] = [];
  let lastLine = line;
  let pendingEmpty = 0;
  // Folding joins two lines at the indentation with a space; next to a more indented line the break stays.
  let previousMoreIndented = false;
  for (let l = first; l < lines.count; l++) {
    const len = lines.length(l);
    const lead = lines.skipSpaces(l, 0);
    // A line of spaces only is empty up to the indentation; a literal keeps the spaces beyond it as content.
    if (lead >= len && (len <= indent || folded)) {
      if (len > indent) unsupported();
      pendingEmpty++;
      continue;
    }
    if (lead < indent) break;
    const moreIndented = lead > indent;
    const content = lines.slice(l, indent, len);
    const folds = folded && !moreIndented && !previousMoreIndented;
    if (parts.length > 0) parts.push(folds ? (pendingEmpty === 0 ? ' ' : '\n'.repeat(pendingEmpty)) : '\n'.repeat(pendingEmpty + 1));
    previousMoreIndented = moreIndented;
    parts.push(content);
    pendingEmpty = 0;
    lastLine = l;
  }
  // Without a line break after the last line, clipping would keep nothing: rare, so not copied here.
  if (lastLine + 1 >= lines.count) unsupported();
  const value = parts.join('');
  return { value: strip ? value : `${value}\n`, lastLine };
}
