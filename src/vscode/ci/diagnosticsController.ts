import * as vscode from 'vscode';
import { toVsDiagnostic } from '../convert';
import type { ExtensionSettings } from '../settings/extensionSettings';
import type { CiAnalyzer } from './ciAnalyzer';
import { uriOfCiFile } from './includeUris';
import { isCiDocument } from './overlayFileReader';

/**
 * Diagnostics as you type: each change to a CI document re-checks it after a short pause,
 * together with the pipeline it belongs to, and publishes findings for every file involved
 * (so an edit in an include updates `.gitlab-ci.yml` and the other way round).
 */
export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('release-pilot');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Files each entry last published to, so files that left the pipeline are cleared. */
  private readonly published = new Map<string, Set<string>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly analyzer: CiAnalyzer, private readonly settings: ExtensionSettings) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, this.debounceMs())),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml}');
    const refreshOpen = (): void => {
      for (const d of vscode.workspace.textDocuments) this.schedule(d, this.debounceMs());
    };
    this.subscriptions.push(watcher, watcher.onDidChange(refreshOpen), watcher.onDidCreate(refreshOpen), watcher.onDidDelete(refreshOpen));
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Checks a document now (also used by commands that need fresh results). */
  validateNow(document: vscode.TextDocument): void {
    if (!isCiDocument(document)) return;
    for (const result of this.analyzer.analyze(document.uri)) {
      const entry = result.analysis.path;
      const previous = this.published.get(entry) ?? new Set<string>();
      const current = new Set(result.byFile.keys());
      for (const stale of previous) if (!current.has(stale)) this.collection.delete(uriOfCiFile(stale));
      for (const [file, diagnostics] of result.byFile) this.collection.set(uriOfCiFile(file), diagnostics.map(toVsDiagnostic));
      this.published.set(entry, current);
    }
  }

  /** Checks every open CI document again soon (what their includes resolved to changed). */
  revalidateOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isCiDocument(document)) return;
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.validateNow(document);
    }, delayMs));
  }

  /** A closed file that was checked on its own has nothing left to show; pipeline files keep theirs. */
  private closed(document: vscode.TextDocument): void {
    if (!isCiDocument(document) || this.analyzer.isProjectEntry(document.uri)) return;
    if (!this.analyzer.forgetEntry(document.uri.fsPath)) return;
    for (const file of this.published.get(document.uri.fsPath) ?? []) this.collection.delete(uriOfCiFile(file));
    this.published.delete(document.uri.fsPath);
  }

  private debounceMs(): number {
    return this.settings.window('validationDebounceMs');
  }
}
