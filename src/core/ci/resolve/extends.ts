import type { Diagnostic } from '../../diagnostic';
import type { CiMap, CiMapEntry, CiNode, SourceLoc } from '../model/ciNode';
import { getChild, mapNode, scalarString } from '../model/ciNode';
import { ciDiagnostic } from '../model/codes';
import { deepMerge } from './deepMerge';
import { isDynamicName } from '../model/keywords';
import type { Derived } from '../model/memo';
import { MemoStore, memoSlot } from '../model/memo';

/** A job after `extends`, from its own node and its resolved parents. */
const EXTENDED = memoSlot(() => new WeakMap<CiNode, Derived<CiMap>>());

/** GitLab allows this many levels of `extends` below a job (its MAX_NESTING_LEVELS is 10 ancestors plus the job). */
export const MAX_EXTENDS_LEVELS = 11;

/** One name in an `extends` and the entry it points at (absent when undefined). */
export interface ExtendsLink {
  readonly job: string;
  readonly name: string;
  readonly loc: SourceLoc;
  readonly target?: SourceLoc;
}

export interface ExtendsResult {
  readonly config: CiMap;
  readonly links: readonly ExtendsLink[];
  /** Keys whose `extends` named something missing or broken: their content is incomplete. */
  readonly incomplete: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

/** The names listed in an `extends` value with their locations. */
export function extendsNames(node: CiNode | undefined): { name: string; loc: SourceLoc }[] {
  if (!node) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  const out: { name: string; loc: SourceLoc }[] = [];
  for (const item of items) {
    const name = scalarString(item);
    if (name !== undefined) out.push({ name, loc: item.loc });
  }
  return out;
}

/**
 * Applies `extends` to every top-level entry the way GitLab does: parents (resolved first) deep-merge
 * in order, later parents win, the entry's own keys win last. Broken parents are reported and skipped
 * so the rest of the analysis still sees what is known.
 */
export function resolveExtends(config: CiMap, memos: MemoStore = new MemoStore()): ExtendsResult {
  const top = config.entries;
  const done = new Map<string, CiNode>();
  const links: ExtendsLink[] = [];
  const incomplete = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const reportedCycles = new Set<string>();

  const extend = (key: string, ancestors: readonly string[]): CiNode | undefined => {
    const finished = done.get(key);
    if (finished) return finished;
    const node = top.get(key)?.node;
    if (node?.kind !== 'map' || !node.entries.has('extends')) return node;
    const parents: CiMap[] = [];
    for (const { name, loc } of extendsNames(getChild(node, 'extends'))) {
      const target = top.get(name);
      if (target?.node.kind !== 'map') {
        incomplete.add(key);
        continue;
      }
      if (name === key || ancestors.includes(name)) {
        incomplete.add(key);
        const cycle = [...ancestors.slice(ancestors.indexOf(name) === -1 ? ancestors.length : ancestors.indexOf(name)), key, name];
        const id = [...new Set(cycle)].sort().join('\u0000');
        if (!reportedCycles.has(id)) {
          reportedCycles.add(id);
          diagnostics.push(ciDiagnostic('extends-cycle', { cycle: cycle.map((c) => `\`${c}\``).join(' -> ') }, loc.range, { file: loc.file }));
        }
        continue;
      }
      const parent = extend(name, [...ancestors, key]);
      if (incomplete.has(name)) incomplete.add(key);
      if (parent?.kind === 'map') parents.push(parent);
    }
    // Merging is pure, so a job whose node and resolved parents are unchanged keeps its last result.
    const result = memos.derive(EXTENDED, node, parents, () => {
      let merged: CiMap = mapNode(new Map(), node.loc);
      for (const parent of parents) merged = deepMerge(merged, parent);
      return deepMerge(merged, node);
    });
    if (!ancestors.some((a) => a === key)) done.set(key, result);
    return result;
  };

  const entries = new Map<string, CiMapEntry>();
  for (const [key, entry] of top) {
    for (const { name, loc } of extendsNames(getChild(entry.node, 'extends'))) {
      const target = top.get(name);
      links.push(target ? { job: key, name, loc, target: target.keyLoc } : { job: key, name, loc });
      if (!target && !isDynamicName(name)) diagnostics.push(ciDiagnostic('extends-undefined', { job: key, target: name }, loc.range, { file: loc.file }));
      else if (target && target.node.kind !== 'map') diagnostics.push(ciDiagnostic('extends-invalid-base', { job: key, target: name }, loc.range, { file: loc.file }));
    }
    const node = extend(key, []) ?? entry.node;
    entries.set(key, node === entry.node ? entry : { key, keyLoc: entry.keyLoc, node });
  }
  diagnostics.push(...tooDeep(top));
  return { config: mapNode(entries, config.loc), links, incomplete, diagnostics };
}

/** Jobs whose longest `extends` chain has more edges than GitLab allows. */
function tooDeep(top: ReadonlyMap<string, CiMapEntry>): Diagnostic[] {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const longest = (key: string): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    if (visiting.has(key)) return 0;
    visiting.add(key);
    let best = 0;
    for (const { name } of extendsNames(getChild(top.get(key)?.node, 'extends'))) {
      if (top.has(name)) best = Math.max(best, 1 + longest(name));
    }
    visiting.delete(key);
    depth.set(key, best);
    return best;
  };
  const out: Diagnostic[] = [];
  for (const key of top.keys()) {
    const extendsNode = getChild(top.get(key)?.node, 'extends');
    if (extendsNode && longest(key) > MAX_EXTENDS_LEVELS) {
      out.push(ciDiagnostic('extends-too-deep', { job: key, max: MAX_EXTENDS_LEVELS }, extendsNode.loc.range, { file: extendsNode.loc.file }));
    }
  }
  return out;
}
