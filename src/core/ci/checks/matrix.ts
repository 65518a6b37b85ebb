import type { CiNode } from '../model/ciNode';
import { getChild, scalarString } from '../model/ciNode';

/**
 * GitLab caps the jobs one `parallel` keyword may create (Entry::Product::Parallel::PARALLEL_LIMIT);
 * we stop generating names there too.
 */
export const MAX_INSTANCES = 200;

/** One matrix combination: variable name to value. */
export type Combination = ReadonlyMap<string, string>;

/** All combinations of a `parallel:matrix` list (each entry's list values multiply out). */
export function matrixCombinations(matrix: CiNode | undefined): Combination[] {
  if (matrix?.kind !== 'seq') return [];
  const out: Combination[] = [];
  for (const entry of matrix.items) {
    if (entry.kind !== 'map') continue;
    let combos: Map<string, string>[] = [new Map<string, string>()];
    for (const [key, { node }] of entry.entries) {
      const values = node.kind === 'seq' ? node.items.map(scalarString) : [scalarString(node)];
      const next: Map<string, string>[] = [];
      for (const combo of combos) {
        for (const value of values) {
          if (value === undefined || next.length >= MAX_INSTANCES) continue;
          next.push(new Map<string, string>([...combo, [key, value]]));
        }
      }
      combos = next;
    }
    out.push(...combos);
    if (out.length >= MAX_INSTANCES) break;
  }
  return out;
}

/** Order-independent identity of a combination, so `needs` may list variables in any order. */
export function combinationKey(combo: Combination): string {
  return JSON.stringify([...combo.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** How GitLab names a matrix instance: `job: [v1, v2]`. */
export function instanceName(job: string, combo: Combination): string {
  return `${job}: [${[...combo.values()].join(', ')}]`;
}

/** The names GitLab gives a job's parallel instances (`job 1/3`, or `job: [a, b]` for a matrix). */
export function instanceNames(job: string, node: CiNode): string[] {
  const parallel = getChild(node, 'parallel');
  if (!parallel) return [];
  if (parallel.kind === 'scalar' && typeof parallel.value === 'number') {
    const count = Math.min(Math.max(Math.floor(parallel.value), 0), MAX_INSTANCES);
    return Array.from({ length: count }, (_, i) => `${job} ${i + 1}/${count}`);
  }
  return matrixCombinations(getChild(parallel, 'matrix')).map((c) => instanceName(job, c));
}

/**
 * How many jobs a `parallel:matrix` list generates, counted as GitLab's Entry::Product::Matrix does:
 * per entry the product of its values' counts (a scalar counts once), summed over entries. Capped
 * just past {@link MAX_INSTANCES}, so a huge matrix costs nothing to count.
 */
export function matrixJobCount(matrix: CiNode | undefined): number {
  if (matrix?.kind !== 'seq') return 0;
  let total = 0;
  for (const entry of matrix.items) {
    if (entry.kind !== 'map') continue;
    let product = 1;
    for (const { node } of entry.entries.values()) product = Math.min(product * (node.kind === 'seq' ? node.items.length : 1), MAX_INSTANCES + 1);
    total = Math.min(total + product, MAX_INSTANCES + 1);
  }
  return total;
}
