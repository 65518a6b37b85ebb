/**
 * C0 and C1 control characters, DEL, and the Unicode bidirectional overrides: printed raw, they move
 * the cursor, recolour or retitle a terminal, or reorder what a CI log shows.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character written as an escape (`\x1b`, `\u202e`), newlines included. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, escapeOne);
}

/** {@link escapeControls} for multi-line output: line breaks stay, everything else is escaped. */
export function escapeControlsInLines(text: string): string {
  return text.replace(CONTROLS_BUT_NEWLINE, escapeOne);
}

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
