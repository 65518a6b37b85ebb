/**
 * `.release-pilot.yml` at a repository's root: read when a check needs it, and its findings kept
 * in the Problems panel (live while the file is edited, refreshed when it changes on disk).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReleasePilotConfig } from '../../core/canary';
import { DEFAULT_RELEASE_PILOT_CONFIG, RELEASE_PILOT_CONFIG_FILE, parseReleasePilotConfig } from '../../core/canary';
import { toVsDiagnostic } from '../convert';

function isConfigDocument(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && path.basename(uri.fsPath) === RELEASE_PILOT_CONFIG_FILE;
}

export class ReleasePilotConfigFiles implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('release-pilot-config');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${RELEASE_PILOT_CONFIG_FILE}`);
    const reread = (uri: vscode.Uri): void => void this.loadFile(uri);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate(reread),
      watcher.onDidChange(reread),
      watcher.onDidDelete((uri) => this.collection.delete(uri)),
      vscode.workspace.onDidOpenTextDocument((d) => this.fromDocument(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.fromDocument(e.document)),
    );
    for (const d of vscode.workspace.textDocuments) this.fromDocument(d);
    for (const folder of vscode.workspace.workspaceFolders ?? []) void this.load(folder.uri.fsPath);
  }

  /** The config of the repository at `root` (defaults when it has no file); publishes its findings. */
  load(root: string): Promise<ReleasePilotConfig> {
    return this.loadFile(vscode.Uri.file(path.join(root, RELEASE_PILOT_CONFIG_FILE)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private async loadFile(uri: vscode.Uri): Promise<ReleasePilotConfig> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        this.collection.delete(uri);
        return DEFAULT_RELEASE_PILOT_CONFIG;
      }
    }
    return this.publish(uri, text);
  }

  private fromDocument(document: vscode.TextDocument): void {
    if (isConfigDocument(document.uri)) this.publish(document.uri, document.getText());
  }

  private publish(uri: vscode.Uri, text: string): ReleasePilotConfig {
    const { config, diagnostics } = parseReleasePilotConfig(text);
    this.collection.set(uri, diagnostics.map(toVsDiagnostic));
    return config;
  }
}
