/**
 * Text from a CI file or from GitLab put into Markdown (hovers) must stay text: a job name
 * with a backtick must not close its code span, and a variable description must not turn
 * into links, images or HTML.
 */

/** `text` as an inline code span, fenced with more backticks than it contains in a row. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** `text` as plain Markdown text: every character with a Markdown meaning is escaped. */
export function plainText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`);
}
