/**
 * C0 and C1 control characters, DEL, and the Unicode bidirectional marks and overrides: printed raw,
 * they move the cursor, recolour or retitle a terminal, or reorder what a CI log shows.
 */
function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** `text` with every control character written as an escape (`\x1b`, `\u202e`), newlines included. */
export function escapeControls(text: string): string {
  return escape(text, false);
}

/** {@link escapeControls} for multi-line output: line breaks stay, everything else is escaped. */
export function escapeControlsInLines(text: string): string {
  return escape(text, true);
}

function escape(text: string, keepNewlines: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code) || (keepNewlines && code === 0x0a)) continue;
    out += text.slice(from, i) + (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
