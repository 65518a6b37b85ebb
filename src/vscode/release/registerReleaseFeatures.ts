/**
 * The release features in one call for the composition root: commands acting on lanes,
 * gates and deployments, the live log view, and notifications. Collaborators come in as
 * parameters (LanesController fits {@link ReleaseHost}), so tests can build the same objects
 * against the local GitLab server with a scripted {@link ReleaseUi}.
 */
import * as vscode from 'vscode';
import type { GitLabApi } from '../../core/gitlab/client';
import type { Job } from '../../core/gitlab/models';
import type { Logger } from '../../core/logger';
import type { LogPaceOptions } from '../../core/release/log/logPace';
import { InFlightGuard } from '../../core/release/actions/inFlightGuard';
import { compileGatePatterns } from '../../core/release/gates/gatePatterns';
import type { GatePattern } from '../../core/release/gates/gatePatterns';
import type { EventButton, NotificationSetting, ReleaseEvent } from '../../core/release/notify/releaseEvents';
import type { CommandId } from '../ids';
import { Commands, ContextKeys, Settings } from '../ids';
import type { ApprovalVerb } from './approvalActions';
import { decideDeployment, reviewPendingApprovals } from './approvalActions';
import { cancelJob, cancelPipeline, playJob, retryJob, retryPipeline, startPipeline } from './jobActions';
import type { ApiLookup } from './logView';
import { LogView } from './logView';
import { promote } from './promote';
import type { ReleaseDeps, WatchedSets } from './releaseContext';
import { connectionFor } from './releaseContext';
import type { NodeLookup, ReleaseHost, ReleaseTarget } from './releaseHost';
import { resolveTarget } from './releaseHost';
import { ReleaseNotifier } from './releaseNotifier';
import type { ReleaseUi } from './releaseUi';
import { vscodeReleaseUi } from './releaseUi';
import { browsableLink } from '../../core/safeLink';

export interface ReleaseFeatureOptions {
  readonly host: ReleaseHost;
  readonly logger: Logger;
  /** workspaceState: last variables per project, notifications already shown. */
  readonly memory: vscode.Memento;
  /** The lanes tree, to resolve node ids passed by menus. */
  readonly tree?: NodeLookup;
  /** Registers a command behind the shared error boundary (CommandRunner.register). Omitted: nothing is registered (tests). */
  readonly register?: (id: CommandId, handler: (...args: unknown[]) => unknown) => vscode.Disposable;
  readonly ui?: ReleaseUi;
  /** Where log documents get their API; default: the connected repositories' instances. */
  readonly apiForInstance?: ApiLookup;
  /** URI scheme of log documents (tests use their own so two registrations do not clash). */
  readonly logScheme?: string;
  /** The "promote anyway" text for a repository's pipeline when its canary looked suspect or failing. */
  readonly canaryWarning?: (repoKey: string, pipelineId: number) => Promise<string | undefined>;
  /** Log reading pace (tests speed it up). */
  readonly logPace?: Partial<LogPaceOptions>;
}

export interface ReleaseFeatures extends vscode.Disposable {
  readonly deps: ReleaseDeps;
  readonly logs: LogView;
  readonly notifier: ReleaseNotifier;
  readonly startPipeline: (target?: ReleaseTarget) => ReturnType<typeof startPipeline>;
  readonly play: (target: ReleaseTarget, withVariables?: boolean) => ReturnType<typeof playJob>;
  readonly decide: (verb: ApprovalVerb, target?: ReleaseTarget) => ReturnType<typeof decideDeployment>;
  readonly promote: (target?: ReleaseTarget) => ReturnType<typeof promote>;
  readonly retryJob: (target: ReleaseTarget) => ReturnType<typeof retryJob>;
  readonly cancelJob: (target: ReleaseTarget) => ReturnType<typeof cancelJob>;
  readonly retryPipeline: (target: ReleaseTarget) => ReturnType<typeof retryPipeline>;
  readonly cancelPipeline: (target: ReleaseTarget) => ReturnType<typeof cancelPipeline>;
  readonly followLog: (target: ReleaseTarget, job?: Job) => Promise<vscode.TextEditor>;
}

