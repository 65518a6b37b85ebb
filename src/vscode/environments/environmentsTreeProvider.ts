import * as vscode from 'vscode';
import { parentIdOf, treeItemOf } from '../treeItems';
import type { EnvironmentNode } from '../../core/environments/environmentTree';

/**
 * The Environments tree. Elements are node ids, stable across reads, so a re-read re-renders in
 * place. It is its own view (not a section of Release Lanes) so that it can be read only while
 * someone looks at it: a collapsed or hidden view costs GitLab nothing.
 */
export class EnvironmentsTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots_: readonly EnvironmentNode[] = [];
  private readonly byId = new Map<string, EnvironmentNode>();

  update(nodes: readonly EnvironmentNode[]): void {
    this.roots_ = nodes;
    this.byId.clear();
    const index = (list: readonly EnvironmentNode[]): void => {
      for (const n of list) {
        this.byId.set(n.id, n);
        index(n.children);
      }
    };
    index(nodes);
    this.changed.fire(undefined);
  }

  roots(): readonly EnvironmentNode[] {
    return this.roots_;
  }

  node(id: string): EnvironmentNode | undefined {
    return this.byId.get(id);
  }

  getChildren(id?: string): string[] {
    return (id === undefined ? this.roots_ : (this.byId.get(id)?.children ?? [])).map((n) => n.id);
  }

  getParent(id: string): string | undefined {
    return parentIdOf(id, (parent) => this.byId.has(parent));
  }

  getTreeItem(id: string): vscode.TreeItem {
    return treeItemOf(this.byId.get(id));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
