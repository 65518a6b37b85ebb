import type { Position, Range } from '../../diagnostic';
import type { PathSegment } from '../model/ciNode';

/**
 * What the user is typing at a cursor, worked out from the text's indentation rather than a
 * parse tree: while a line is half typed the YAML is often invalid, and completion must still
 * know it sits under `build:` > `artifacts:`. List items appear in paths as index 0 (the index
 * never matters to what may be typed there).
 */
export type CursorContext =
  | { readonly kind: 'key'; readonly parentPath: readonly PathSegment[]; readonly prefix: string; readonly replace: Range; readonly listItem: boolean }
  | { readonly kind: 'value'; readonly path: readonly PathSegment[]; readonly prefix: string; readonly replace: Range; readonly listItem: boolean }
  | { readonly kind: 'variable'; readonly path: readonly PathSegment[]; readonly prefix: string; readonly replace: Range; readonly braced: boolean }
  | { readonly kind: 'reference'; readonly segments: readonly string[]; readonly prefix: string; readonly replace: Range }
  | { readonly kind: 'none' };

interface LineShape {
  /** Column of a leading `- `, when the line starts a list item. */
  readonly dash?: number;
  /** Column and text of the key, when the line holds `key:`. */
  readonly key?: { readonly column: number; readonly name: string; readonly hasValue: boolean };
  /** Column of the first significant character. */
  readonly indent: number;
}

/** A plain key: may hold `:` when no space follows (job names like `test:unit`), never starts a comment or flow. */
const KEY = String.raw`(?:[^\s#:"'[\]{},&*!|>]|:(?=\S))(?:[^#:]|:(?=\S))*?`;
/** Indent, optional `- `, a plain or quoted key, the colon, and the rest of the line. */
const KEY_LINE = new RegExp(String.raw`^(\s*)((?:-\s+)?)(?:"([^"]*)"|'([^']*)'|(${KEY})):(?:\s+(.*))?$`);
const KEY_BEFORE_VALUE = new RegExp(String.raw`^(\s*)((?:-\s+)?)(?:"([^"]*)"|'([^']*)'|(${KEY})):\s+(.*)$`);
const MAX_LINES_UP = 2000;

