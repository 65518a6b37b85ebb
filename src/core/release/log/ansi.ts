/**
 * ANSI colour codes (SGR) as runners print them, turned into styled spans. The 16 basic
 * colours map to the editor theme's terminal colours (`terminal.ansiRed`...), so a log looks
 * like the integrated terminal; 256-colour codes become fixed hex colours and true-colour codes
 * the nearest of those, so a log cannot ask for more than a bounded palette. Other escape
 * sequences (erase line, cursor moves, titles, hyperlinks, clipboard writes) and control
 * characters carry nothing a log reader needs and go, in one linear pass per line.
 */

export interface TextStyle {
  /** A theme colour name (`ansiRed`, `ansiBrightBlue`) or `#rrggbb`. */
  readonly fg?: string;
  readonly bg?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
}

export interface StyledSpan {
  /** Zero-based columns in the visible text. */
  readonly start: number;
  readonly end: number;
  readonly style: TextStyle;
}

const BASIC = ['Black', 'Red', 'Green', 'Yellow', 'Blue', 'Magenta', 'Cyan', 'White'] as const;

function basic(index: number, bright: boolean): string {
  return `ansi${bright ? 'Bright' : ''}${BASIC[index] ?? 'White'}`;
}

const hex = (n: number): string => Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');

/** xterm's 256-colour palette beyond the 16 basic ones. */
function palette(n: number): string {
  if (n < 8) return basic(n, false);
  if (n < 16) return basic(n - 8, true);
  if (n < 232) {
    const c = n - 16;
    const level = (v: number): number => (v === 0 ? 0 : 55 + v * 40);
    return `#${hex(level(Math.floor(c / 36)))}${hex(level(Math.floor(c / 6) % 6))}${hex(level(c % 6))}`;
  }
  const grey = 8 + (n - 232) * 10;
  return `#${hex(grey)}${hex(grey)}${hex(grey)}`;
}

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;

/** The cube level nearest to one 0-255 channel value. */
function cubeIndex(value: number): number {
  let best = 0;
  for (let i = 1; i < CUBE_LEVELS.length; i++) if (Math.abs(CUBE_LEVELS[i]! - value) < Math.abs(CUBE_LEVELS[best]! - value)) best = i;
  return best;
}

/**
 * A 24-bit colour as the nearest of xterm's 240 fixed colours (6x6x6 cube or grey ramp). A log
 * can print millions of distinct true colours; each distinct colour costs an editor decoration
 * type, so they are folded into a palette the eye cannot tell apart at log-reading size.
 */
export function nearestPaletteColour(r: number, g: number, b: number): string {
  const clamp = (v: number): number => Math.max(0, Math.min(255, Number.isFinite(v) ? v : 0));
  const target: readonly [number, number, number] = [clamp(r), clamp(g), clamp(b)];
  const cube = target.map((v) => CUBE_LEVELS[cubeIndex(v)] ?? 0);
  const greyStep = Math.max(0, Math.min(23, Math.round(((target[0] + target[1] + target[2]) / 3 - 8) / 10)));
  const grey = 8 + greyStep * 10;
  const distance = (c: readonly number[]): number => c.reduce((sum, v, i) => sum + (v - (target[i] ?? 0)) ** 2, 0);
  const chosen = distance([grey, grey, grey]) < distance(cube) ? [grey, grey, grey] : cube;
  return `#${chosen.map(hex).join('')}`;
}

type MutableStyle = { -readonly [K in keyof TextStyle]: TextStyle[K] };

