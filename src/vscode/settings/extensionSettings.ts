import * as vscode from 'vscode';
import type { LaneSettings } from '../../core/lanes/lanes';
import type { Logger } from '../../core/logger';
import type { GatePattern } from '../../core/release/gates/gatePatterns';
import { compileGatePatterns } from '../../core/release/gates/gatePatterns';
import type { NotificationSetting } from '../../core/release/notify/releaseEvents';
import type { ResourceSetting, SettingKey, SettingValue, WindowSetting } from './settingsTable';
import { SETTINGS } from './settingsTable';

/** Tells a listener which settings a change touched. */
export type ChangedSettings = (key: SettingKey) => boolean;

/**
 * The one place settings are read. Window settings are read for the window; resource settings
 * only with the folder they apply to (a repository's root), so a per-folder value is honoured.
 * Defaults come from the table (checked against package.json). Gate patterns are compiled once
 * per change and folder, and their problems logged then, not on every refresh.
 */
export class ExtensionSettings implements vscode.Disposable {
  private readonly patterns = new Map<string, readonly GatePattern[]>();
  private readonly changed = new vscode.EventEmitter<ChangedSettings>();
  /** Fires when any Release Pilot setting changes. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly logger: Logger) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('releasePilot')) return;
      if (e.affectsConfiguration(SETTINGS.gatePatterns.id)) this.patterns.clear();
      this.changed.fire((key) => e.affectsConfiguration(SETTINGS[key].id));
    });
  }

  window<K extends WindowSetting>(key: K): SettingValue<K> {
    const { id, default: fallback } = SETTINGS[key];
    return vscode.workspace.getConfiguration().get(id, fallback) as SettingValue<K>;
  }

  /** A folder-scoped setting for `folder` (undefined only where no folder is known: the workspace value). */
  resource<K extends ResourceSetting>(key: K, folder: vscode.Uri | undefined): SettingValue<K> {
    const { id, default: fallback } = SETTINGS[key];
    return vscode.workspace.getConfiguration(undefined, folder).get(id, fallback) as SettingValue<K>;
  }

  /** A string setting trimmed, undefined when empty ("not set: detect"). */
  optionalText(key: 'devBranch' | 'masterBranch' | 'remoteName' | 'projectPath' | 'canaryPrometheusUrl', folder: vscode.Uri | undefined): string | undefined {
    return this.resource(key, folder).trim() || undefined;
  }

  /**
   * True when the value in effect for `folder` comes from the workspace (`.vscode/settings.json`, a
   * `.code-workspace` file or the folder's settings) rather than the person's user settings: a
   * repository can carry those, so what they point at is confirmed before it is used.
   */
  setByWorkspace(key: ResourceSetting, folder: vscode.Uri | undefined): boolean {
    const inspected = vscode.workspace.getConfiguration(undefined, folder).inspect(SETTINGS[key].id);
    const given = (value: unknown): boolean => value !== undefined && !(typeof value === 'string' && value.trim() === '');
    return given(inspected?.workspaceFolderValue) || given(inspected?.workspaceValue);
  }

  lanes(folder: vscode.Uri): LaneSettings {
    return { devBranch: this.optionalText('devBranch', folder), masterBranch: this.optionalText('masterBranch', folder) };
  }

  /** The gate patterns of a repository, compiled once per change of the setting. */
  gatePatterns(repoKey: string): readonly GatePattern[] {
    const known = this.patterns.get(repoKey);
    if (known) return known;
    const compiled = compileGatePatterns(this.resource('gatePatterns', vscode.Uri.file(repoKey)));
    for (const problem of compiled.problems) this.logger.warn(`Setting ${SETTINGS.gatePatterns.id}: ${problem}`);
    this.patterns.set(repoKey, compiled.patterns);
    return compiled.patterns;
  }

  notifications(): Readonly<Record<NotificationSetting, boolean>> {
    return { gates: this.window('notifyGates'), startedPipelines: this.window('notifyStartedPipelines'), playedJobs: this.window('notifyPlayedJobs') };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
