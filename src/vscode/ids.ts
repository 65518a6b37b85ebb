/**
 * Every command, view, context key and setting id the extension contributes, in one place.
 * test/unit/vscode checks this module against package.json both ways, so a renamed or
 * forgotten id fails the build instead of a user's click.
 */
export const Commands = {
  showMergedConfiguration: 'releasePilot.showMergedConfiguration',
  showLog: 'releasePilot.showLog',
  signIn: 'releasePilot.signIn',
  signOut: 'releasePilot.signOut',
  refreshLanes: 'releasePilot.refreshLanes',
  openInBrowser: 'releasePilot.openInBrowser',
  // Release actions (src/vscode/release)
  startPipeline: 'releasePilot.startPipeline',
  promote: 'releasePilot.promote',
  playJob: 'releasePilot.playJob',
  playJobWithVariables: 'releasePilot.playJobWithVariables',
  approveDeployment: 'releasePilot.approveDeployment',
  rejectDeployment: 'releasePilot.rejectDeployment',
  showPendingApprovals: 'releasePilot.showPendingApprovals',
  retryJob: 'releasePilot.retryJob',
  cancelJob: 'releasePilot.cancelJob',
  retryPipeline: 'releasePilot.retryPipeline',
  cancelPipeline: 'releasePilot.cancelPipeline',
  followJobLog: 'releasePilot.followJobLog',
  validateWithGitLab: 'releasePilot.validateWithGitLab',
  // Release pipeline scaffold and canary health (src/vscode/scaffold, src/vscode/canary)
  createReleasePipeline: 'releasePilot.createReleasePipeline',
  checkCanaryHealth: 'releasePilot.checkCanaryHealth',
  setPrometheusCredentials: 'releasePilot.setPrometheusCredentials',
  // Pipeline preview (src/vscode/preview)
  previewPipeline: 'releasePilot.previewPipeline',
  validatePreviewWithGitLab: 'releasePilot.validatePreviewWithGitLab',
  // Includes from other projects, templates, components and remote hosts (src/vscode/ci)
  clearIncludeCache: 'releasePilot.clearIncludeCache',
  allowRemoteIncludeHost: 'releasePilot.allowRemoteIncludeHost',
  // Environments and rollback (src/vscode/environments)
  refreshEnvironments: 'releasePilot.refreshEnvironments',
  compareEnvironments: 'releasePilot.compareEnvironments',
  rollBackEnvironment: 'releasePilot.rollBackEnvironment',
} as const;

export const Views = {
  container: 'releasePilot',
  lanes: 'releasePilot.lanes',
  environments: 'releasePilot.environments',
} as const;

export const ContextKeys = {
  /** `no-repository`, `signed-out` or `ready`: picks the lanes view's welcome content. */
  lanesState: 'releasePilot.lanesState',
  /** True while a play, approval, retry or cancel is on its way to GitLab: greys out the release buttons. */
  actionInFlight: 'releasePilot.actionInFlight',
} as const;

export const Settings = {
  validationDebounceMs: 'releasePilot.validation.debounceMs',
  gitlabLintOnSave: 'releasePilot.validation.gitlabLintOnSave',
  devBranch: 'releasePilot.lanes.devBranch',
  masterBranch: 'releasePilot.lanes.masterBranch',
  remoteName: 'releasePilot.gitlab.remoteName',
  projectPath: 'releasePilot.gitlab.projectPath',
  gatePatterns: 'releasePilot.release.gatePatterns',
  notifyGates: 'releasePilot.notifications.gates',
  notifyStartedPipelines: 'releasePilot.notifications.startedPipelines',
  notifyPlayedJobs: 'releasePilot.notifications.playedJobs',
  canaryPrometheusUrl: 'releasePilot.canary.prometheusUrl',
  canaryWindowMinutes: 'releasePilot.canary.windowMinutes',
  canaryAutoCheck: 'releasePilot.canary.autoCheck',
} as const;

export const LANGUAGE_ID = 'gitlab-ci';

/** URI schemes of the read-only documents the extension serves (and activates on after a reload). */
export const Schemes = {
  jobLog: 'release-pilot-log',
  mergedConfig: 'release-pilot-merged',
  /** Files read from GitLab or a remote host for an include, shown read-only (the CI core's `REMOTE_INCLUDE_SCHEME`). */
  remoteInclude: 'gitlab-include',
  /** A commit's diff as GitLab gave it (held for the session only, so no activation on it). */
  commitDiff: 'release-pilot-diff',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
