import * as vscode from 'vscode';
import { Schemes } from '../ids';

/**
 * Read-only documents holding a commit's diff as GitLab gave it (when the clone does not have the
 * commit). The text is fetched before the document opens and kept for the session.
 */
export class CommitDiffDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(Schemes.commitDiff, this);

  async open(projectPath: string, sha: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: Schemes.commitDiff, path: `/${projectPath}/${sha.slice(0, 8)}.diff` });
    this.texts.set(uri.toString(), text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'diff');
    return vscode.window.showTextDocument(document, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This diff is no longer held: open it again from Compare Environments.';
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
