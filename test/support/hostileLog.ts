/**
 * Log lines a job can print to hurt a reader: one huge line full of OSC 8 hyperlinks (ended by
 * ST, which a `[^BEL]*` pattern scans past to the end of the line), clipboard writes, titles,
 * C1 controls, bare carriage-return runs and unterminated section markers. Each builder returns
 * the raw line and the text a reader must see. Shared by the unit tests and `npm run bench`.
 */
const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const ST = `${ESC}\\`;
const C1_CSI = String.fromCharCode(0x9b);
const C1_OSC = String.fromCharCode(0x9d);
const C1_ST = String.fromCharCode(0x9c);
const NEL = String.fromCharCode(0x85);

export interface HostileLine {
  readonly raw: string;
  readonly visible: string;
}

/** About `size` characters of escapes and link text, in repeating units. */
export function hostileLine(size: number): HostileLine {
  const units: HostileLine[] = [
    { raw: `${ESC}]8;;https://example.com/a${ST}link${ESC}]8;;${ST} `, visible: 'link ' },
    { raw: `${ESC}]52;c;c2VjcmV0${BEL}`, visible: '' },
    { raw: `${ESC}]0;title${BEL}${ESC}]2;other title${ST}`, visible: '' },
    { raw: `${C1_CSI}31mred${C1_CSI}0m${C1_OSC}8;;x${C1_ST}${NEL}`, visible: 'red' },
    { raw: `${ESC}[38;2;12;34;56mtc${ESC}[0m${ESC}[2K${ESC}(B`, visible: 'tc' },
    { raw: `${ESC}P1$r0m${ST}${ESC}_apc${ST}ok `, visible: 'ok ' },
    { raw: 'section_start:12:', visible: 'section_start:12:' },
  ];
  let raw = '';
  let visible = '';
  for (let i = 0; raw.length < size; i++) {
    const unit = units[i % units.length]!;
    raw += unit.raw;
    visible += unit.visible;
  }
  return { raw, visible };
}

/** A line of ST-terminated OSC 8 links only: what blocked the canary check for 15 s. */
export function linkLine(size: number): HostileLine {
  const unit = `${ESC}]8;;https://example.com/x${ST}x${ESC}]8;;${ST}`;
  const count = Math.ceil(size / unit.length);
  return { raw: unit.repeat(count), visible: 'x'.repeat(count) };
}

/** A run of carriage returns, then text: `\r+$`-style patterns go quadratic on it. */
export function carriageReturnLine(size: number): HostileLine {
  return { raw: `${'\r'.repeat(size)}done`, visible: 'done' };
}
