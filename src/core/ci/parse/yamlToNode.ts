import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { LineCounter, Node as YamlNode, Pair } from 'yaml';
import type { Diagnostic, Range } from '../../diagnostic';
import type { CiMapEntry, CiNode, RefSegment, ScalarValue, SourceLoc } from '../model/ciNode';
import { mapNode, scalarNode, seqNode } from '../model/ciNode';
import { ciDiagnostic } from '../model/codes';
import { MAX_EXPANSION } from '../model/budget';

/** GitLab refuses YAML nested deeper than this (its `max_yaml_depth` default). */
export const MAX_YAML_DEPTH = 100;
/** Upper bound on values produced by alias expansion, so an alias bomb costs nothing (the analysis' shared allowance). */
export const MAX_ALIAS_EXPANSION = MAX_EXPANSION;

/** An `&anchor` definition or a `*alias` use, with its range. */
export interface AnchorSite {
  readonly name: string;
  readonly range: Range;
}

/** An alias use and the anchor it resolves to (absent when the anchor is unknown). */
export interface AliasSite extends AnchorSite {
  readonly target?: AnchorSite;
}

export interface ConvertResult {
  readonly node: CiNode;
  readonly anchors: AnchorSite[];
  readonly aliases: AliasSite[];
  /** Values alias expansion produced, counted against the analysis' expansion allowance. */
  readonly expanded: number;
}

/** Converts one yaml document's contents into a positioned {@link CiNode} tree. Never throws on user input. */
export function yamlToNode(root: YamlNode | null, file: string, text: string, lines: LineCounter, diagnostics: Diagnostic[]): ConvertResult {
  const converter = new Converter(file, text, lines, diagnostics);
  const node = root ? converter.convert(root, 0) : scalarNode(null, converter.loc(undefined));
  return { node, anchors: converter.anchors, aliases: converter.aliases, expanded: converter.expanded };
}

/** Psych (GitLab's YAML 1.1 parser) keeps these as strings, unlike the yaml package's 1.1 schema. */
const PSYCH_STRINGS = /^[yYnN]$/;

