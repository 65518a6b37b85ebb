/**
 * Every command, view, context key and setting id the extension contributes, in one place.
 * test/unit/manifest checks this module against package.json both ways, so a renamed or
 * forgotten id fails the build instead of a user's click.
 */
export const Commands = {
  showMergedConfiguration: 'releasePilot.showMergedConfiguration',
  showLog: 'releasePilot.showLog',
  signIn: 'releasePilot.signIn',
  signOut: 'releasePilot.signOut',
  refreshLanes: 'releasePilot.refreshLanes',
  openInBrowser: 'releasePilot.openInBrowser',
} as const;

export const Views = {
  container: 'releasePilot',
  lanes: 'releasePilot.lanes',
} as const;

export const ContextKeys = {
  /** `no-repository`, `signed-out` or `ready`: picks the lanes view's welcome content. */
  lanesState: 'releasePilot.lanesState',
} as const;

export const Settings = {
  validationDebounceMs: 'releasePilot.validation.debounceMs',
  devBranch: 'releasePilot.lanes.devBranch',
  masterBranch: 'releasePilot.lanes.masterBranch',
  remoteName: 'releasePilot.gitlab.remoteName',
  projectPath: 'releasePilot.gitlab.projectPath',
} as const;

export const LANGUAGE_ID = 'gitlab-ci';

export type CommandId = (typeof Commands)[keyof typeof Commands];
