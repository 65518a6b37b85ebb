/**
 * Every setting the extension reads: its id, the scope package.json declares it at, and its
 * default. test/unit/vscode checks this table against `contributes.configuration`, so a
 * default changed in one place only fails the build instead of behaving two ways.
 */
import { Settings } from '../ids';

/** `window`: one value for the window; `resource`: may differ per workspace folder. */
export type SettingScope = 'window' | 'resource';

export interface SettingSpec<T, S extends SettingScope = SettingScope> {
  readonly id: string;
  readonly scope: S;
  readonly default: T;
}

function spec<T, S extends SettingScope>(id: string, scope: S, defaultValue: T): SettingSpec<T, S> {
  return { id, scope, default: defaultValue };
}

export const SETTINGS = {
  validationDebounceMs: spec(Settings.validationDebounceMs, 'window', 250),
  gitlabLintOnSave: spec(Settings.gitlabLintOnSave, 'window', false),
  devBranch: spec(Settings.devBranch, 'resource', ''),
  masterBranch: spec(Settings.masterBranch, 'resource', ''),
  remoteName: spec(Settings.remoteName, 'resource', ''),
  projectPath: spec(Settings.projectPath, 'resource', ''),
  /** Raw rules; compiled (and checked) by core's compileGatePatterns. */
  gatePatterns: spec<unknown, 'resource'>(Settings.gatePatterns, 'resource', []),
  notifyGates: spec(Settings.notifyGates, 'window', true),
  notifyStartedPipelines: spec(Settings.notifyStartedPipelines, 'window', true),
  notifyPlayedJobs: spec(Settings.notifyPlayedJobs, 'window', true),
  canaryPrometheusUrl: spec(Settings.canaryPrometheusUrl, 'resource', ''),
  canaryWindowMinutes: spec(Settings.canaryWindowMinutes, 'resource', 15),
  canaryAutoCheck: spec(Settings.canaryAutoCheck, 'resource', true),
} as const satisfies Readonly<Record<keyof typeof Settings, SettingSpec<unknown>>>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'] extends string ? string : (typeof SETTINGS)[K]['default'] extends number ? number : (typeof SETTINGS)[K]['default'] extends boolean ? boolean : unknown;
type KeysOfScope<S extends SettingScope> = { [K in SettingKey]: (typeof SETTINGS)[K]['scope'] extends S ? K : never }[SettingKey];
export type WindowSetting = KeysOfScope<'window'>;
export type ResourceSetting = KeysOfScope<'resource'>;
