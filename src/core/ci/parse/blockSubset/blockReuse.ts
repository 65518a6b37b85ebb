import type { Diagnostic, Position } from '../../../diagnostic';
import type { CiNode, SourceLoc } from '../../model/ciNode';
import type { AliasSite, AnchorSite } from '../yamlToNode';
import { mayHaveAliases } from './lineTable';

/** A map key as written: the `<<` merge marker or a key's text. */
export interface Key {
  readonly merge: boolean;
  readonly text: string;
  readonly loc: SourceLoc;
  /** Column just after the `:` indicator. */
  readonly valueCol: number;
}

export interface AnchorEntry {
  readonly node: CiNode;
  readonly site: AnchorSite;
}

/** What reading a value did to the anchor table, in order. */
export type AnchorEvent =
  | { readonly kind: 'anchor'; readonly name: string; readonly entry: AnchorEntry; readonly size: number | undefined }
  | { readonly kind: 'alias'; readonly name: string; readonly site: AliasSite; readonly target: AnchorEntry };

/** One top-level entry as read: its key, its value, and every side effect of reading it. */
export interface BlockRecord {
  readonly endLine: number;
  readonly key: Key;
  readonly value: CiNode;
  readonly events: readonly AnchorEvent[];
  readonly diagnostics: readonly Diagnostic[];
  readonly expanded: number;
  readonly last: number;
  readonly lastEmpty: boolean;
  readonly emptyAt: Position;
  /** Whether a collection in the value kept the comments after its last line; undefined when none looked at them. */
  readonly trail: boolean | undefined;
}

/** The top-level entries of a file read by the block-subset reader, by the line their key is on. */
export interface BlockRecords {
  readonly text: string;
  /** Whether node sizes were kept (the text has aliases): records only carry over between equal settings. */
  readonly trackSizes: boolean;
  readonly starts: readonly number[];
  readonly blocks: ReadonlyMap<number, BlockRecord>;
}

/**
 * The record for the top-level entry on `line` when the previous version of the file had exactly
 * the same text on exactly the same lines (from the key up to the next top-level line, which must
 * still end the entry), so reading it again would give the same nodes with the same positions.
 */
export function unchangedBlock(previous: BlockRecords | undefined, text: string, starts: readonly number[], line: number, endsEntry: (line: number) => boolean): BlockRecord | undefined {
  const record = previous?.blocks.get(line);
  if (!previous || !record || previous.trackSizes !== mayHaveAliases(text)) return undefined;
  const endLine = record.endLine;
  const atEnd = endLine >= starts.length;
  if (atEnd !== endLine >= previous.starts.length || (!atEnd && !endsEntry(endLine))) return undefined;
  const from = starts[line];
  const prevFrom = previous.starts[line];
  if (from === undefined || prevFrom === undefined) return undefined;
  const to = atEnd ? text.length : (starts[endLine] ?? text.length);
  const prevTo = atEnd ? previous.text.length : (previous.starts[endLine] ?? previous.text.length);
  if (to - from !== prevTo - prevFrom) return undefined;
  return text.slice(from, to) === previous.text.slice(prevFrom, prevTo) ? record : undefined;
}
