import type { Position } from '../../../diagnostic';
import type { CiMapEntry, CiNode } from '../../model/ciNode';
import { mapNode, scalarNode, seqNode } from '../../model/ciNode';
import type { AnchorSite } from '../yamlToNode';
import { MAX_ALIAS_EXPANSION } from '../yamlToNode';
import type { LineTable } from './lineTable';
import { unsupported } from './lineTable';
import type { PlainResolver } from './scalars';
import { readBlockScalar, readQuoted } from './scalars';
import type { AnchorEntry, BlockRecord, BlockRecords, Key } from './blockReuse';
import type { ExplicitKeys } from './nodeReader';
import { COLON, DASH, DEPTH_LIMIT, INDICATORS, NodeReader, SPACE } from './nodeReader';
import { unchangedBlock } from './blockReuse';

/**
 * Reads the block-style YAML that CI files are made of straight into a {@link CiNode} tree, with the
 * same values, ranges, anchors and diagnostics as composing with the yaml package and converting.
 * Anything outside that subset (or any syntax problem) throws {@link unsupported}, and the caller
 * falls back to the composed path, which owns every error message.
 */
export class BlockParser extends NodeReader {
  /** Top-level entries read so far, for the next version of this file to reuse. */
  readonly blocks = new Map<number, BlockRecord>();
  /** Last line covered by the node read most recently. */
  private last = 0;
  /** Whether that node was an empty value (nothing after its key or dash). */
  private lastEmpty = false;
  /** Where that empty value sits. */
  private emptyAt: Position = { line: 0, character: 0 };
  /**
   * Comment lines after the last value of collections that end together: which `last` line the
   * innermost of them has looked at, and whether one of them kept the comments.
   */
  private trail = { last: -1, kept: false };

  constructor(
    file: string,
    lines: LineTable,
    plain: PlainResolver,
    /** The previous version's top-level entries: unchanged ones are taken as they are. */
    private readonly previous?: BlockRecords,
  ) {
    super(file, lines, plain);
  }

  /** The document's node, or undefined when it holds nothing but comments. */
  parseDocument(): CiNode | undefined {
    const first = this.lines.nextContent(0);
    if (first >= this.lines.count) return undefined;
    const node = this.blockNode(first, this.lines.indent[first] ?? 0, -1, 0);
    if (this.lines.nextContent(this.last + 1) < this.lines.count) unsupported();
    return node;
  }

  private blockNode(line: number, col: number, parentIndent: number, depth: number): CiNode {
    if (depth > DEPTH_LIMIT) unsupported();
    if (this.isDash(line, col)) return this.seq(line, col, depth);
    const key = this.tryKey(line, col);
    return key ? this.map(line, col, depth, key) : this.inline(line, col, parentIndent, depth, false);
  }

  private isDash(line: number, col: number): boolean {
    return this.lines.code(line, col) === DASH && (col + 1 >= this.lines.length(line) || this.lines.code(line, col + 1) === SPACE);
  }

  private tryKey(line: number, col: number): Key | undefined {
    const lines = this.lines;
    const len = lines.length(line);
    const c = lines.code(line, col);
    if (c === 34 || c === 39) {
      const quoted = readQuoted(lines, line, col);
      const after = lines.skipSpaces(line, quoted.end);
      if (lines.code(line, after) !== COLON || (after + 1 < len && lines.code(line, after + 1) !== SPACE)) return undefined;
      return { merge: false, text: quoted.value, loc: this.loc(line, col, { line, character: quoted.end }), valueCol: after + 1 };
    }
    if (INDICATORS.has(c) || this.isDash(line, col)) return undefined;
    if ((c === 63 || c === COLON) && (col + 1 >= len || lines.code(line, col + 1) === SPACE)) unsupported();
    for (let i = col; i < len; i++) {
      const ch = lines.code(line, i);
      if (ch === 35 && lines.code(line, i - 1) === SPACE) return undefined;
      if (ch !== COLON || (i + 1 < len && lines.code(line, i + 1) !== SPACE)) continue;
      let end = i;
      while (end > col && lines.code(line, end - 1) === SPACE) end--;
      const source = lines.slice(line, col, end);
      const resolved = this.plain.resolve(source, true);
      const loc = this.loc(line, col, { line, character: end });
      if (resolved.merge) return { merge: true, text: '<<', loc, valueCol: i + 1 };
      return { merge: false, text: resolved.value === null ? '' : String(resolved.value), loc, valueCol: i + 1 };
    }
    return undefined;
  }

