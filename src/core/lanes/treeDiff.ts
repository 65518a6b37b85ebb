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
  const old = new Map<string, TreeNode>();
  index(before, old);
  if (!sameIds(before, after)) return { root: true, changed: [] };
  const changed: string[] = [];
  const visit = (nodes: readonly TreeNode[]): void => {
    for (const node of nodes) {
      const previous = old.get(node.id);
      if (!previous || looksDifferent(previous, node) || !sameIds(previous.children, node.children)) changed.push(node.id);
      else visit(node.children);
    }
  };
  visit(after);
  return { root: false, changed };
}

/** An empty change set: nothing to redraw. */
export function isEmpty(changes: TreeChanges): boolean {
  return !changes.root && changes.changed.length === 0;
}

function index(nodes: readonly TreeNode[], into: Map<string, TreeNode>): void {
  for (const node of nodes) {
    into.set(node.id, node);
    index(node.children, into);
  }
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
