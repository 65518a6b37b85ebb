import * as path from 'node:path';
import * as vscode from 'vscode';
import { mergedConfigYaml } from '../../core/ci';
import type { CiAnalyzer } from './ciAnalyzer';
import { Schemes } from '../ids';
import { isCiDocument } from './overlayFileReader';

export const MERGED_SCHEME: string = Schemes.mergedConfig;

/**
 * "Show merged configuration": a read-only document with the configuration GitLab would run
 * (includes, `extends`, `!reference` and anchors applied), kept up to date while the sources change.
 */
export class MergedConfigView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly analyzer: CiAnalyzer) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(MERGED_SCHEME, this),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isCiDocument(e.document)) this.refresh();
      }),
    ];
  }

  /** Recomputes every open merged view (a source changed, or includes were read from GitLab). */
  refresh(): void {
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === MERGED_SCHEME) this.changed.fire(doc.uri);
  }

  /** Opens the merged view of the active CI file (or of `uri`). Returns the opened document. */
  async show(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    const source = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!source || source.scheme !== 'file') {
      void vscode.window.showInformationMessage('Open a .gitlab-ci.yml file first, then show its merged configuration.');
      return undefined;
    }
    const target = vscode.Uri.from({
      scheme: MERGED_SCHEME,
      path: `${source.path.replace(/\.ya?ml$/, '')}.merged.yml`,
      query: encodeURIComponent(source.fsPath),
    });
    const document = await vscode.workspace.openTextDocument(target);
    await vscode.languages.setTextDocumentLanguage(document, 'yaml');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return document;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const sourcePath = decodeURIComponent(uri.query);
    const results = this.analyzer.analyze(vscode.Uri.file(sourcePath));
    const result = results.find((r) => r.analysis.files.has(sourcePath)) ?? results[0];
    if (!result) return `# ${path.basename(sourcePath)} could not be read.\n`;
    const errors = [...result.byFile.values()].flat().filter((d) => d.severity === 'error').length;
    const header = [
      `# Merged configuration of ${path.basename(result.analysis.path)} (read-only), as GitLab would run it:`,
      result.analysis.remoteFiles.size > 0
        ? `# includes (${result.analysis.remoteFiles.size} read from GitLab or remote hosts), extends, !reference and anchors resolved; default: is kept as written.`
        : '# local includes, extends, !reference and anchors resolved; default: is kept as written.',
      ...(result.analysis.pendingIncludes.length ? [`# ${result.analysis.pendingIncludes.length} include(s) are still being read; this view updates when they arrive.`] : []),
      ...(errors ? [`# The sources have ${errors} error(s): see the Problems panel.`] : []),
    ];
    return `${header.join('\n')}\n${mergedConfigYaml(result.analysis)}`;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