/** Finds the completion context at `position` in `text`. */
export function cursorContext(text: string, position: Position): CursorContext {
  const lines = text.split(/\r?\n/);
  const line = lines[position.line] ?? '';
  const before = line.slice(0, position.character);

  const variable = /\$(\{?)([A-Za-z0-9_]*)$/.exec(before);
  if (variable && !/\$\$[A-Za-z0-9_{]*$/.test(before)) {
    const braced = variable[1] === '{';
    const prefix = variable[2] ?? '';
    const start = position.character - prefix.length - (braced ? 2 : 1);
    return { kind: 'variable', path: valuePath(lines, position.line, before), prefix, replace: span(position.line, start, position.character), braced };
  }

  const reference = /!reference\s*\[([^\]]*)$/.exec(before);
  if (reference) {
    const parts = (reference[1] ?? '').split(',');
    const prefix = (parts.pop() ?? '').trim().replace(/^["']/, '');
    const segments = parts.map((p) => p.trim().replace(/^["']|["']$/g, ''));
    return { kind: 'reference', segments, prefix, replace: span(position.line, position.character - prefix.length, position.character) };
  }

  const valueMatch = KEY_BEFORE_VALUE.exec(before);
  if (valueMatch && !/^\s*#/.test(before)) {
    const indent = (valueMatch[1] ?? '').length;
    const dash = valueMatch[2] ? indent : undefined;
    const keyColumn = indent + (valueMatch[2] ?? '').length;
    const key = valueMatch[3] ?? valueMatch[4] ?? valueMatch[5] ?? '';
    const raw = valueMatch[6] ?? '';
    const parent = parentPath(lines, position.line, keyColumn, dash);
    const flow = /[[,]\s*([^[,\]]*)$/.exec(raw);
    const prefix = (flow ? (flow[1] ?? '') : raw).replace(/^["']/, '');
    return {
      kind: 'value', path: [...parent, key], prefix, listItem: flow !== null,
      replace: span(position.line, position.character - prefix.length, position.character),
    };
  }

  const keyMatch = /^(\s*)((?:-\s+)?)([^\s:#"'[\]{},]*)$/.exec(before);
  if (keyMatch) {
    const indent = (keyMatch[1] ?? '').length;
    const hasDash = (keyMatch[2] ?? '') !== '';
    const column = indent + (keyMatch[2] ?? '').length;
    const prefix = keyMatch[3] ?? '';
    const parent = hasDash ? [...parentPath(lines, position.line, indent, undefined, true), 0] : parentPath(lines, position.line, column, undefined);
    return { kind: 'key', parentPath: parent, prefix, listItem: hasDash, replace: span(position.line, position.character - prefix.length, position.character) };
  }
  return { kind: 'none' };
}

/** The path of the value being typed on a `key: value` line (used for variables in scripts and values). */
function valuePath(lines: readonly string[], lineIndex: number, before: string): PathSegment[] {
  const m = KEY_BEFORE_VALUE.exec(before);
  if (m) {
    const indent = (m[1] ?? '').length;
    const column = indent + (m[2] ?? '').length;
    return [...parentPath(lines, lineIndex, column, m[2] ? indent : undefined), m[3] ?? m[4] ?? m[5] ?? ''];
  }
  const indent = /^\s*/.exec(before)?.[0].length ?? 0;
  const dash = /^\s*-\s/.test(before);
  return dash ? [...parentPath(lines, lineIndex, indent, undefined, true), 0] : parentPath(lines, lineIndex, indent, undefined);
}

/**
 * The path of the mapping that holds a key at `column` on line `lineIndex`. `dash` is the column
 * of a `- ` on that same line (the key then sits in a list item); `isItem` says the thing at
 * `column` is itself a list item (`- ...`), whose parent may be a key at the same column.
 */
function parentPath(lines: readonly string[], lineIndex: number, column: number, dash: number | undefined, isItem = false): PathSegment[] {
  const path: PathSegment[] = [];
  let cur = column;
  let item = isItem;
  if (dash !== undefined) {
    path.unshift(0);
    cur = dash;
    item = true;
  }
  for (let i = lineIndex - 1; i >= 0 && i >= lineIndex - MAX_LINES_UP && cur > 0; i--) {
    const shape = lineShape(lines[i] ?? '');
    if (!shape) continue;
    const { key } = shape;
    if (key && (key.column < cur || (item && key.column === cur && !key.hasValue && shape.dash === undefined))) {
      path.unshift(key.name);
      if (shape.dash !== undefined) {
        path.unshift(0);
        cur = shape.dash;
        item = true;
      } else {
        cur = key.column;
        item = false;
      }
    } else if (shape.dash !== undefined && shape.dash < cur) {
      // `- key: ...` with our line's key at the same column as `key`: siblings in one list item.
      path.unshift(0);
      cur = shape.dash;
      item = true;
    } else if (shape.indent < cur && !key && shape.dash === undefined) {
      // A less indented line that is neither a key nor an item: a multi-line scalar we are inside of.
      continue;
    }
  }
  return path;
}

function lineShape(line: string): LineShape | undefined {
  if (!line.trim() || /^\s*#/.test(line) || /^(---|\.\.\.)\s*$/.test(line)) return undefined;
  const indent = /^\s*/.exec(line)?.[0].length ?? 0;
  const m = KEY_LINE.exec(line);
  if (m) {
    const dashText = m[2] ?? '';
    const lead = (m[1] ?? '').length;
    const name = (m[3] ?? m[4] ?? m[5] ?? '').trim();
    if (name) {
      const value = (m[6] ?? '').trim();
      return {
        indent,
        ...(dashText ? { dash: lead } : {}),
        key: { column: lead + dashText.length, name, hasValue: value !== '' && !value.startsWith('#') && !/^[&!]\S*$/.test(value) },
      };
    }
  }
  const dash = /^(\s*)-(\s|$)/.exec(line);
  return dash ? { indent, dash: (dash[1] ?? '').length } : { indent };
}

function span(line: number, start: number, end: number): Range {
  return { start: { line, character: Math.max(0, start) }, end: { line, character: end } };
}
