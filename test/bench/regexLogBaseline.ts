/**
 * The regular-expression passes the log renderer and the canary log counter used before
 * issue 10, kept only as the benchmark's baseline: `(\r+$)` and `ESC ] [^BEL]* BEL` backtrack
 * over the whole line at every candidate position, so their time grows with the square of a
 * line's length.
 */
const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const ESCAPES = new RegExp(`${ESC}\\[([0-9;:?]*)([A-Za-z])|${ESC}[()][A-Za-z0-9]|${ESC}[=>]`, 'g');
const MARKER = new RegExp(`section_(start|end):(\\d+):([A-Za-z0-9_.-]+)(\\[[^\\]]*\\])?\\r?(?:${ESC}\\[0?K)*`, 'g');
const ANSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}\\][^${BEL}]*${BEL}`, 'g');
const SECTION = /section_(?:start|end):\d+:[^\r\n]*?\r/g;

/** One line through the old renderer's passes: markers, carriage-return overwrite, escapes. */
export function baselineRenderLine(raw: string): string {
  let visible = '';
  let last = 0;
  for (const match of raw.matchAll(MARKER)) {
    visible += raw.slice(last, match.index);
    last = match.index + match[0].length;
  }
  const trimmed = (visible + raw.slice(last)).replace(/\r+$/, '');
  const cut = trimmed.lastIndexOf('\r');
  const line = cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
  let text = '';
  let from = 0;
  for (const match of line.matchAll(ESCAPES)) {
    text += line.slice(from, match.index);
    from = match.index + match[0].length;
  }
  return text + line.slice(from);
}

/** One line through the old counter's passes: sections, then escapes (twice, as it did). */
export function baselineCountLine(raw: string): string {
  const line = raw.replace(SECTION, '');
  line.replace(ANSI, '');
  return line.replace(ANSI, '');
}
