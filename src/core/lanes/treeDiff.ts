/**
 * Which nodes to re-render after a refresh. A node needs it when what it shows changed
 * or when its list of children changed; re-rendering a node redraws its subtree, so only
 * the topmost such nodes are reported. An unchanged refresh reports nothing at all.
 */
import type { TreeNode } from './treeModel';

export interface TreeChanges {
  /** The root list itself changed (nodes added, removed or reordered at the top). */
  readonly root: boolean;
  /** Topmost nodes to re-render, by id. Empty when `root` is true (everything redraws). */
  readonly changed: readonly string[];
}

export function diffTrees(before: readonly TreeNode[], after: readonly TreeNode[]): TreeChanges {
  if (!sameIds(before, after)) return { root: true, changed: [] };
  const changed: string[] = [];
  // Children are only compared under lists with the same ids in the same order, so each node's
  // previous self sits at its own position: no index of the old tree (2,000 nodes at scale) is needed.
  const visit = (previous: readonly TreeNode[], nodes: readonly TreeNode[]): void => {
    nodes.forEach((node, i) => {
      const was = previous[i]!;
      if (looksDifferent(was, node) || !sameIds(was.children, node.children)) changed.push(node.id);
      else visit(was.children, node.children);
    });
  };
  visit(before, after);
  return { root: false, changed };
}

/** An empty change set: nothing to redraw. */
export function isEmpty(changes: TreeChanges): boolean {
  return !changes.root && changes.changed.length === 0;
}

function sameIds(a: readonly TreeNode[], b: readonly TreeNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node.id === b[i]!.id);
}

/** Everything a TreeItem shows or acts on, children excluded. */
function looksDifferent(a: TreeNode, b: TreeNode): boolean {
  return (
    a.label !== b.label ||
    a.description !== b.description ||
    a.tooltip !== b.tooltip ||
    a.icon?.id !== b.icon?.id ||
    a.icon?.color !== b.icon?.color ||
    a.contextValue !== b.contextValue ||
    a.collapsible !== b.collapsible ||
    a.webUrl !== b.webUrl ||
    a.state !== b.state
  );
}
