import type { Diagnostic, Position } from '../../diagnostic';
import type { CiMapEntry, CiNode, RefSegment, SourceLoc } from '../ciNode';
import { mapNode, scalarNode, seqNode } from '../ciNode';
import { ciDiagnostic } from '../codes';
import type { AliasSite, AnchorSite } from '../yamlToNode';
import { MAX_ALIAS_EXPANSION, MAX_YAML_DEPTH } from '../yamlToNode';
import type { LineTable } from './lineTable';
import { unsupported } from './lineTable';
import type { PlainResolver } from './scalars';
import { readBlockScalar, readQuoted } from './scalars';

/** A map key as written: the `<<` merge marker or a key's text. */
interface Key {
  readonly merge: boolean;
  readonly text: string;
  readonly loc: SourceLoc;
  /** Column just after the `:` indicator. */
  readonly valueCol: number;
}

interface FlowResult {
  readonly node: CiNode;
  readonly line: number;
  /** Column just after the node. */
  readonly col: number;
}

const SPACE = 32;
const DASH = 45;
const COLON = 58;
/** Characters that cannot start a plain scalar (`-`, `?` and `:` are handled separately). */
const INDICATORS = new Set([...',[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const FLOW_STOP = new Set([...',[]{}'].map((c) => c.charCodeAt(0)));
/** Stay well clear of the depth limit: the composed path reports it. */
const DEPTH_LIMIT = MAX_YAML_DEPTH - 10;

/**
 * Reads the block-style YAML that CI files are made of straight into a {@link CiNode} tree, with the
 * same values, ranges, anchors and diagnostics as composing with the yaml package and converting.
 * Anything outside that subset (or any syntax problem) throws {@link unsupported}, and the caller
 * falls back to the composed path, which owns every error message.
 */
export class BlockParser {
  readonly anchors: AnchorSite[] = [];
  readonly aliases: AliasSite[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly byAnchor = new Map<string, { node: CiNode; site: AnchorSite }>();
  private readonly sizes = new WeakMap<CiNode, number>();
  private readonly trackSizes: boolean;
  private expanded = 0;
  /** Last line covered by the node read most recently. */
  private last = 0;
  /** Whether that node was an empty value (nothing after its key or dash). */
  private lastEmpty = false;
  /** Where that empty value sits. */
  private emptyAt: Position = { line: 0, character: 0 };

  constructor(
    private readonly file: string,
    private readonly lines: LineTable,
    private readonly plain: PlainResolver,
  ) {
    this.trackSizes = lines.text.includes('*');
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
    const explicit = new Set<string>();
    let key = firstKey;
    let keyLine = line;
    for (;;) {
      const start = this.lines.skipSpaces(keyLine, key.valueCol);
      const value = this.lines.restIsBlank(keyLine, start)
        ? this.below(keyLine, col, depth + 1, true, { line: keyLine, character: start })
        : this.inline(keyLine, start, col, depth + 1, true);
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
    return this.sized(mapNode(entries, this.loc(line, col, this.collectionEnd())), entries.values(), 1);
  }

  /** Psych's rules, as in the composed path: `<<` merges (later merges win), a repeated key is reported and the last one wins. */
  private addEntry(entries: Map<string, CiMapEntry>, explicit: Set<string>, key: Key, value: CiNode): void {
    if (key.merge) {
      const sources = value.kind === 'seq' ? [...value.items].reverse() : [value];
      if (sources.every((s) => s.kind === 'map')) {
        const collected = new Map<string, CiMapEntry>();
        for (const source of sources) if (source.kind === 'map') for (const [k, e] of source.entries) collected.set(k, e);
        for (const [k, e] of collected) {
          entries.delete(k);
          entries.set(k, e);
        }
        return;
      }
      entries.set('<<', { key: '<<', keyLoc: key.loc, node: value });
      return;
    }
    if (explicit.has(key.text)) this.diagnostics.push(ciDiagnostic('yaml-duplicate-key', { key: key.text }, key.loc.range));
    explicit.add(key.text);
    entries.delete(key.text);
    entries.set(key.text, { key: key.text, keyLoc: key.loc, node: value });
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
    return this.sized(seqNode(items, this.loc(line, col, this.collectionEnd())), items, 1);
  }

  /** The node on the lines after `line` (a value written below its key or dash), or null when there is none. */
  private below(line: number, parentIndent: number, depth: number, sameIndentSeq: boolean, empty: Position): CiNode {
    const next = this.lines.nextContent(line + 1);
    if (next < this.lines.count) {
      const indent = this.lines.indent[next] ?? -1;
      if (indent > parentIndent || (sameIndentSeq && indent === parentIndent && this.isDash(next, indent))) return this.blockNode(next, indent, parentIndent, depth);
    }
    this.last = line;
    this.lastEmpty = true;
    this.emptyAt = empty;
    return this.sized(scalarNode(null, this.loc(empty.line, empty.character, empty)), [], 1);
  }

  /**
   * Where a block collection ends, as the yaml package places it: after the line of its last value;
   * at an empty last value itself, unless comments follow it (then up to the next content). Other
   * comment layouts depend on its token bookkeeping and are left to the full parser.
   */
  private collectionEnd(): Position {
    const lines = this.lines;
    const next = lines.nextContent(this.last + 1);
    let comment = false;
    if (this.lastEmpty) {
      comment = this.emptyAt.character < lines.length(this.emptyAt.line);
      for (let l = this.last + 1; l < next && !comment; l++) comment = lines.skipSpaces(l, 0) < lines.length(l);
      if (!comment) return this.emptyAt;
      if (next >= lines.count) unsupported();
      return { line: next, character: 0 };
    }
    const nextIndent = next < lines.count ? (lines.indent[next] ?? 0) : 0;
    for (let l = this.last + 1; l < next; l++) {
      const lead = lines.skipSpaces(l, 0);
      if (lead < lines.length(l) && lead > nextIndent) unsupported();
    }
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
      const len = lines.length(line);
      let end = len;
      for (let i = col; i < len; i++) {
        const ch = lines.code(line, i);
        if (ch === 35 && lines.code(line, i - 1) === SPACE) {
          end = i;
          break;
        }
        if (ch === COLON && (i + 1 >= len || lines.code(line, i + 1) === SPACE)) unsupported();
      }
      while (end > col && lines.code(line, end - 1) === SPACE) end--;
      const resolved = this.plain.resolve(lines.slice(line, col, end), false);
      node = this.sized(scalarNode(resolved.merge ? '<<' : resolved.value, this.loc(line, col, { line, character: end })), [], 1);
      endCol = end;
    }
    if (!lines.restIsBlank(endLine, endCol)) unsupported();
    // A more indented line after a one-line value continues a plain scalar or is an error: not ours.
    const next = lines.nextContent(endLine + 1);
    if (next < lines.count && (lines.indent[next] ?? -1) > parentIndent) unsupported();
    this.last = endLine;
    this.lastEmpty = false;
    return node;
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
    this.anchors.push(site);
    this.byAnchor.set(name, { node, site });
    return node;
  }

  /** End of an anchor or alias name; inside a flow collection, flow indicators end it too. */
  private nameEnd(line: number, from: number, inFlow = false): number {
    const len = this.lines.length(line);
    let i = from;
    while (i < len) {
      const ch = this.lines.code(line, i);
      if (ch === SPACE) break;
      if (FLOW_STOP.has(ch)) {
        if (inFlow) break;
        unsupported();
      }
      i++;
    }
    if (i === from) unsupported();
    return i;
  }

  private alias(name: string, loc: SourceLoc): CiNode {
    const found = this.byAnchor.get(name);
    if (!found) return unsupported();
    this.aliases.push({ name, range: loc.range, target: found.site });
    this.expanded += this.sizes.get(found.node) ?? 1;
    if (this.expanded > MAX_ALIAS_EXPANSION) unsupported();
    return found.node;
  }

  private reference(flow: CiNode): CiNode {
    if (flow.kind !== 'seq' || flow.items.length === 0) return unsupported();
    const path: RefSegment[] = [];
    for (const item of flow.items) {
      if (item.kind !== 'scalar' || item.value === null) return unsupported();
      // Segment names use the yaml package's own value (`y` is true there): leave such rarities to it.
      const source = this.lines.slice(item.loc.range.start.line, item.loc.range.start.character, item.loc.range.end.character);
      if (typeof item.value !== 'string' || /^[yYnN]$|^\d{4}-/.test(source)) unsupported();
      path.push({ name: item.value, loc: item.loc });
    }
    return this.sized({ kind: 'ref', path, loc: flow.loc }, [], 1);
  }

  private flow(line: number, col: number, parentIndent: number, depth: number): FlowResult {
    if (depth > DEPTH_LIMIT) unsupported();
    const isSeq = this.lines.code(line, col) === 91;
    const close = isSeq ? 93 : 125;
    const items: CiNode[] = [];
    const entries = new Map<string, CiMapEntry>();
    const explicit = new Set<string>();
    let p = this.flowSpace(line, col + 1, parentIndent);
    if (this.lines.code(p.line, p.col) !== close) {
      for (;;) {
        if (isSeq) {
          const item = this.flowItem(p.line, p.col, parentIndent, depth + 1);
          items.push(item.node);
          p = this.flowSpace(item.line, item.col, parentIndent);
        } else {
          const key = this.flowKey(p.line, p.col);
          const valueAt = this.flowSpace(p.line, key.valueCol, parentIndent);
          const value = this.flowItem(valueAt.line, valueAt.col, parentIndent, depth + 1);
          this.addEntry(entries, explicit, key, value.node);
          p = this.flowSpace(value.line, value.col, parentIndent);
        }
        const ch = this.lines.code(p.line, p.col);
        if (ch === close) break;
        if (ch !== 44) unsupported();
        p = this.flowSpace(p.line, p.col + 1, parentIndent);
        if (this.lines.code(p.line, p.col) === close) unsupported();
      }
    }
    const loc = this.loc(line, col, { line: p.line, character: p.col + 1 });
    const node = isSeq ? this.sized(seqNode(items, loc), items, 1) : this.sized(mapNode(entries, loc), entries.values(), 1);
    return { node, line: p.line, col: p.col + 1 };
  }

  /** Skips spaces and line breaks inside a flow collection; comments there are left to the full parser. */
  private flowSpace(line: number, col: number, parentIndent: number): { line: number; col: number } {
    let l = line;
    let c = this.lines.skipSpaces(l, col);
    while (c >= this.lines.length(l)) {
      l++;
      if (l >= this.lines.count) unsupported();
      c = this.lines.skipSpaces(l, 0);
      if (c <= parentIndent && c < this.lines.length(l)) unsupported();
    }
    if (this.lines.code(l, c) === 35) unsupported();
    return { line: l, col: c };
  }

  private flowKey(line: number, col: number): Key {
    const c = this.lines.code(line, col);
    let text: string;
    let end: number;
    let merge = false;
    if (c === 34 || c === 39) {
      const quoted = readQuoted(this.lines, line, col);
      text = quoted.value;
      end = quoted.end;
    } else {
      end = this.flowPlainEnd(line, col);
      const resolved = this.plain.resolve(this.lines.slice(line, col, end), true);
      merge = resolved.merge;
      text = resolved.merge ? '<<' : resolved.value === null ? '' : String(resolved.value);
    }
    const colon = this.lines.skipSpaces(line, end);
    if (this.lines.code(line, colon) !== COLON || this.lines.code(line, colon + 1) !== SPACE) unsupported();
    return { merge, text, loc: this.loc(line, col, { line, character: end }), valueCol: colon + 1 };
  }

  private flowItem(line: number, col: number, parentIndent: number, depth: number): FlowResult {
    const c = this.lines.code(line, col);
    if (c === 91 || c === 123) return this.flow(line, col, parentIndent, depth);
    if (c === 42) {
      const end = this.nameEnd(line, col + 1, true);
      return { node: this.alias(this.lines.slice(line, col + 1, end), this.loc(line, col, { line, character: end })), line, col: end };
    }
    if (c === 34 || c === 39) {
      const quoted = readQuoted(this.lines, line, col);
      return { node: this.sized(scalarNode(quoted.value, this.loc(line, col, { line, character: quoted.end })), [], 1), line, col: quoted.end };
    }
    const end = this.flowPlainEnd(line, col);
    const resolved = this.plain.resolve(this.lines.slice(line, col, end), false);
    const node = this.sized(scalarNode(resolved.merge ? '<<' : resolved.value, this.loc(line, col, { line, character: end })), [], 1);
    return { node, line, col: end };
  }

  /** End of a one-line plain scalar inside a flow collection. */
  private flowPlainEnd(line: number, col: number): number {
    const lines = this.lines;
    const c = lines.code(line, col);
    const len = lines.length(line);
    if (INDICATORS.has(c) || ((c === DASH || c === 63 || c === COLON) && (col + 1 >= len || lines.code(line, col + 1) === SPACE))) unsupported();
    let i = col;
    while (i < len) {
      const ch = lines.code(line, i);
      if (FLOW_STOP.has(ch)) break;
      if (ch === COLON) {
        const next = lines.code(line, i + 1);
        if (i + 1 >= len || next === SPACE || FLOW_STOP.has(next)) break;
      }
      if (ch === 35 && lines.code(line, i - 1) === SPACE) unsupported();
      i++;
    }
    if (lines.code(line, i) === 91 || lines.code(line, i) === 123) unsupported();
    let end = i;
    while (end > col && lines.code(line, end - 1) === SPACE) end--;
    if (end === col) unsupported();
    return end;
  }

  private loc(line: number, col: number, end: Position): SourceLoc {
    return { file: this.file, range: { start: { line, character: col }, end } };
  }

  private sized<T extends CiNode>(node: T, children: Iterable<CiNode | CiMapEntry>, own: number): T {
    if (!this.trackSizes) return node;
    let size = own;
    for (const child of children) size += this.sizes.get('kind' in child ? child : child.node) ?? 1;
    this.sizes.set(node, size);
    return node;
  }
}