/** Applies one SGR parameter list (`1;31`) to a style. */
export function applySgr(style: TextStyle, params: string): TextStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let next: MutableStyle = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) { delete next.bold; delete next.dim; }
    else if (code === 23) delete next.italic;
    else if (code === 24) delete next.underline;
    else if (code >= 30 && code <= 37) next.fg = basic(code - 30, false);
    else if (code === 39) delete next.fg;
    else if (code >= 40 && code <= 47) next.bg = basic(code - 40, false);
    else if (code === 49) delete next.bg;
    else if (code >= 90 && code <= 97) next.fg = basic(code - 90, true);
    else if (code >= 100 && code <= 107) next.bg = basic(code - 100, true);
    else if (code === 38 || code === 48) {
      const target = code === 38 ? 'fg' : 'bg';
      if (codes[i + 1] === 5 && codes[i + 2] !== undefined) {
        next[target] = palette(codes[i + 2]!);
        i += 2;
      } else if (codes[i + 1] === 2 && codes[i + 4] !== undefined) {
        next[target] = nearestPaletteColour(codes[i + 2]!, codes[i + 3]!, codes[i + 4]!);
        i += 4;
      }
    }
  }
  return next;
}

export function isPlain(style: TextStyle): boolean {
  return Object.keys(style).length === 0;
}

/** A stable name for a style, e.g. `fg=ansiRed;b`: one editor decoration per distinct name. */
export function styleKey(style: TextStyle): string {
  return [
    style.fg ? `fg=${style.fg}` : '', style.bg ? `bg=${style.bg}` : '',
    style.bold ? 'b' : '', style.dim ? 'd' : '', style.italic ? 'i' : '', style.underline ? 'u' : '',
  ].filter(Boolean).join(';');
}

/** The escape character, built rather than written so no control character sits in a regex literal. */
export const ESC = String.fromCharCode(27);

const ESC_CODE = 0x1b;
const BEL = 0x07;
const TAB = 0x09;
const DEL = 0x7f;
/** C1 controls (U+0080..U+009F): 8-bit forms of ESC sequences that some programs print. */
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
const C1_STRINGS: ReadonlySet<number> = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]); // DCS, SOS, OSC, PM, APC
/** ESC followed by one of these opens a string (DCS P, SOS X, OSC ], PM ^, APC _) that runs to ST or BEL. */
const ESC_STRINGS = new Set(['P', 'X', ']', '^', '_']);
/** ESC followed by one of these takes one more character (charset selection `ESC ( B`, `ESC # 8`...). */
const ESC_TWO = new Set(['(', ')', '*', '+', '-', '.', '/', '#', '%', ' ']);

const isControl = (c: number): boolean => (c < 0x20 && c !== TAB) || c === DEL || (c >= 0x80 && c <= 0x9f);

/**
 * Where the string sequence starting its payload at `from` ends (after its ST or BEL). One
 * forward scan: an unterminated string swallows the rest of the line, as in a terminal,
 * and is never scanned again.
 */
function endOfString(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === BEL || c === C1_ST) return i + 1;
    if (c === ESC_CODE && line.charCodeAt(i + 1) === 0x5c) return i + 2; // ESC \ (ST)
  }
  return line.length;
}

/** A CSI sequence from its parameters at `from`: returns where it ends and its SGR parameters when it is one. */
function endOfCsi(line: string, from: number): { end: number; sgr?: string } {
  let i = from;
  while (i < line.length && line.charCodeAt(i) >= 0x30 && line.charCodeAt(i) <= 0x3f) i++;
  const paramsEnd = i;
  while (i < line.length && line.charCodeAt(i) >= 0x20 && line.charCodeAt(i) <= 0x2f) i++;
  const final = line.charCodeAt(i);
  // A malformed sequence ends where it stops making sense; what follows is shown.
  if (!(final >= 0x40 && final <= 0x7e)) return { end: i };
  const sgr = final === 0x6d && i === paramsEnd ? line.slice(from, paramsEnd) : undefined;
  return sgr !== undefined && /^[0-9;:]*$/.test(sgr) ? { end: i + 1, sgr } : { end: i + 1 };
}

