/**
 * GitLab compiles every `/pattern/flags` of an expression with RE2 (`Gitlab::UntrustedRegexp`), whose
 * syntax differs from JavaScript's. This module reads RE2 syntax, rejects what RE2 rejects (lookaround,
 * backreferences, possessive and unbounded-nesting repetition, `\Z`, unknown escapes) and rewrites the
 * rest into an equivalent JavaScript RegExp. Flags are applied by the rewrite itself (RE2's scoped
 * `(?i:...)` groups have no JavaScript counterpart in Node 20), so the result only ever uses `u`.
 */

export type Re2Result = { readonly ok: true; readonly regexp: RegExp } | { readonly ok: false; readonly error: string };

interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
  readonly U: boolean;
}

const NO_FLAGS: Flags = { i: false, m: false, s: false, U: false };

/** RE2's limit on `{n,m}` counts. */
const MAX_REPEAT = 1000;

/** General categories RE2 accepts after `\p`; anything else is a script name. */
const GENERAL_CATEGORIES = new Set(['C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs']);

/** RE2's POSIX classes (`[[:alpha:]]`), ASCII only as in RE2. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Perl classes as RE2 defines them: ASCII, and `\s` without `\v`. */
const PERL_CLASSES: Readonly<Record<string, string>> = { d: '0-9', s: '\\t\\n\\f\\r ', w: '0-9A-Za-z_' };

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

class Re2Error extends Error {}

/** Compiles an RE2 pattern with RE2 flag letters (`i`, `m`, `s`, `U`) into a JavaScript RegExp. */
export function compileRe2(pattern: string, flags = ''): Re2Result {
  try {
    let initial = NO_FLAGS;
    for (const f of flags) initial = setFlag(initial, f, true);
    const source = new Translator(pattern, initial).translate();
    return { ok: true, regexp: new RegExp(source, 'u') };
  } catch (e) {
    if (e instanceof Re2Error) return { ok: false, error: e.message };
    // A rewrite JavaScript refuses is a gap in this translator; report it like an RE2 error rather than throw.
    if (e instanceof SyntaxError) return { ok: false, error: e.message };
    throw e;
  }
}

function setFlag(flags: Flags, letter: string, on: boolean): Flags {
  if (letter !== 'i' && letter !== 'm' && letter !== 's' && letter !== 'U') throw new Re2Error(`invalid flag '${letter}'`);
  return { ...flags, [letter]: on };
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** Both cases of a code point, for case-insensitive literals. */
function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const out = new Set<number>([cp]);
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    const c = v.codePointAt(0);
    if (c !== undefined && [...v].length === 1) out.add(c);
  }
  return [...out];
}

class Translator {
  private pos = 0;
  private groupDepth = 0;

  constructor(private readonly src: string, private flags: Flags) {}

  translate(): string {
    const out = this.alternation();
    if (this.pos < this.src.length) throw new Re2Error(`unexpected ) at ${this.pos}`);
    return out;
  }

  private peek(offset = 0): string {
    return this.src.charAt(this.pos + offset);
  }

  private alternation(): string {
    const saved = this.flags;
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    // `(?i)` inside a group lasts until the group closes.
    this.flags = saved;
    return branches.join('|');
  }

