/**
 * Every command, view and setting id the extension contributes, in one place.
 * test/unit/manifest.test.ts checks this module against package.json both ways,
 * so a renamed or forgotten id fails the build instead of a user's click.
 */
export const Commands = {
  showMergedConfiguration: 'releasePilot.showMergedConfiguration',
  showLog: 'releasePilot.showLog',
} as const;

export const Views = {
  container: 'releasePilot',
  lanes: 'releasePilot.lanes',
} as const;

export const Settings = {
  validationDebounceMs: 'releasePilot.validation.debounceMs',
} as const;

export const LANGUAGE_ID = 'gitlab-ci';

export type CommandId = (typeof Commands)[keyof typeof Commands];
