import * as path from 'node:path';
import * as vscode from 'vscode';
import { serverLintDiagnostics, parseCiFile } from '../../core/ci';
import type { Logger } from '../../core/logger';
import { toVsDiagnostic } from '../convert';
import type { RepoConnection } from '../../core/lanes/repoConnection';
import type { ExtensionSettings } from '../settings/extensionSettings';
import { isCiDocument } from './overlayFileReader';

export interface GitLabLintDeps {
  /** The GitLab project of the repository holding a file, once the lanes found it. */
  readonly connectionFor: (file: vscode.Uri) => RepoConnection | undefined;
  readonly logger: Logger;
  readonly settings: ExtensionSettings;
}

/**
 * "Validate with GitLab": the open file goes to the project's CI lint API with `dry_run` for the
 * current branch, so GitLab's own verdict (remote includes, rules, project settings) lands as
 * diagnostics beside the offline ones, in a collection of its own.
 */
export class GitLabLint implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('release-pilot-gitlab');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: GitLabLintDeps) {
    this.subscriptions = [
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (!isCiDocument(document) || !deps.settings.window('gitlabLintOnSave')) return;
        this.validate(document, { quiet: true }).catch((error: unknown) => deps.logger.warn(`GitLab lint on save failed: ${String(error)}`));
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.collection.delete(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
  }

  /** Lints `document` (default: the active editor) with GitLab; returns whether GitLab found it valid. */
  async validate(document = vscode.window.activeTextEditor?.document, options: { quiet?: boolean } = {}): Promise<boolean | undefined> {
    if (!document || !isCiDocument(document)) {
      if (!options.quiet) void vscode.window.showInformationMessage('Open a GitLab CI file to validate it with GitLab.');
      return undefined;
    }
    const connection = this.deps.connectionFor(document.uri);
    if (!connection) {
      if (!options.quiet) {
        const choice = await vscode.window.showWarningMessage('Validating with GitLab needs a signed-in GitLab project for this repository.', 'Sign in to GitLab');
        if (choice) await vscode.commands.executeCommand('releasePilot.signIn');
      }
      return undefined;
    }
    const ref = connection.lanes.find((l) => l.id === 'mr')?.branch;
    const content = document.getText();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Validating ${path.basename(document.uri.fsPath)} with GitLab` },
      () => connection.api.ciLint(connection.projectPath, content, { dryRun: true, ...(ref ? { ref } : {}) }),
    );
    if (document.getText() !== content) return result.valid;
    const diagnostics = serverLintDiagnostics(parseCiFile(document.uri.fsPath, content), result);
    this.collection.set(document.uri, diagnostics.map(toVsDiagnostic));
    this.deps.logger.info(`GitLab lint of ${document.uri.fsPath} on ${ref ?? 'the default branch'}: ${result.valid ? 'valid' : `${result.errors.length} error(s)`}, ${result.warnings.length} warning(s)`);
    // Not awaited: the notification stays until the user answers, and the command's result should not wait for that.
    if (!options.quiet) void this.report(result.valid, diagnostics.length, result.merged_yaml ?? undefined);
    return result.valid;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private async report(valid: boolean, findings: number, mergedYaml: string | undefined): Promise<void> {
    const actions = mergedYaml ? ['Show merged YAML'] : [];
    const message = valid
      ? `GitLab says the configuration is valid${findings ? ` (${findings} warning(s) in the Problems panel)` : ''}.`
      : `GitLab found ${findings} problem(s): see the Problems panel.`;
    const choice = await (valid ? vscode.window.showInformationMessage(message, ...actions) : vscode.window.showWarningMessage(message, ...actions));
    if (choice && mergedYaml) {
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: mergedYaml });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }
  }
}
