/**
 * ANSI colour codes (SGR) as runners print them, turned into styled spans. The 16 basic
 * colours map to the editor theme's terminal colours (`terminal.ansiRed`...), so a log looks
 * like the integrated terminal; 256-colour and true-colour codes become fixed hex colours.
 * Other escape sequences (erase line, cursor moves) carry nothing a log reader needs and go.
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
        next[target] = `#${hex(codes[i + 2]!)}${hex(codes[i + 3]!)}${hex(codes[i + 4]!)}`;
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
const ESCAPES = new RegExp(`${ESC}\\[([0-9;:?]*)([A-Za-z])|${ESC}[()][A-Za-z0-9]|${ESC}[=>]`, 'g');

/**
 * Splits one line into visible text and styled spans, starting from `style` (colours run on
 * across lines, as in a terminal). Returns the style in force at the end of the line.
 */
export function renderAnsiLine(line: string, style: TextStyle): { text: string; spans: StyledSpan[]; style: TextStyle } {
  let text = '';
  const spans: StyledSpan[] = [];
  let current = style;
  let last = 0;
  const emit = (chunk: string): void => {
    if (!chunk) return;
    const start = text.length;
    text += chunk;
    if (!isPlain(current)) {
      const previous = spans[spans.length - 1];
      if (previous && previous.end === start && styleKey(previous.style) === styleKey(current)) spans[spans.length - 1] = { ...previous, end: text.length };
      else spans.push({ start, end: text.length, style: current });
    }
  };
  for (const match of line.matchAll(ESCAPES)) {
    emit(line.slice(last, match.index));
    if (match[2] === 'm') current = applySgr(current, match[1] ?? '');
    last = match.index + match[0].length;
  }
  emit(line.slice(last));
  return { text, spans, style: current };
}
