import * as vscode from 'vscode';

/**
 * The Release Lanes tree. Until a GitLab connection exists it has no items, which is
 * what makes VS Code show the view's welcome content (package.json `viewsWelcome`).
 */
export class LanesTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
