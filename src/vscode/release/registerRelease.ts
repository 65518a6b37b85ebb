/**
 * The release features: commands acting on lanes, gates and deployments (use cases in
 * core/release/actions), the live log view, and notifications.
 */
import * as vscode from 'vscode';
import { browsableLink } from '../../core/safeLink';
import type { GitLabApi } from '../../core/gitlab/client';
import type { Job } from '../../core/gitlab/models';
import { InFlightGuard } from '../../core/release/actions/inFlightGuard';
import { decideDeployment, reviewPendingApprovals } from '../../core/release/actions/approvalActions';
import { cancelJob, cancelPipeline, playJob, retryJob, retryPipeline, startPipeline } from '../../core/release/actions/jobActions';
import { promote } from '../../core/release/actions/promote';
import type { ReleaseDeps, ReleaseHost, WatchedSets } from '../../core/release/actions/releaseDeps';
import { connectionFor } from '../../core/release/actions/releaseDeps';
import type { ReleaseTarget } from '../../core/release/actions/releaseTarget';
import { resolveTarget } from '../../core/release/actions/releaseTarget';
import type { EventButton, ReleaseEvent } from '../../core/release/notify/releaseEvents';
import { ReleaseNotifier } from '../../core/release/notify/releaseNotifier';
import type { FeatureContext } from '../featureContext';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { Commands, ContextKeys } from '../ids';
import type { LanesFeature } from '../lanes/registerLanes';
import type { ApiLookup } from './logView';
import { LogView } from './logView';
import { RememberedIds } from './rememberedIds';
import { windowNoticeBoard } from './windowNoticeBoard';

export interface ReleaseFeatureDeps {
  readonly gitlab: GitLabConnections;
  readonly lanes: LanesFeature;
  /** The "promote anyway" text for a repository's pipeline when its canary looked suspect or failing. */
  readonly canaryWarning: (repoKey: string, pipelineId: number) => Promise<string | undefined>;
}

/** What later features use: the release use cases' dependencies (Roll Back... in the Environments view). */
export interface ReleaseFeature {
  readonly release: ReleaseDeps;
}

export function registerRelease(context: FeatureContext, deps: ReleaseFeatureDeps): ReleaseFeature {
  const { store, commands, logger, settings, ask } = context;
  const memory = context.extension.workspaceState;
  const { controller, tree } = deps.lanes;
  const host: ReleaseHost = {
    connection: (repoKey) => deps.gitlab.connection(repoKey),
    allConnections: () => deps.gitlab.allConnections(),
    snapshot: (repoKey) => controller.snapshot(repoKey),
    refreshNow: (afterAction) => controller.refreshNow(afterAction),
    onDidRefresh: (listener) => controller.onDidRefresh(listener),
  };
  const watched: WatchedSets = {
    pipelines: new RememberedIds(memory, 'releasePilot.release.startedPipelines'),
    jobs: new RememberedIds(memory, 'releasePilot.release.playedJobs'),
  };
  const guard = new InFlightGuard((busy) => void vscode.commands.executeCommand('setContext', ContextKeys.actionInFlight, busy.length > 0));
  const logs = store.add(new LogView(waitForApi(host), logger));

  // Addresses come from GitLab's answers: only plain web links to the instance they came from leave for the browser.
  const openInBrowser = async (url: string, instanceUrl: string): Promise<boolean> => {
    const link = browsableLink(url, instanceUrl);
    if (link.ok) return vscode.env.openExternal(vscode.Uri.parse(link.url, true));
    void vscode.window.showWarningMessage(link.reason);
    return false;
  };
  const followLog = async (target: ReleaseTarget, job?: Job): Promise<vscode.TextEditor> => {
    if (target.jobId === undefined) throw new Error('Choose a job to follow its log.');
    const { api, projectPath } = connectionFor(release, target);
    const name = job?.name ?? (await api.job(projectPath, target.jobId)).data.name;
    return logs.open({ instanceUrl: api.instance.url, projectPath, jobId: target.jobId, jobName: name });
  };
  const release: ReleaseDeps = {
    host, ask, logger, guard, watched, memory,
    patterns: (repoKey) => settings.gatePatterns(repoKey),
    signIn: () => Promise.resolve(vscode.commands.executeCommand(Commands.signIn)),
    openLog: followLog,
    openPlay: (target) => playJob(release, target),
    canaryWarning: deps.canaryWarning,
  };

  const act = (button: EventButton, target: ReleaseTarget, event: ReleaseEvent): Promise<unknown> => {
    const actions: Readonly<Record<EventButton, () => Promise<unknown>>> = {
      play: () => playJob(release, target),
      approve: () => decideDeployment(release, 'approve', target),
      'show-log': () => followLog(target),
      'open-in-browser': () => {
        const instanceUrl = deps.gitlab.connection(target.repoKey)?.api.instance.url;
        return Promise.resolve(event.webUrl && instanceUrl ? openInBrowser(event.webUrl, instanceUrl) : undefined);
      },
    };
    return actions[button]();
  };
  const notifier = store.add(new ReleaseNotifier({
    host, ask, logger, watched, patterns: release.patterns, memory, act, enabled: () => settings.notifications(),
    board: windowNoticeBoard,
    approvalsChanged: () => controller.rerender(),
  }));
  // The tree's Approve and Reject follow the approval state the notifier reads for waiting gates.
  controller.setApprovals((jobId) => notifier.approvalOf(jobId));

  const target = (arg: unknown): ReleaseTarget | undefined => resolveTarget(arg, tree);
  const required = (arg: unknown): ReleaseTarget => {
    const resolved = target(arg);
    if (!resolved) throw new Error('Run this from a job or pipeline in the Release Lanes view.');
    return resolved;
  };
  store.add(commands.register(Commands.startPipeline, (arg) => startPipeline(release, target(arg))));
  store.add(commands.register(Commands.promote, (arg) => promote(release, target(arg), openInBrowser)));
  store.add(commands.register(Commands.playJob, (arg) => playJob(release, required(arg))));
  store.add(commands.register(Commands.playJobWithVariables, (arg) => playJob(release, required(arg), { withVariables: true })));
  store.add(commands.register(Commands.approveDeployment, (arg) => decideDeployment(release, 'approve', target(arg))));
  store.add(commands.register(Commands.rejectDeployment, (arg) => decideDeployment(release, 'reject', target(arg))));
  store.add(commands.register(Commands.showPendingApprovals, () => reviewPendingApprovals(release, openInBrowser)));
  store.add(commands.register(Commands.retryJob, (arg) => retryJob(release, required(arg))));
  store.add(commands.register(Commands.cancelJob, (arg) => cancelJob(release, required(arg))));
  store.add(commands.register(Commands.retryPipeline, (arg) => retryPipeline(release, required(arg))));
  store.add(commands.register(Commands.cancelPipeline, (arg) => cancelPipeline(release, required(arg))));
  store.add(commands.register(Commands.followJobLog, (arg) => followLog(required(arg))));
  return { release };
}

/** After a reload the log may be restored before the lanes connect: wait for a refresh (bounded). */
function waitForApi(host: ReleaseHost, timeoutMs = 20_000): ApiLookup {
  const find = (url: string): GitLabApi | undefined => host.allConnections().find((c) => c.api.instance.url === url)?.api;
  return (url) => {
    const known = find(url);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const subscription = host.onDidRefresh(() => {
        const api = find(url);
        if (api) done(api);
      });
      function done(api: GitLabApi | undefined): void {
        clearTimeout(timer);
        subscription.dispose();
        resolve(api);
      }
    });
  };
}
