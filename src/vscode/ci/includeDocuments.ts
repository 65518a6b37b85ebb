import * as vscode from 'vscode';
import { LANGUAGE_ID, Schemes } from '../ids';
import type { CiAnalyzer } from './ciAnalyzer';
import { ciFileOfUri } from './includeUris';

/** The text of a file read from GitLab by its virtual path, when something still holds it (the include cache). */
export type RemoteTextOf = (virtualPath: string) => string | undefined;

/**
 * Files that includes brought in from other projects, templates, components and remote hosts,
 * as read-only `gitlab-include:` documents: go to definition, find references and the include
 * links open them, and they are checked as GitLab CI so navigation works inside them too.
 */
export class IncludeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private cached: RemoteTextOf = () => undefined;

  constructor(private readonly analyzer: CiAnalyzer) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(Schemes.remoteInclude, this),
      // A name such as `templates/build.yml` would open as plain YAML: these are CI files.
      vscode.workspace.onDidOpenTextDocument((d) => this.asCi(d)),
    ];
    for (const d of vscode.workspace.textDocuments) this.asCi(d);
  }

  /** Also serve what the include cache holds (a document restored after a reload, before its analysis ran). */
  setCachedText(textOf: RemoteTextOf): void {
    this.cached = textOf;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const file = ciFileOfUri(uri);
    for (const result of this.analyzer.results()) {
      const found = result.analysis.remoteFiles.get(file);
      if (found) return found.text;
    }
    return this.cached(file) ?? `# ${file}\n# Not read yet: open the CI file that includes it (and sign in to its GitLab instance).\n`;
  }

  /** Shows what the analyses hold now in every open include document. */
  refresh(): void {
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === Schemes.remoteInclude) this.changed.fire(d.uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private asCi(document: vscode.TextDocument): void {
    if (document.uri.scheme !== Schemes.remoteInclude || document.languageId === LANGUAGE_ID) return;
    void vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  }
}
