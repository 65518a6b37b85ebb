import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/** The block that makes an existing root CI file include the scaffolded one. */
export function includeSnippet(localPath: string): string {
  return `include:\n  - local: '${localPath}'\n`;
}

/**
 * `text` (an existing root CI file) with `localPath` added to its includes, or `undefined` when
 * the file's `include:` has a shape this cannot edit without reformatting it (then show
 * {@link includeSnippet} and let the person place it). Comments and layout are kept.
 */
export function addIncludeToCiFile(text: string, localPath: string): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const item = `- local: '${localPath}'`;
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) return undefined;
  const pair = contents?.items.find((p) => isScalar(p.key) && p.key.value === 'include');
  if (!pair) return `${includeSnippet(localPath)}\n${text}`;
  const value = pair.value;
  if (isSeq(value) && !value.flow && value.range) {
    const first = value.items[0];
    if (!first || !('range' in first) || !first.range) return undefined;
    const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
    const indent = text.slice(lineStart, first.range[0]).replace(/-\s*$/, '');
    if (!/^ *$/.test(indent)) return undefined;
    const end = value.range[1];
    const before = text.slice(0, end);
    const sep = before.endsWith('\n') ? '' : '\n';
    return `${before}${sep}${indent}${item}\n${text.slice(end)}`;
  }
  if (isScalar(value) && typeof value.value === 'string' && value.range && !text.slice(value.range[0], value.range[1]).includes('\n')) {
    // `include: path/to/file.yml` becomes a list of both.
    const keyEnd = isScalar(pair.key) && pair.key.range ? pair.key.range[1] : -1;
    if (keyEnd < 0) return undefined;
    const existing = text.slice(value.range[0], value.range[1]);
    return `${text.slice(0, keyEnd)}:\n  - ${existing}\n  ${item}${text.slice(value.range[1])}`;
  }
  return undefined;
}
