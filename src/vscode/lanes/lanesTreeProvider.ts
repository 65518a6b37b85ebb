import * as vscode from 'vscode';
import { parentIdOf, treeItemOf } from '../treeItems';
import type { TreeNode } from '../../core/lanes/treeModel';
import { diffTrees, isEmpty } from '../../core/lanes/treeDiff';
import { Commands } from '../ids';

/** Commands a state node runs when clicked: each explanation comes with its next step. */
const STATE_COMMANDS: Readonly<Record<string, vscode.Command>> = {
  'signed-out': { command: Commands.signIn, title: 'Sign in to GitLab' },
  'no-remote': { command: 'workbench.action.openSettings', title: 'Open settings', arguments: ['releasePilot.gitlab'] },
  'no-access': { command: Commands.signIn, title: 'Sign in with another token' },
  'no-branch': { command: 'workbench.action.openSettings', title: 'Open settings', arguments: ['releasePilot.lanes'] },
  'no-pipeline': { command: Commands.refreshLanes, title: 'Refresh' },
  offline: { command: Commands.refreshLanes, title: 'Retry now' },
  error: { command: Commands.showLog, title: 'Show log' },
  'canary-health': { command: Commands.checkCanaryHealth, title: 'Check canary health' },
};

/**
 * The Release Lanes tree. Elements are node ids (strings), so an element stays the same
 * across refreshes and only the nodes whose content changed are re-rendered.
 */
export class LanesTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots_: readonly TreeNode[] = [];
  private readonly byId = new Map<string, TreeNode>();

  /** Replaces the tree; fires change events only for what differs. */
  update(nodes: readonly TreeNode[]): void {
    const changes = diffTrees(this.roots_, nodes);
    this.roots_ = nodes;
    this.byId.clear();
    const index = (list: readonly TreeNode[]): void => {
      for (const n of list) {
        this.byId.set(n.id, n);
        index(n.children);
      }
    };
    index(nodes);
    if (isEmpty(changes)) return;
    if (changes.root) this.changed.fire(undefined);
    else for (const id of changes.changed) this.changed.fire(id);
  }

  /** The nodes at the top of the tree, as last rendered. */
  roots(): readonly TreeNode[] {
    return this.roots_;
  }

  /** The current node with this id (commands receive ids from the tree). */
  node(id: string): TreeNode | undefined {
    return this.byId.get(id);
  }

  allNodes(): IterableIterator<TreeNode> {
    return this.byId.values();
  }

  getChildren(id?: string): string[] {
    const list = id === undefined ? this.roots_ : (this.byId.get(id)?.children ?? []);
    return list.map((n) => n.id);
  }

  getParent(id: string): string | undefined {
    return parentIdOf(id, (parent) => this.byId.has(parent));
  }

  getTreeItem(id: string): vscode.TreeItem {
    const node = this.byId.get(id);
    const item = treeItemOf(node);
    const command = node?.state ? STATE_COMMANDS[node.state] : undefined;
    if (command) item.command = command;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