export function registerReleaseFeatures(options: ReleaseFeatureOptions): ReleaseFeatures {
  const disposables: vscode.Disposable[] = [];
  const ui = options.ui ?? vscodeReleaseUi;
  const watched: WatchedSets = {
    pipelines: new RememberedIds(options.memory, 'releasePilot.release.startedPipelines'),
    jobs: new RememberedIds(options.memory, 'releasePilot.release.playedJobs'),
  };
  const guard = new InFlightGuard((busy) => void vscode.commands.executeCommand('setContext', ContextKeys.actionInFlight, busy.length > 0));
  const patterns = gatePatternsFromSettings(options.logger);
  disposables.push(patterns);
  const logs = new LogView(options.apiForInstance ?? waitForApi(options.host), options.logger, options.logScheme, options.logPace);
  disposables.push(logs);

  // Addresses come from GitLab's answers: only plain web links leave for the browser.
  const openInBrowser = async (url: string): Promise<boolean> => {
    const link = browsableLink(url);
    if (link.ok) return vscode.env.openExternal(vscode.Uri.parse(link.url, true));
    void vscode.window.showWarningMessage(link.reason);
    return false;
  };
  const followLog = async (target: ReleaseTarget, job?: Job): Promise<vscode.TextEditor> => {
    if (target.jobId === undefined) throw new Error('Choose a job to follow its log.');
    const { api, projectPath } = connectionFor(deps, target);
    const name = job?.name ?? (await api.job(projectPath, target.jobId)).data.name;
    return logs.open({ instanceUrl: api.instance.url, projectPath, jobId: target.jobId, jobName: name });
  };
  const deps: ReleaseDeps = {
    host: options.host,
    ui,
    logger: options.logger,
    guard,
    watched,
    patterns: () => patterns.current,
    signIn: () => Promise.resolve(vscode.commands.executeCommand(Commands.signIn)),
    openLog: followLog,
    openPlay: (target) => playJob(deps, target),
    memory: options.memory,
    ...(options.canaryWarning ? { canaryWarning: options.canaryWarning } : {}),
  };

  const act = (button: EventButton, target: ReleaseTarget, event: ReleaseEvent): Promise<unknown> => {
    const actions: Readonly<Record<EventButton, () => Promise<unknown>>> = {
      play: () => playJob(deps, target),
      approve: () => decideDeployment(deps, 'approve', target),
      'show-log': () => followLog(target),
      'open-in-browser': () => Promise.resolve(event.webUrl ? openInBrowser(event.webUrl) : undefined),
    };
    return actions[button]();
  };
  const notifier = new ReleaseNotifier({
    host: options.host, ui, logger: options.logger, watched, patterns: deps.patterns, memory: options.memory, act,
    enabled: () => notificationSettings(),
  });
  disposables.push(notifier);

  const features: ReleaseFeatures = {
    deps, logs, notifier,
    startPipeline: (target) => startPipeline(deps, target),
    play: (target, withVariables = false) => playJob(deps, target, { withVariables }),
    decide: (verb, target) => decideDeployment(deps, verb, target),
    promote: (target) => promote(deps, target, openInBrowser),
    retryJob: (target) => retryJob(deps, target),
    cancelJob: (target) => cancelJob(deps, target),
    retryPipeline: (target) => retryPipeline(deps, target),
    cancelPipeline: (target) => cancelPipeline(deps, target),
    followLog,
    dispose: () => {
      for (const d of disposables.splice(0).reverse()) d.dispose();
    },
  };

  const { register } = options;
  if (register) {
    const target = (arg: unknown): ReleaseTarget | undefined => resolveTarget(arg, options.tree);
    const required = (arg: unknown): ReleaseTarget => {
      const resolved = target(arg);
      if (!resolved) throw new Error('Run this from a job or pipeline in the Release Lanes view.');
      return resolved;
    };
    disposables.push(
      register(Commands.startPipeline, (arg) => features.startPipeline(target(arg))),
      register(Commands.promote, (arg) => features.promote(target(arg))),
      register(Commands.playJob, (arg) => features.play(required(arg))),
      register(Commands.playJobWithVariables, (arg) => features.play(required(arg), true)),
      register(Commands.approveDeployment, (arg) => features.decide('approve', target(arg))),
      register(Commands.rejectDeployment, (arg) => features.decide('reject', target(arg))),
      register(Commands.showPendingApprovals, () => reviewPendingApprovals(deps, openInBrowser)),
      register(Commands.retryJob, (arg) => features.retryJob(required(arg))),
      register(Commands.cancelJob, (arg) => features.cancelJob(required(arg))),
      register(Commands.retryPipeline, (arg) => features.retryPipeline(required(arg))),
      register(Commands.cancelPipeline, (arg) => features.cancelPipeline(required(arg))),
      register(Commands.followJobLog, (arg) => features.followLog(required(arg))),
    );
  }
  return features;
}

/** Gate patterns from settings, recompiled when they change; broken rules are logged, not fatal. */
function gatePatternsFromSettings(logger: Logger): vscode.Disposable & { readonly current: readonly GatePattern[] } {
  const load = (): readonly GatePattern[] => {
    const compiled = compileGatePatterns(vscode.workspace.getConfiguration().get<unknown>(Settings.gatePatterns));
    for (const problem of compiled.problems) logger.warn(`Setting ${Settings.gatePatterns}: ${problem}`);
    return compiled.patterns;
  };
  let current = load();
  const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(Settings.gatePatterns)) current = load();
  });
  return {
    get current() {
      return current;
    },
    dispose: () => {
      subscription.dispose();
    },
  };
}

function notificationSettings(): Readonly<Record<NotificationSetting, boolean>> {
  const config = vscode.workspace.getConfiguration();
  return {
    gates: config.get<boolean>(Settings.notifyGates, true),
    startedPipelines: config.get<boolean>(Settings.notifyStartedPipelines, true),
    playedJobs: config.get<boolean>(Settings.notifyPlayedJobs, true),
  };
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

/**
 * Ids of what this workspace set in motion, kept in workspaceState so that "your pipeline
 * finished" still comes after a window reload. Bounded: only the latest ones matter.
 */
class RememberedIds extends Set<number> {
  private static readonly LIMIT = 200;

  constructor(private readonly memory: vscode.Memento, private readonly key: string) {
    super(memory.get<number[]>(key) ?? []);
  }

  override add(id: number): this {
    super.add(id);
    // Called by Set's constructor before the fields exist: nothing to save then.
    if (this.memory) void this.memory.update(this.key, [...this].slice(-RememberedIds.LIMIT));
    return this;
  }
}