/** Where the control sequence at `at` ends; `sgr` carries a colour change to apply. */
function endOfControl(line: string, at: number): { end: number; sgr?: string } {
  const c = line.charCodeAt(at);
  if (c === ESC_CODE) {
    const next = line[at + 1];
    if (next === undefined) return { end: at + 1 };
    if (next === '[') return endOfCsi(line, at + 2);
    if (ESC_STRINGS.has(next)) return { end: endOfString(line, at + 2) };
    if (ESC_TWO.has(next)) return { end: Math.min(line.length, at + 3) };
    const code = next.charCodeAt(0);
    return { end: code >= 0x30 && code <= 0x7e ? at + 2 : at + 1 };
  }
  if (c === C1_CSI) return endOfCsi(line, at + 1);
  if (C1_STRINGS.has(c)) return { end: endOfString(line, at + 1) };
  return { end: at + 1 };
}

/**
 * Walks one line once: `text` gets each run of visible characters, `sgr` each colour change.
 * Everything else a terminal would act on goes: cursor and erase sequences, titles, OSC 8
 * hyperlinks (their text stays), OSC 52 clipboard writes, DCS/APC strings, C1 and C0 controls
 * (tabs stay). No regular expression backtracks here: time is linear in the line.
 */
function scanAnsi(line: string, text: (start: number, end: number) => void, sgr: (params: string) => void): void {
  let run = 0;
  let i = 0;
  while (i < line.length) {
    if (!isControl(line.charCodeAt(i))) {
      i++;
      continue;
    }
    if (i > run) text(run, i);
    const control = endOfControl(line, i);
    if (control.sgr !== undefined) sgr(control.sgr);
    i = control.end;
    run = i;
  }
  if (line.length > run) text(run, line.length);
}

/** The visible text of a line: every escape sequence and control character removed. */
export function stripAnsi(line: string): string {
  // Most lines carry no control character at all: no copy then.
  let plain = true;
  for (let i = 0; i < line.length && plain; i++) plain = !isControl(line.charCodeAt(i));
  if (plain) return line;
  const parts: string[] = [];
  scanAnsi(line, (start, end) => parts.push(line.slice(start, end)), () => undefined);
  return parts.join('');
}

/**
 * Splits one line into visible text and styled spans, starting from `style` (colours run on
 * across lines, as in a terminal). Returns the style in force at the end of the line.
 */
export function renderAnsiLine(line: string, style: TextStyle): { text: string; spans: StyledSpan[]; style: TextStyle } {
  const parts: string[] = [];
  let length = 0;
  const spans: StyledSpan[] = [];
  let current = style;
  let currentKey = styleKey(style);
  let lastKey = '';
  scanAnsi(line, (start, end) => {
    const from = length;
    parts.push(line.slice(start, end));
    length += end - start;
    if (currentKey === '') return;
    const previous = spans[spans.length - 1];
    if (previous && previous.end === from && lastKey === currentKey) spans[spans.length - 1] = { ...previous, end: length };
    else spans.push({ start: from, end: length, style: current });
    lastKey = currentKey;
  }, (params) => {
    current = applySgr(current, params);
    currentKey = styleKey(current);
  });
  return { text: parts.join(''), spans, style: current };
}

/**
 * Which styles get an editor decoration type of their own: at most `max` distinct ones per
 * document, each type a resource until the document closes. Past the budget a style falls
 * back to its foreground colour alone if that one has a type, else it is shown plain.
 */
export class StyleBudget {
  private readonly keys = new Set<string>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.keys.size;
  }

  /** The style to draw for `style`, or undefined to draw it plain. */
  admit(style: TextStyle): TextStyle | undefined {
    const key = styleKey(style);
    if (key === '' || this.keys.has(key)) return key === '' ? undefined : style;
    if (this.keys.size < this.max) {
      this.keys.add(key);
      return style;
    }
    const fg: TextStyle | undefined = style.fg ? { fg: style.fg } : undefined;
    return fg && this.keys.has(styleKey(fg)) ? fg : undefined;
  }
}
