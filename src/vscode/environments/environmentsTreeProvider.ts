import * as vscode from 'vscode';
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
    const cut = id.lastIndexOf('/');
    const parent = cut > 0 ? id.slice(0, cut) : undefined;
    return parent && this.byId.has(parent) ? parent : undefined;
  }

  getTreeItem(id: string): vscode.TreeItem {
    const node = this.byId.get(id);
    if (!node) return new vscode.TreeItem('(gone)');
    const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible]);
    item.id = node.id;
    if (node.description) item.description = node.description;
    if (node.tooltip) item.tooltip = node.tooltip;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    item.contextValue = node.contextValue;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const COLLAPSIBLE: Record<EnvironmentNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};
