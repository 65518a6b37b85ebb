import * as vscode from 'vscode';

/** What the core's tree models (the lanes, the environments) give each row. */
export interface RenderedNode {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: { readonly id: string; readonly color?: string };
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
}

const COLLAPSIBLE: Record<RenderedNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/** The VS Code row for a node; a node gone since VS Code asked (a refresh in between) is a placeholder. */
export function treeItemOf(node: RenderedNode | undefined): vscode.TreeItem {
  if (!node) return new vscode.TreeItem('(gone)');
  const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible]);
  item.id = node.id;
  if (node.description) item.description = node.description;
  if (node.tooltip) item.tooltip = node.tooltip;
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
  item.contextValue = node.contextValue;
  return item;
}

/** Node ids are paths (`repo/lane/pipeline/...`): the parent is the id up to the last `/`, when that node exists. */
export function parentIdOf(id: string, exists: (id: string) => boolean): string | undefined {
  const cut = id.lastIndexOf('/');
  const parent = cut > 0 ? id.slice(0, cut) : undefined;
  return parent && exists(parent) ? parent : undefined;
}
