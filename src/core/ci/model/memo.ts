import type { CiMapEntry, CiNode } from './ciNode';

/** A memoised result and the inputs (compared by identity) it was computed from. */
export interface Derived<T> {
  readonly inputs: readonly unknown[];
  readonly result: T;
}

/**
 * One stage's memo table, named by this object: the stage that declares a slot is the only one
 * that knows what its table holds, so the file memo (and the parser that creates it) knows no stage.
 */
export interface MemoSlot<T> {
  /** The empty table, made the first time the stage asks a file's memo for it. */
  readonly create: () => T;
}

export function memoSlot<T>(create: () => T): MemoSlot<T> {
  return { create };
}

/**
 * Facts later stages derived from a parsed file's immutable nodes, one table per stage. Each parsed
 * file carries one, so what was computed for its nodes survives re-analyses for as long as the file
 * is unchanged (the editor's parse cache); a fact is only reused when every input it was computed
 * from is the very same object.
 */
export class FileMemo {
  private readonly tables: Map<MemoSlot<unknown>, unknown>;

  /**
   * @param earlier the memo of the file's previous version, whose nodes this version may reuse:
   *   its tables are shared (they are keyed by node, so facts about replaced nodes simply go unused)
   */
  constructor(earlier?: FileMemo) {
    this.tables = earlier?.tables ?? new Map<MemoSlot<unknown>, unknown>();
  }

  table<T>(slot: MemoSlot<T>): T {
    // Only `slot.create()` ever stores under `slot`, so the value has the slot's type.
    const known = this.tables.get(slot) as T | undefined;
    if (known !== undefined) return known;
    const made = slot.create();
    this.tables.set(slot, made);
    return made;
  }
}

/** Plain JSON-like value of a node. */
const PLAIN = memoSlot(() => new WeakMap<CiNode, unknown>());

/** Finds the memo of the file a node was read from (a fresh one for nodes of unknown files). */
export class MemoStore {
  private readonly fallback = new FileMemo();

  constructor(private readonly files: ReadonlyMap<string, { readonly memo?: FileMemo }> = new Map()) {}

  of(node: CiNode): FileMemo {
    return this.files.get(node.loc.file)?.memo ?? this.fallback;
  }

  /** A stage's table in the memo of the file `node` was read from. */
  table<T>(slot: MemoSlot<T>, node: CiNode): T {
    return this.of(node).table(slot);
  }

  /** `compute()` unless the stage's table holds a result for `key` computed from the same inputs. */
  derive<T>(slot: MemoSlot<WeakMap<CiNode, Derived<T>>>, key: CiNode, inputs: readonly unknown[], compute: () => T): T {
    const map = this.table(slot, key);
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
        const table = this.table(PLAIN, node);
        if (table.has(node)) return table.get(node);
        const value = node.kind === 'seq' ? node.items.map((item) => this.plain(item)) : this.plainMap(node.entries);
        table.set(node, value);
        return value;
      }
    }
  }

  private plainMap(entries: ReadonlyMap<string, CiMapEntry>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    // forEach, not for-of: cold code runs in V8's interpreter, where for-of allocates per entry.
    entries.forEach((entry, key) => {
      // A YAML key named `__proto__` must become an own property, not the object's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: this.plain(entry.node), enumerable: true, writable: true, configurable: true });
      else out[key] = this.plain(entry.node);
    });
    return out;
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