  private map(line: number, col: number, depth: number, firstKey: Key): CiNode {
    const entries = new Map<string, CiMapEntry>();
    const explicit: ExplicitKeys = {};
    let key = firstKey;
    let keyLine = line;
    const top = depth === 0 && col === 0;
    for (;;) {
      let value: CiNode;
      if (top) [key, value] = this.topLevelValue(keyLine, key, depth);
      else value = this.mapValue(keyLine, key, col, depth);
      this.addEntry(entries, explicit, key, value);
      const next = this.lines.nextContent(this.last + 1);
      const indent = this.lines.indent[next] ?? -1;
      if (next >= this.lines.count || indent < col) break;
      if (indent > col) unsupported();
      this.lastEmpty = false;
      const nextKey = this.tryKey(next, col);
      if (!nextKey) return unsupported();
      key = nextKey;
      keyLine = next;
    }
    return this.sized(mapNode(entries, this.loc(line, col, this.collectionEnd(col))), entries.values(), 1);
  }

  private mapValue(keyLine: number, key: Key, col: number, depth: number): CiNode {
    const start = this.lines.skipSpaces(keyLine, key.valueCol);
    return this.lines.restIsBlank(keyLine, start)
      ? this.below(keyLine, col, depth + 1, true, { line: keyLine, character: start })
      : this.inline(keyLine, start, col, depth + 1, true);
  }

  /**
   * A top-level entry's value: taken from the previous version of the file when its lines did not
   * change and the anchors it uses are the same, else read (and recorded for the next version).
   */
  private topLevelValue(keyLine: number, key: Key, depth: number): [Key, CiNode] {
    const lines = this.lines;
    const endsEntry = (line: number): boolean => lines.indent[line] === 0 && !this.isDash(line, 0);
    const known = unchangedBlock(this.previous, lines.text, lines.starts, keyLine, endsEntry);
    if (known && this.replay(known)) return [known.key, known.value];
    const marks = [this.diagnostics.length, this.expanded] as const;
    this.events = [];
    const value = this.mapValue(keyLine, key, 0, depth);
    const events = this.events;
    this.events = undefined;
    this.blocks.set(keyLine, {
      endLine: lines.nextContent(this.last + 1), key, value, events, diagnostics: this.diagnostics.slice(marks[0]), expanded: this.expanded - marks[1],
      last: this.last, lastEmpty: this.lastEmpty, emptyAt: this.emptyAt, trail: this.trail.last === this.last ? this.trail.kept : undefined,
    });
    return [key, value];
  }

  /** Applies a recorded entry's effects when the anchors it uses resolve as they did; false leaves everything untouched. */
  private replay(record: BlockRecord): boolean {
    const defined = new Map<string, AnchorEntry>();
    for (const event of record.events) {
      if (event.kind === 'anchor') defined.set(event.name, event.entry);
      else if ((defined.get(event.name) ?? this.byAnchor.get(event.name)) !== event.target) return false;
    }
    if (this.expanded + record.expanded > MAX_ALIAS_EXPANSION) return false;
    for (const event of record.events) {
      if (event.kind === 'alias') {
        this.aliases.push(event.site);
        continue;
      }
      this.anchors.push(event.entry.site);
      this.byAnchor.set(event.name, event.entry);
      if (this.trackSizes && event.size !== undefined) this.sizes.set(event.entry.node, event.size);
    }
    this.expanded += record.expanded;
    this.diagnostics.push(...record.diagnostics);
    this.last = record.last;
    this.lastEmpty = record.lastEmpty;
    this.emptyAt = record.emptyAt;
    if (record.trail !== undefined) this.trail = { last: record.last, kept: record.trail };
    this.blocks.set(record.key.loc.range.start.line, record);
    return true;
  }

  private seq(line: number, col: number, depth: number): CiNode {
    const items: CiNode[] = [];
    let itemLine = line;
    for (;;) {
      const start = this.lines.skipSpaces(itemLine, col + 1);
      let item: CiNode;
      if (this.lines.restIsBlank(itemLine, start)) item = this.below(itemLine, col, depth + 1, false, { line: itemLine, character: start });
      else if (this.isDash(itemLine, start)) return unsupported();
      else {
        const key = this.tryKey(itemLine, start);
        item = key ? this.map(itemLine, start, depth + 1, key) : this.inline(itemLine, start, col, depth + 1, false);
      }
      items.push(item);
      const next = this.lines.nextContent(this.last + 1);
      const indent = this.lines.indent[next] ?? -1;
      if (next >= this.lines.count || indent < col) break;
      if (indent > col) unsupported();
      if (!this.isDash(next, col)) break;
      itemLine = next;
    }
    return this.sized(seqNode(items, this.loc(line, col, this.collectionEnd(col))), items, 1);
  }

