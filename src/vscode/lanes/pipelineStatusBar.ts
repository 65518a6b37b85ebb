import * as vscode from 'vscode';
import type { RepoSnapshot } from '../../core/lanes/snapshot';
import { statusBarModel } from '../../core/lanes/statusBarModel';
import { Views } from '../ids';

/** The current branch's pipeline (its merge-request lane) in the status bar; a click opens the lanes. */
export class PipelineStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('releasePilot.pipeline', vscode.StatusBarAlignment.Left, 50);
  private offline = false;
  private snapshot: RepoSnapshot | undefined;

  constructor() {
    this.item.name = 'Release Pilot pipeline';
    this.item.command = `${Views.lanes}.focus`;
  }

  update(snapshot: RepoSnapshot | undefined): void {
    this.snapshot = snapshot;
    this.render();
  }

  setOffline(offline: boolean): void {
    if (this.offline === offline) return;
    this.offline = offline;
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const model = statusBarModel(this.snapshot?.lanes.find((l) => l.lane.id === 'mr'), { offline: this.offline });
    if (!model) {
      this.item.hide();
      return;
    }
    this.item.text = model.text;
    this.item.tooltip = model.tooltip;
    this.item.color = model.color ? new vscode.ThemeColor(model.color) : undefined;
    this.item.show();
  }
}
