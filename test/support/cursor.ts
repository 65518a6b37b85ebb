import type { Position } from '../../src/core/diagnostic';

/** The cursor marker in fixture text (`|` alone would clash with YAML block scalars). */
export const CURSOR = '<|>';

/** Splits fixture text into the text without the marker and the marker's zero-based position. */
export function withCursor(source: string): { text: string; position: Position } {
  const index = source.indexOf(CURSOR);
  if (index < 0) throw new Error(`fixture has no cursor marker ${CURSOR}`);
  const text = source.slice(0, index) + source.slice(index + CURSOR.length);
  const lines = source.slice(0, index).split('\n');
  return { text, position: { line: lines.length - 1, character: (lines[lines.length - 1] ?? '').length } };
}