  /** The node on the lines after `line` (a value written below its key or dash), or null when there is none. */
  private below(line: number, parentIndent: number, depth: number, sameIndentSeq: boolean, empty: Position): CiNode {
    const next = this.lines.nextContent(line + 1);
    if (next < this.lines.count) {
      const indent = this.lines.indent[next] ?? -1;
      if (indent > parentIndent || (sameIndentSeq && indent === parentIndent && this.isDash(next, indent))) {
        // A less indented comment before a scalar on its own line changes how yaml continues the scalar.
        if (next > line + 1 && !this.isDash(next, indent) && !this.tryKey(next, indent)) unsupported();
        return this.blockNode(next, indent, parentIndent, depth);
      }
    }
    this.last = line;
    this.lastEmpty = true;
    this.emptyAt = empty;
    return this.sized(scalarNode(null, this.loc(empty.line, empty.character, empty)), [], 1);
  }

  /**
   * Where a block collection (its keys or dashes at column `col`) ends, as the yaml package places
   * it: after the line of its last value; at an empty last value itself, unless comments follow it
   * (then up to the next content, past its indentation).
   *
   * Comment lines after the last value stay with the innermost collection ending there that is
   * indented and has one of them at or beyond its column; the collections around it then end where
   * the next content starts (the yaml package's parser moves such comments outwards while they are
   * all less indented). A first comment more indented than the innermost collection is glued to
   * its last value instead: left to the full parser, like other layouts after an empty value.
   */
  private collectionEnd(col: number): Position {
    const lines = this.lines;
    const next = lines.nextContent(this.last + 1);
    let comment = false;
    if (this.lastEmpty) {
      comment = this.emptyAt.character < lines.length(this.emptyAt.line);
      for (let l = this.last + 1; l < next && !comment; l++) comment = lines.skipSpaces(l, 0) < lines.length(l);
      if (!comment) return this.emptyAt;
      if (next >= lines.count) unsupported();
      // The yaml package ends it at the next content itself, after that line's indentation.
      return { line: next, character: lines.indent[next] ?? 0 };
    }
    let first: number | undefined;
    let deepest = -1;
    for (let l = this.last + 1; l < next; l++) {
      const lead = lines.skipSpaces(l, 0);
      if (lead >= lines.length(l)) continue;
      first ??= lead;
      deepest = Math.max(deepest, lead);
    }
    if (first === undefined) return lines.afterLine(this.last);
    if (this.trail.last !== this.last) {
      if (first > col) unsupported();
      this.trail = { last: this.last, kept: false };
    }
    if (this.trail.kept) return next < lines.count ? { line: next, character: lines.indent[next] ?? 0 } : { line: lines.count - 1, character: lines.length(lines.count - 1) };
    if (col > 0 && deepest >= col) this.trail = { last: this.last, kept: true };
    return lines.afterLine(this.last);
  }

  /** A node that starts inside a line (after a key, a dash or an anchor) and is not a block collection. */
  private inline(line: number, col: number, parentIndent: number, depth: number, mapValue: boolean): CiNode {
    const lines = this.lines;
    const c = lines.code(line, col);
    if (c === 38) return this.anchored(line, col, parentIndent, depth, mapValue);
    let node: CiNode;
    let endLine = line;
    let endCol: number;
    if (c === 42) {
      const end = this.nameEnd(line, col + 1);
      node = this.alias(lines.slice(line, col + 1, end), this.loc(line, col, { line, character: end }));
      endCol = end;
    } else if (c === 33) {
      if (lines.slice(line, col, col + 11) !== '!reference ') unsupported();
      const open = lines.skipSpaces(line, col + 11);
      if (lines.code(line, open) !== 91) unsupported();
      const flow = this.flow(line, open, parentIndent, depth);
      node = this.reference(flow.node);
      endLine = flow.line;
      endCol = flow.col;
    } else if (c === 124 || c === 62) {
      const block = readBlockScalar(lines, line, col, parentIndent);
      this.last = block.lastLine;
      this.lastEmpty = false;
      return this.sized(scalarNode(block.value, this.loc(line, col, lines.afterLine(block.lastLine))), [], 1);
    } else if (c === 91 || c === 123) {
      const flow = this.flow(line, col, parentIndent, depth);
      node = flow.node;
      endLine = flow.line;
      endCol = flow.col;
    } else if (c === 34 || c === 39) {
      const quoted = readQuoted(lines, line, col);
      node = this.sized(scalarNode(quoted.value, this.loc(line, col, { line, character: quoted.end })), [], 1);
      endCol = quoted.end;
    } else {
      if (INDICATORS.has(c) || ((c === DASH || c === 63 || c === COLON) && (col + 1 >= lines.length(line) || lines.code(line, col + 1) === SPACE))) unsupported();
      const first = this.plainLine(line, col, false);
      const continued = first.comment ? undefined : this.plainContinuation(line, parentIndent);
      const source = lines.slice(line, col, first.end) + (continued?.folded ?? '');
      endLine = continued?.line ?? line;
      endCol = continued?.col ?? first.end;
      const resolved = this.plain.resolve(source, false);
      node = this.sized(scalarNode(resolved.merge ? '<<' : resolved.value, this.loc(line, col, { line: endLine, character: endCol })), [], 1);
    }
    if (!lines.restIsBlank(endLine, endCol)) unsupported();
    // A more indented line after a one-line value continues a plain scalar or is an error: not ours.
    const next = lines.nextContent(endLine + 1);
    if (next < lines.count && (lines.indent[next] ?? -1) > parentIndent) unsupported();
    this.last = endLine;
    this.lastEmpty = false;
    return node;
  }