  private sequence(): string {
    let out = '';
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom === undefined) continue;
      out += this.quantified(atom);
    }
    return out;
  }

  /** One atom, or undefined for a flag group like `(?i)` that emits nothing. */
  private atom(): string | undefined {
    const c = this.peek();
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false);
      case '.':
        this.pos++;
        return this.flags.s ? '[\\s\\S]' : '[^\\n]';
      case '^':
        this.pos++;
        return this.flags.m ? '(?:^|(?<=\\n))' : '^';
      case '$':
        this.pos++;
        return this.flags.m ? '(?:$|(?=\\n))' : '$';
      case '*':
      case '+':
      case '?':
        throw new Re2Error(`missing argument to repetition operator: ${c}`);
      case '{':
        if (this.repeatAt(this.pos)) throw new Re2Error('missing argument to repetition operator: {');
        this.pos++;
        return this.literal(c.codePointAt(0) ?? 0);
      default: {
        const cp = this.src.codePointAt(this.pos) ?? 0;
        this.pos += cp > 0xffff ? 2 : 1;
        return this.literal(cp);
      }
    }
  }

  private literal(cp: number): string {
    if (!this.flags.i) return hex(cp);
    const variants = caseVariants(cp);
    return variants.length === 1 ? hex(cp) : `[${variants.map(hex).join('')}]`;
  }

  private group(): string | undefined {
    this.pos++; // (
    let prefix = '(';
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos + 1);
      if (/^(?:=|!|<=|<!)/.test(rest)) throw new Re2Error('invalid or unsupported Perl syntax: lookaround assertions are not supported by RE2');
      if (rest.startsWith('>')) throw new Re2Error('invalid or unsupported Perl syntax: atomic groups are not supported by RE2');
      if (rest.startsWith('#')) throw new Re2Error('invalid or unsupported Perl syntax: comments are not supported by RE2');
      const named = /^(?:P?<([A-Za-z_][A-Za-z0-9_]*)>)/.exec(rest);
      if (named) {
        this.pos += 1 + named[0].length;
        prefix = `(?<${named[1] ?? ''}>`;
      } else {
        const flagGroup = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
        if (!flagGroup || (flagGroup[1] === '' && flagGroup[2] === undefined && flagGroup[3] === ')')) throw new Re2Error(`invalid or unsupported Perl syntax: (?${rest.slice(0, 2)}`);
        if (flagGroup[2] === '') throw new Re2Error('invalid or unsupported Perl syntax: empty negated flag group');
        this.pos += 1 + flagGroup[0].length;
        let next = this.flags;
        for (const f of flagGroup[1] ?? '') next = setFlag(next, f, true);
        for (const f of flagGroup[2] ?? '') next = setFlag(next, f, false);
        if (flagGroup[3] === ')') {
          this.flags = next;
          return undefined;
        }
        const outer = this.flags;
        this.flags = next;
        const inner = this.groupBody();
        this.flags = outer;
        return `(?:${inner})`;
      }
    }
    return `${prefix}${this.groupBody()})`;
  }

  private groupBody(): string {
    this.groupDepth++;
    if (this.groupDepth > 1000) throw new Re2Error('expression nests too deeply');
    const inner = this.alternation();
    if (this.peek() !== ')') throw new Re2Error('missing closing )');
    this.pos++;
    this.groupDepth--;
    return inner;
  }

  /** Whether a valid `{n}`, `{n,}` or `{n,m}` starts at `at`. */
  private repeatAt(at: number): RegExpExecArray | null {
    return /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(at));
  }

  private quantified(atom: string): string {
    let out = atom;
    let quantifiers = 0;
    for (;;) {
      const c = this.peek();
      let q: string | undefined;
      if (c === '*' || c === '+' || c === '?') {
        q = c;
        this.pos++;
      } else if (c === '{') {
        const m = this.repeatAt(this.pos);
        if (!m) break;
        const min = Number(m[1]);
        const max = m[3] === undefined || m[3] === '' ? undefined : Number(m[3]);
        if (min > MAX_REPEAT || (max !== undefined && (max > MAX_REPEAT || max < min))) throw new Re2Error(`bad repetition operator: ${m[0]}`);
        q = m[0];
        this.pos += m[0].length;
      } else break;
      if (quantifiers > 0) throw new Re2Error(`bad repetition operator: ${q}`);
      if (/^(?:\^|\$|\(\?:\^\|\(\?<=\\n\)\)|\(\?:\$\|\(\?=\\n\)\))$/.test(atom)) {
        // RE2 allows repeating an empty-width assertion; JavaScript does not, and it changes nothing.
        out = `(?:${atom})`;
      }
      let lazy = false;
      if (this.peek() === '?') {
        lazy = true;
        this.pos++;
      }
      if (this.peek() === '+') throw new Re2Error(`bad repetition operator: ${q}+`);
      // `(?U)` swaps greedy and lazy.
      if (this.flags.U) lazy = !lazy;
      out += q + (lazy ? '?' : '');
      quantifiers++;
    }
    return out;
  }

  /** An escape outside (`inClass` false) or inside a character class; returns JS source. */
  private escape(inClass: boolean): string {
    this.pos++; // backslash
    const c = this.peek();
    if (c === '') throw new Re2Error('trailing \\');
    this.pos++;
    if (c >= '1' && c <= '7' && !/[0-7]/.test(this.peek())) throw new Re2Error(`invalid escape sequence: \\${c} (RE2 does not support backreferences)`);
    if (c === '8' || c === '9') throw new Re2Error(`invalid escape sequence: \\${c}`);
    if (c >= '0' && c <= '7') {
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(this.peek())) digits += this.src.charAt(this.pos++);
      return this.literalIn(parseInt(digits, 8), inClass);
    }
    const perl = PERL_CLASSES[c.toLowerCase()];
    if (perl !== undefined && 'dswDSW'.includes(c)) {
      if (c === c.toLowerCase()) return inClass ? perl : `[${perl}]`;
      if (inClass) throw new Re2Error(`negated class \\${c} inside [...] is not translated offline`);
      return `[^${perl}]`;
    }
    if (c === 'p' || c === 'P') return this.unicodeClass(c === 'P');
    if (c === 'x') {
      const braced = /^\{([0-9A-Fa-f]{1,8})\}/.exec(this.src.slice(this.pos));
      const plain = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.pos));
      const m = braced ?? plain;
      if (!m) throw new Re2Error('invalid escape sequence: \\x');
      this.pos += m[0].length;
      const cp = parseInt(braced ? (braced[1] ?? '') : m[0], 16);
      if (cp > 0x10ffff) throw new Re2Error('invalid escape sequence: \\x{...} out of range');
      return this.literalIn(cp, inClass);
    }
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return this.literalIn(simple, inClass);
    if (!inClass) {
      if (c === 'A') return '^';
      if (c === 'z') return '$';
      if (c === 'b') return '\\b';
      if (c === 'B') return '\\B';
      if (c === 'C') return '[\\s\\S]';
      if (c === 'Q') {
        const end = this.src.indexOf('\\E', this.pos);
        const text = end < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, end);
        this.pos = end < 0 ? this.src.length : end + 2;
        return [...text].map((ch) => `(?:${this.literal(ch.codePointAt(0) ?? 0)})`).join('');
      }
    }
    if (/[A-Za-z0-9_]/.test(c)) throw new Re2Error(`invalid escape sequence: \\${c}`);
    const cp = this.src.codePointAt(this.pos - 1) ?? 0;
    if (cp > 0xffff) this.pos++;
    return this.literalIn(cp, inClass);
  }

  private literalIn(cp: number, inClass: boolean): string {
    if (!inClass) return this.literal(cp);
    return this.flags.i ? caseVariants(cp).map(hex).join('') : hex(cp);
  }

  private unicodeClass(negated: boolean): string {
    let name: string;
    if (this.peek() === '{') {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) throw new Re2Error('invalid character class range: missing }');
      name = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
    } else {
      name = this.peek();
      this.pos++;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    if (name === 'Any') return negated ? '[^\\s\\S]' : '[\\s\\S]';
    if (!/^[A-Za-z_]+$/.test(name)) throw new Re2Error(`invalid character class range: \\p{${name}}`);
    const body = GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
    const js = `\\${negated ? 'P' : 'p'}{${body}}`;
    try {
      new RegExp(js, 'u');
    } catch {
      throw new Re2Error(`invalid character class range: \\p{${name}}`);
    }
    return js;
  }

  private charClass(): string {
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let body = '';
    let first = true;
    while (this.pos < this.src.length && (this.peek() !== ']' || first)) {
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos));
      if (posix) {
        const members = POSIX_CLASSES[posix[2] ?? ''];
        if (members === undefined) throw new Re2Error(`invalid character class range: ${posix[0]}`);
        if (posix[1]) throw new Re2Error(`negated POSIX class ${posix[0]} inside [...] is not translated offline`);
        body += members;
        this.pos += posix[0].length;
        continue;
      }
      const low = this.classChar();
      if (low.kind === 'set') {
        body += low.source;
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.pos++;
        const high = this.classChar();
        if (high.kind === 'set') throw new Re2Error('invalid character class range');
        if (high.cp < low.cp) throw new Re2Error(`invalid character class range: ${String.fromCodePoint(low.cp)}-${String.fromCodePoint(high.cp)}`);
        body += this.range(low.cp, high.cp);
      } else body += this.flags.i ? caseVariants(low.cp).map(hex).join('') : hex(low.cp);
    }
    if (this.peek() !== ']') throw new Re2Error('missing closing ]');
    this.pos++;
    return `[${negated ? '^' : ''}${body}]`;
  }

  private range(low: number, high: number): string {
    let out = `${hex(low)}-${hex(high)}`;
    // Case folding of a range: add the other case of each member (ranges of letters are small in practice).
    if (this.flags.i && high - low < 2000) {
      const extra = new Set<number>();
      for (let cp = low; cp <= high; cp++) for (const v of caseVariants(cp)) if (v < low || v > high) extra.add(v);
      out += [...extra].map(hex).join('');
    }
    return out;
  }

  private classChar(): { kind: 'char'; cp: number } | { kind: 'set'; source: string } {
    if (this.peek() === '\\') {
      const next = this.peek(1);
      if ('dswDSWpP'.includes(next) && next !== '') return { kind: 'set', source: this.escape(true) };
      const before = this.pos;
      const source = this.escape(true);
      // Single-character escapes come back as `\u{..}` (possibly with case variants); re-read the code point.
      const m = /^\\u\{([0-9a-f]+)\}/.exec(source);
      if (!m) throw new Re2Error(`invalid escape in character class at ${before}`);
      return { kind: 'char', cp: parseInt(m[1] ?? '0', 16) };
    }
    const cp = this.src.codePointAt(this.pos) ?? 0;
    this.pos += cp > 0xffff ? 2 : 1;
    return { kind: 'char', cp };
  }
}
