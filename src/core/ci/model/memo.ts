import type { CiMap, CiMapEntry, CiNode } from './ciNode';
import type { BlockRecords } from '../parse/blockSubset/blockReuse';
import type { ParsedCiFile } from '../parse/parseCiFile';
import type { ReferenceRecord } from '../resolve/references';

/** A memoised result and the inputs (compared by identity) it was computed from. */
export interface Derived<T> {
  readonly inputs: readonly unknown[];
  readonly result: T;
}

/**
 * Facts derived from immutable nodes. Each parsed file carries one, so what was computed for its
 * nodes survives re-analyses for as long as the file is unchanged (the editor's parse cache); a
 * fact is only reused when every input it was computed from is the very same object.
 */
export class NodeMemo {
  /** The last parse of each file an analysis of this (entry) file read, for re-reading them incrementally. */
  readonly lastParses: Map<string, ParsedCiFile>;
  /** Whether a node holds an unresolved `!reference` anywhere inside. */
  readonly hasRef: WeakMap<CiNode, boolean>;
  /** Plain JSON-like value of a node. */
  readonly plain: WeakMap<CiNode, unknown>;
  /** A job after `extends`, from its own node and its resolved parents. */
  readonly extended: WeakMap<CiNode, Derived<CiMap>>;
  /** A job with `default:` and global variables filled in. */
  readonly effective: WeakMap<CiNode, Derived<CiMap>>;
  /** Names of a job's parallel instances. */
  readonly instances: WeakMap<CiNode, Derived<readonly string[]>>;
  /** How a top-level entry's references resolved, replayed while its inputs are unchanged. */
  readonly references: WeakMap<CiNode, ReferenceRecord>;
  /** Identities of the combinations of a `parallel:matrix` list. */
  readonly combinationKeys: WeakMap<CiNode, Derived<ReadonlySet<string>>>;

  /**
   * @param blocks how the fast reader read this file's top-level entries, for its next version
   * @param earlier the memo of the file's previous version, whose nodes this version may reuse:
   *   its tables are shared (they are keyed by node, so facts about replaced nodes simply go unused)
   */
  constructor(
    readonly blocks?: BlockRecords,
    earlier?: NodeMemo,
  ) {
    this.lastParses = earlier?.lastParses ?? new Map<string, ParsedCiFile>();
    this.hasRef = earlier?.hasRef ?? new WeakMap<CiNode, boolean>();
    this.plain = earlier?.plain ?? new WeakMap();
    this.extended = earlier?.extended ?? new WeakMap();
    this.effective = earlier?.effective ?? new WeakMap();
    this.instances = earlier?.instances ?? new WeakMap();
    this.references = earlier?.references ?? new WeakMap();
    this.combinationKeys = earlier?.combinationKeys ?? new WeakMap();
  }
}

/** Finds the memo of the file a node was read from (a fresh one for nodes of unknown files). */
export class MemoStore {
  private readonly fallback = new NodeMemo();

  constructor(private readonly files: ReadonlyMap<string, { readonly memo?: NodeMemo }> = new Map()) {}

  of(node: CiNode): NodeMemo {
    return this.files.get(node.loc.file)?.memo ?? this.fallback;
  }

  /** `compute()` unless the memo table holds a result for `key` computed from the same inputs. */
  derive<T>(table: (memo: NodeMemo) => WeakMap<CiNode, Derived<T>>, key: CiNode, inputs: readonly unknown[], compute: () => T): T {
    const map = table(this.of(key));
    const known = map.get(key);
    if (known && sameInputs(known.inputs, inputs)) return known.result;
    const result = compute();
    map.set(key, { inputs, result });
    return result;
  }

  /** {@link toPlain} with the values of unchanged subtrees reused (they are never mutated). */
  plain(node: CiNode): unknown {
    switch (node.kind) {
      case 'scalar':
        return node.value;
      case 'ref':
        return { '!reference': node.path.map((s) => s.name) };
      case 'seq':
      case 'map': {
        const memo = this.of(node);
        if (memo.plain.has(node)) return memo.plain.get(node);
        const value = node.kind === 'seq' ? node.items.map((item) => this.plain(item)) : this.plainMap(node.entries);
        memo.plain.set(node, value);
        return value;
      }
    }
  }

  hasRef(node: CiNode): boolean {
    if (node.kind === 'ref') return true;
    if (node.kind === 'scalar') return false;
    const memo = this.of(node);
    const known = memo.hasRef.get(node);
    if (known !== undefined) return known;
    let found = false;
    if (node.kind === 'seq') found = node.items.some((item) => this.hasRef(item));
    else for (const entry of node.entries.values()) if ((found = this.hasRef(entry.node))) break;
    memo.hasRef.set(node, found);
    return found;
  }

  private plainMap(entries: ReadonlyMap<string, CiMapEntry>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of entries) {
      // A YAML key named `__proto__` must become an own property, not the object's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: this.plain(entry.node), enumerable: true, writable: true, configurable: true });
      else out[key] = this.plain(entry.node);
    }
    return out;
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