  /**
   * The end (before trailing spaces) of the plain scalar text of a line from `col`, and whether a
   * comment ends it. In a continuation line a comment or `: ` is left to the full parser.
   */
  private plainLine(line: number, col: number, continuation: boolean): { end: number; comment: boolean } {
    const lines = this.lines;
    const len = lines.length(line);
    let end = len;
    let comment = false;
    for (let i = col; i < len; i++) {
      const ch = lines.code(line, i);
      if (ch === 35 && lines.code(line, i - 1) === SPACE) {
        if (continuation) unsupported();
        end = i;
        comment = true;
        break;
      }
      if (ch === COLON && (i + 1 >= len || lines.code(line, i + 1) === SPACE)) unsupported();
    }
    while (end > col && lines.code(line, end - 1) === SPACE) end--;
    return { end, comment };
  }

  /**
   * A plain scalar's more indented continuation lines (a long `script:` command wrapped over
   * several lines), folded as YAML does: a line break becomes a space, each blank line a newline.
   * Undefined when the next line does not continue it. A comment line ends it.
   */
  private plainContinuation(line: number, parentIndent: number): { folded: string; line: number; col: number } | undefined {
    const lines = this.lines;
    let folded = '';
    let blank = 0;
    let last: { line: number; col: number } | undefined;
    for (let l = line + 1; l < lines.count; l++) {
      const lead = lines.skipSpaces(l, 0);
      if (lead >= lines.length(l)) {
        blank++;
        continue;
      }
      if (lead <= parentIndent || lines.code(l, lead) === 35) break;
      const { end } = this.plainLine(l, lead, true);
      folded += (blank ? '\n'.repeat(blank) : ' ') + lines.slice(l, lead, end);
      blank = 0;
      last = { line: l, col: end };
    }
    return last && { folded, ...last };
  }

  private anchored(line: number, col: number, parentIndent: number, depth: number, mapValue: boolean): CiNode {
    const lines = this.lines;
    const end = this.nameEnd(line, col + 1);
    const name = lines.slice(line, col + 1, end);
    const start = lines.skipSpaces(line, end);
    let node: CiNode;
    if (lines.restIsBlank(line, start)) {
      node = this.below(line, parentIndent, depth, mapValue, { line, character: start });
      if (node.kind === 'scalar' && node.value === null && this.last === line) unsupported();
    } else {
      const c = lines.code(line, start);
      if (start === end || c === 38 || this.isDash(line, start) || this.tryKey(line, start)) unsupported();
      node = this.inline(line, start, parentIndent, depth, false);
    }
    const at = lines.offset(node.loc.range.start.line, node.loc.range.start.character);
    const found = lines.text.lastIndexOf(`&${name}`, at);
    if (found === -1) unsupported();
    const site: AnchorSite = { name, range: { start: { line, character: col }, end: { line, character: end } } };
    if (found !== lines.offset(line, col)) unsupported();
    const entry: AnchorEntry = { node, site };
    this.anchors.push(site);
    this.byAnchor.set(name, entry);
    this.events?.push({ kind: 'anchor', name, entry, size: this.sizes.get(node) });
    return node;
  }
}
