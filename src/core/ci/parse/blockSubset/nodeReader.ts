import type { Diagnostic, Position } from '../../../diagnostic';
import type { CiMapEntry, CiNode, RefSegment, SourceLoc } from '../../model/ciNode';
import { mapNode, scalarNode, seqNode } from '../../model/ciNode';
import { ciDiagnostic } from '../../model/codes';
import type { AliasSite, AnchorSite } from '../yamlToNode';
import { MAX_ALIAS_EXPANSION, MAX_YAML_DEPTH } from '../yamlToNode';
import type { AnchorEntry, AnchorEvent, Key } from './blockReuse';
import type { LineTable } from './lineTable';
import { mayHaveAliases, unsupported } from './lineTable';
import type { PlainResolver } from './scalars';
import { readQuoted } from './scalars';

interface FlowResult {
  readonly node: CiNode;
  readonly line: number;
  /** Column just after the node. */
  readonly col: number;
}

export const SPACE = 32;
export const DASH = 45;
export const COLON = 58;

/**
 * The keys of a mapping written out (not brought in by `<<`), for duplicate-key findings. Made only
 * when the mapping has a merge key: before that, every entry was written out, and most mappings never
 * have one (a set per mapping was a measurable part of reading a large file from cold).
 */
export interface ExplicitKeys {
  keys?: Set<string>;
}

/** Characters that cannot start a plain scalar (`-`, `?` and `:` are handled separately). */
export const INDICATORS = new Set([...',[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const FLOW_STOP = new Set([...',[]{}'].map((c) => c.charCodeAt(0)));
/** Stay well clear of the depth limit: the composed path reports it. */
export const DEPTH_LIMIT = MAX_YAML_DEPTH - 10;

/**
 * What the block-subset reader's block and flow parts share: the anchor table, node sizes (for the alias
 * expansion bound), diagnostics, and the flow collections (`[...]`, `{...}`) that may appear
 * inside block values.
 */
export class NodeReader {
  readonly anchors: AnchorSite[] = [];
  readonly aliases: AliasSite[] = [];
  readonly diagnostics: Diagnostic[] = [];
  protected readonly byAnchor = new Map<string, AnchorEntry>();
  /** Anchor definitions and alias uses while a top-level entry is read. */
  protected events: AnchorEvent[] | undefined;
  /** A Map, not a WeakMap: it lives as long as one read, and weak tables cost the garbage collector more. */
  protected readonly sizes = new Map<CiNode, number>();
  /** Whether node sizes are kept (the text may hold an alias); read by the block records too. */
  readonly trackSizes: boolean;
  protected expanded = 0;

  /** Values alias expansion produced so far. */
  get expandedValues(): number {
    return this.expanded;
  }

  constructor(
    protected readonly file: string,
    protected readonly lines: LineTable,
    protected readonly plain: PlainResolver,
  ) {
    this.trackSizes = mayHaveAliases(lines.text);
  }

  /** Psych's rules, as in the composed path: `<<` merges (later merges win), a repeated key is reported and the last one wins. */
  protected addEntry(entries: Map<string, CiMapEntry>, explicit: ExplicitKeys, key: Key, value: CiNode): void {
    if (key.merge) {
      // Until the first merge every entry was written explicitly: only now do the two differ.
      explicit.keys ??= new Set(entries.keys());
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
    if (explicit.keys ? explicit.keys.has(key.text) : entries.has(key.text)) this.diagnostics.push(ciDiagnostic('yaml-duplicate-key', { key: key.text }, key.loc.range));
    explicit.keys?.add(key.text);
    entries.delete(key.text);
    entries.set(key.text, { key: key.text, keyLoc: key.loc, node: value });
  }

  /** End of an anchor or alias name; inside a flow collection, flow indicators end it too. */
  protected nameEnd(line: number, from: number, inFlow = false): number {
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

  protected alias(name: string, loc: SourceLoc): CiNode {
    const found = this.byAnchor.get(name);
    if (!found) return unsupported();
    const site: AliasSite = { name, range: loc.range, target: found.site };
    this.aliases.push(site);
    this.events?.push({ kind: 'alias', name, site, target: found });
    this.expanded += this.sizes.get(found.node) ?? 1;
    if (this.expanded > MAX_ALIAS_EXPANSION) unsupported();
    return found.node;
  }

  protected reference(flow: CiNode): CiNode {
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

  protected flow(line: number, col: number, parentIndent: number, depth: number): FlowResult {
    if (depth > DEPTH_LIMIT) unsupported();
    const isSeq = this.lines.code(line, col) === 91;
    const close = isSeq ? 93 : 125;
    const items: CiNode[] = [];
    const entries = new Map<string, CiMapEntry>();
    const explicit: ExplicitKeys = {};
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
  protected flowSpace(line: number, col: number, parentIndent: number): { line: number; col: number } {
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

  protected flowKey(line: number, col: number): Key {
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

  protected flowItem(line: number, col: number, parentIndent: number, depth: number): FlowResult {
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
  protected flowPlainEnd(line: number, col: number): number {
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

  protected loc(line: number, col: number, end: Position): SourceLoc {
    return { file: this.file, range: { start: { line, character: col }, end } };
  }

  protected sized<T extends CiNode>(node: T, children: Iterable<CiNode | CiMapEntry>, own: number): T {
    if (!this.trackSizes) return node;
    let size = own;
    for (const child of children) size += this.sizes.get('kind' in child ? child : child.node) ?? 1;
    this.sizes.set(node, size);
    return node;
  }
}