class Converter {
  readonly anchors: AnchorSite[] = [];
  readonly aliases: AliasSite[] = [];
  private readonly byAnchor = new Map<string, { node: CiNode; site: AnchorSite }>();
  private readonly sizes = new WeakMap<CiNode, number>();
  expanded = 0;
  private reportedDepth = false;
  /** Once the allowance is spent every later alias is left empty, with the one finding already made. */
  private aliasLimitReported = false;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: LineCounter,
    private readonly diagnostics: Diagnostic[],
  ) {}

  loc(range: readonly number[] | null | undefined): SourceLoc {
    return { file: this.file, range: this.range(range?.[0] ?? 0, range?.[1] ?? range?.[0] ?? 0) };
  }

  range(start: number, end: number): Range {
    const a = this.lines.linePos(start);
    const b = this.lines.linePos(end);
    return { start: { line: Math.max(a.line - 1, 0), character: Math.max(a.col - 1, 0) }, end: { line: Math.max(b.line - 1, 0), character: Math.max(b.col - 1, 0) } };
  }

  convert(node: YamlNode, depth: number): CiNode {
    if (depth > MAX_YAML_DEPTH) {
      if (!this.reportedDepth) this.diagnostics.push(ciDiagnostic('yaml-too-deep', { max: MAX_YAML_DEPTH }, this.loc(node.range).range));
      this.reportedDepth = true;
      return scalarNode(null, this.loc(node.range));
    }
    const built = this.build(node, depth);
    const anchor = isAlias(node) ? undefined : node.anchor;
    if (anchor) {
      const site: AnchorSite = { name: anchor, range: this.anchorRange(node, anchor) };
      this.anchors.push(site);
      this.byAnchor.set(anchor, { node: built, site });
    }
    return built;
  }

  private build(node: YamlNode, depth: number): CiNode {
    const loc = this.loc(node.range);
    if (isAlias(node)) return this.alias(node.source, loc);
    if (isScalar(node)) return this.sized(scalarNode(scalarValue(node.value, node.source, node.type), loc), 1);
    if (isSeq(node)) {
      if (node.tag === '!reference') return this.reference(node.items as YamlNode[], loc);
      const items = (node.items as YamlNode[]).map((item) => (item ? this.convert(item, depth + 1) : scalarNode(null, loc)));
      return this.sized(seqNode(items, loc), 1 + items.reduce((n, c) => n + this.size(c), 0));
    }
    if (isMap(node)) return this.map(node.items, loc, depth);
    return scalarNode(null, loc);
  }

  private map(pairs: readonly Pair[], loc: SourceLoc, depth: number): CiNode {
    const entries = new Map<string, CiMapEntry>();
    const explicit = new Set<string>();
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const keyLoc = keyNode ? this.loc(keyNode.range) : loc;
      const value = pair.value ? this.convert(pair.value as YamlNode, depth + 1) : scalarNode(null, this.afterKey(keyLoc));
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        if (this.merge(entries, value)) continue;
        entries.set('<<', { key: '<<', keyLoc, node: value });
        continue;
      }
      const key = keyText(keyNode);
      if (explicit.has(key)) this.diagnostics.push(ciDiagnostic('yaml-duplicate-key', { key }, keyLoc.range));
      explicit.add(key);
      entries.delete(key);
      entries.set(key, { key, keyLoc, node: value });
    }
    let size = 1;
    for (const e of entries.values()) size += this.size(e.node);
    return this.sized(mapNode(entries, loc), size);
  }

  /** Psych's `<<` semantics: merged keys overwrite what came before; in a list, earlier maps win. */
  private merge(entries: Map<string, CiMapEntry>, value: CiNode): boolean {
    const sources = value.kind === 'seq' ? [...value.items].reverse() : [value];
    if (!sources.every((s) => s.kind === 'map')) return false;
    const collected = new Map<string, CiMapEntry>();
    for (const source of sources) if (source.kind === 'map') for (const [k, e] of source.entries) collected.set(k, e);
    for (const [k, e] of collected) {
      entries.delete(k);
      entries.set(k, e);
    }
    return true;
  }

  private alias(name: string, loc: SourceLoc): CiNode {
    const found = this.byAnchor.get(name);
    this.aliases.push(found ? { name, range: loc.range, target: found.site } : { name, range: loc.range });
    if (!found) {
      this.diagnostics.push(ciDiagnostic('yaml-unknown-alias', { name }, loc.range));
      return scalarNode(null, loc);
    }
    const size = this.size(found.node);
    if (this.aliasLimitReported || this.expanded + size > MAX_ALIAS_EXPANSION) {
      // The anchor is still known (navigation and later findings say so); only its expansion is withheld.
      if (!this.aliasLimitReported) this.diagnostics.push(ciDiagnostic('yaml-alias-limit', { max: MAX_ALIAS_EXPANSION }, loc.range));
      this.aliasLimitReported = true;
      return scalarNode(null, loc);
    }
    this.expanded += size;
    return found.node;
  }

  private reference(items: readonly YamlNode[], loc: SourceLoc): CiNode {
    const path: RefSegment[] = [];
    for (const item of items) {
      if (!isScalar(item) || item.value === null || typeof item.value === 'object') {
        this.diagnostics.push(ciDiagnostic('reference-invalid', {}, loc.range));
        return scalarNode(null, loc);
      }
      path.push({ name: textOf(item.value), loc: this.loc(item.range) });
    }
    if (path.length === 0) {
      this.diagnostics.push(ciDiagnostic('reference-invalid', {}, loc.range));
      return scalarNode(null, loc);
    }
    return this.sized({ kind: 'ref', path, loc }, 1);
  }

  private anchorRange(node: YamlNode, anchor: string): Range {
    // The yaml package keeps no range for the `&name` token; it is the last one before the node.
    const start = node.range?.[0] ?? 0;
    const at = this.text.lastIndexOf(`&${anchor}`, start);
    return at === -1 ? this.range(start, start) : this.range(at, at + anchor.length + 1);
  }

  private afterKey(keyLoc: SourceLoc): SourceLoc {
    return { file: keyLoc.file, range: { start: keyLoc.range.end, end: keyLoc.range.end } };
  }

  private sized(node: CiNode, size: number): CiNode {
    this.sizes.set(node, size);
    return node;
  }

  private size(node: CiNode): number {
    return this.sizes.get(node) ?? 1;
  }
}

/** A composed scalar's value as GitLab reads it (Psych keeps `y`/`n` as strings; dates become ISO text). */
export function scalarValue(value: unknown, source: unknown, type: unknown): ScalarValue {
  if (typeof value === 'boolean' && type === 'PLAIN' && typeof source === 'string' && PSYCH_STRINGS.test(source)) return source;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  // Remaining tagged values (binary, sets) are kept as their text; GitLab has no use for them.
  return value === undefined ? null : JSON.stringify(value) ?? null;
}

function keyText(key: YamlNode | null): string {
  if (key === null) return '';
  if (isScalar(key)) return key.value === null ? '' : textOf(scalarValue(key.value, key.source, key.type));
  try {
    return key.toString();
  } catch {
    // A collection used as a key (`? {<<: *list}`) may not even print; GitLab has no use for such
    // keys, and the parse must not throw on them, so it gets a name that cannot clash with a job.
    return '<complex key>';
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
