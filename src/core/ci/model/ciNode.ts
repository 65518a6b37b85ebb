import type { Range } from '../../diagnostic';

/** Where a value came from: a file and a zero-based range in it. */
export interface SourceLoc {
  readonly file: string;
  readonly range: Range;
}

export type ScalarValue = string | number | boolean | null;

/** A `!reference [job, key, ...]` tag that has not been resolved yet. */
export interface RefSegment {
  readonly name: string;
  readonly loc: SourceLoc;
}

/**
 * The positioned value tree every resolution step works on. Nodes are never mutated after
 * creation: merges build new maps, so an aliased node may be shared by several parents.
 */
export type CiNode = CiScalar | CiMap | CiSeq | CiRef;

export interface CiScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  readonly loc: SourceLoc;
}

export interface CiMapEntry {
  readonly key: string;
  readonly keyLoc: SourceLoc;
  readonly node: CiNode;
}

export interface CiMap {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, CiMapEntry>;
  readonly loc: SourceLoc;
}

export interface CiSeq {
  readonly kind: 'seq';
  readonly items: readonly CiNode[];
  readonly loc: SourceLoc;
}

export interface CiRef {
  readonly kind: 'ref';
  readonly path: readonly RefSegment[];
  readonly loc: SourceLoc;
}

export function scalarNode(value: ScalarValue, loc: SourceLoc): CiScalar {
  return { kind: 'scalar', value, loc };
}

export function mapNode(entries: ReadonlyMap<string, CiMapEntry>, loc: SourceLoc): CiMap {
  return { kind: 'map', entries, loc };
}

export function seqNode(items: readonly CiNode[], loc: SourceLoc): CiSeq {
  return { kind: 'seq', items, loc };
}

export function isMap(node: CiNode | undefined): node is CiMap {
  return node?.kind === 'map';
}

export function isSeq(node: CiNode | undefined): node is CiSeq {
  return node?.kind === 'seq';
}

export function getEntry(node: CiNode | undefined, key: string): CiMapEntry | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined;
}

export function getChild(node: CiNode | undefined, key: string): CiNode | undefined {
  return getEntry(node, key)?.node;
}

/** The string value of a scalar node (numbers and booleans as GitLab would stringify them). */
export function scalarString(node: CiNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/**
 * A mutable copy of a map's entries, in order. Not `new Map(entries)`: that goes through the iterator
 * protocol, which in a cold process (V8's interpreter) allocates a pair and a result per entry, and
 * merges copy maps for every job.
 */
export function copyEntries(entries: ReadonlyMap<string, CiMapEntry>): Map<string, CiMapEntry> {
  const copy = new Map<string, CiMapEntry>();
  entries.forEach((entry, key) => copy.set(key, entry));
  return copy;
}

/** A copy of `map` with `key` set (appended when new, replaced in place when present). */
export function withEntry(map: CiMap, entry: CiMapEntry): CiMap {
  const entries = copyEntries(map.entries);
  entries.set(entry.key, entry);
  return mapNode(entries, map.loc);
}

/** Plain JSON-like value of a node; unresolved references stay visible as `{ '!reference': [...] }`. */
export function toPlain(node: CiNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'ref':
      return { '!reference': node.path.map((s) => s.name) };
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of node.entries) {
        // A YAML key named `__proto__` must become an own property, not the object's prototype.
        if (key === '__proto__') Object.defineProperty(out, key, { value: toPlain(entry.node), enumerable: true, writable: true, configurable: true });
        else out[key] = toPlain(entry.node);
      }
      return out;
    }
  }
}

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

/** A JSON path inside a configuration: object keys and array indexes. */
export type JsonPath = readonly PathSegment[];

/** The origin of one value of a configuration: its key's location (for map entries) and its own. */
export interface SourceMapEntry {
  readonly key?: SourceLoc;
  readonly value: SourceLoc;
}

/**
 * Where every JSON path of a configuration came from. Lookups walk the positioned tree, so nothing
 * is computed for the (many) paths nobody asks about.
 */
export interface SourceMap {
  /** The origin of the value at `path`, or undefined when the path does not exist. */
  at(path: JsonPath): SourceMapEntry | undefined;
}

/** The source map of a node tree. */
export function buildSourceMap(root: CiNode): SourceMap {
  return {
    at(path) {
      let node: CiNode = root;
      let key: SourceLoc | undefined;
      for (const segment of path) {
        if (typeof segment === 'number') {
          const item = node.kind === 'seq' ? node.items[segment] : undefined;
          if (!item) return undefined;
          node = item;
          key = undefined;
        } else {
          const entry = node.kind === 'map' ? node.entries.get(segment) : undefined;
          if (!entry) return undefined;
          node = entry.node;
          key = entry.keyLoc;
        }
      }
      return key ? { key, value: node.loc } : { value: node.loc };
    },
  };
}

/** An empty source map, for analyses without a configuration. */
export const EMPTY_SOURCE_MAP: SourceMap = { at: () => undefined };

/** Follows a JSON path down a node tree. */
export function nodeAtPath(root: CiNode, path: JsonPath): CiNode | undefined {
  let node: CiNode | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.kind === 'seq' ? node.items[segment] : undefined;
    else node = getChild(node, segment);
  }
  return node;
}
