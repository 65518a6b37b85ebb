/**
 * The "Canary Health" webview panel: one panel showing the report it was last asked to show,
 * kept up to date when that pipeline is checked again. No scripts run in it.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { CanaryHealthEntry, CanaryHealthService, CanaryTarget } from './canaryHealthService';
import { renderHealthPage } from '../../core/canary/healthHtml';

export const CANARY_PANEL_TYPE = 'releasePilot.canaryHealth';

function sameTarget(a: CanaryTarget | undefined, b: CanaryTarget): boolean {
  return a !== undefined && a.repoKey === b.repoKey && a.pipelineId === b.pipelineId;
}

export class CanaryHealthPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: CanaryHealthEntry | undefined;
  private target: CanaryTarget | undefined;
  private checking = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(service: CanaryHealthService) {
    this.subscriptions.push(
      service.onDidChange((entry) => {
        if (this.panel && (this.target === undefined || sameTarget(this.target, entry.target))) this.show(entry);
      }),
      service.onDidStartCheck((target) => {
        if (this.panel && (this.target === undefined || sameTarget(this.target, target))) {
          this.checking = true;
          this.render();
        }
      }),
    );
  }

  /** The page as last rendered (tests read it; undefined while the panel is closed). */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Opens (or reveals) the panel on `target`, before its first result arrives. */
  open(target: CanaryTarget): void {
    this.target = target;
    this.checking = true;
    this.ensurePanel();
    this.render();
  }

  show(entry: CanaryHealthEntry): void {
    this.shown = entry;
    this.target = entry.target;
    this.checking = false;
    this.ensurePanel();
    this.render();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.panel?.dispose();
  }

  private ensurePanel(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    this.panel = vscode.window.createWebviewPanel(CANARY_PANEL_TYPE, 'Canary Health', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
    this.panel.onDidDispose(() => {
      this.panel = undefined;
      this.shown = undefined;
      this.target = undefined;
    });
  }

  private render(): void {
    if (!this.panel) return;
    const entry = this.shown && this.target && sameTarget(this.target, this.shown.target) ? this.shown : undefined;
    this.panel.title = entry ? `Canary Health: ${entry.report.verdict}` : 'Canary Health';
    this.panel.webview.html = renderHealthPage({
      ...(entry ? { report: entry.report, checkedAt: new Date(entry.checkedAt).toLocaleTimeString() } : {}),
      subject: entry?.subject ?? (this.target ? describe(this.target) : ''),
      checking: this.checking,
      nonce: randomBytes(16).toString('base64'),
      cspSource: this.panel.webview.cspSource,
    });
  }
}

function describe(target: CanaryTarget): string {
  return target.pipelineId === undefined ? 'latest dev pipeline' : `pipeline #${target.pipelineId}`;
}
