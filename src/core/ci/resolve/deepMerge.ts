import type { CiMap, CiMapEntry, CiNode } from '../model/ciNode';
import { copyEntries, mapNode } from '../model/ciNode';

/**
 * GitLab's (Rails') `deep_merge`: when both sides hold a mapping under a key the mappings merge
 * recursively; any other value, lists included, from `over` replaces the one from `base`. Keys
 * keep `base`'s order, new keys are appended.
 */
export function deepMerge(base: CiMap, over: CiMap): CiMap {
  return mergeLayers(base, [over]);
}

/** Deep-merges a node over a base when both are mappings; otherwise the overriding node wins. */
export function mergeNodes(base: CiNode | undefined, over: CiNode): CiNode {
  return base?.kind === 'map' && over.kind === 'map' ? deepMerge(base, over) : over;
}

/**
 * `layers.reduce(deepMerge, base)`, without copying the growing top level once per layer (a
 * pipeline of many included files merges them all at this level).
 */
export function mergeLayers(base: CiMap, layers: readonly CiMap[]): CiMap {
  const entries = copyEntries(base.entries);
  let loc = base.loc;
  // forEach, not for-of: a cold process runs this in V8's interpreter, where for-of allocates an
  // iterator result and an entry pair per key.
  const put = (entry: CiMapEntry, key: string): void => {
    const existing = entries.get(key);
    if (existing && existing.node.kind === 'map' && entry.node.kind === 'map') {
      entries.set(key, { key, keyLoc: entry.keyLoc, node: deepMerge(existing.node, entry.node) });
    } else {
      entries.set(key, entry);
    }
  };
  for (const over of layers) {
    over.entries.forEach(put);
    loc = over.loc;
  }
  return mapNode(entries, loc);
}
