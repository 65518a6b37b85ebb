import type { Job } from '../../gitlab/models';
import type { Logger } from '../../logger';
import type { PipelineView } from '../../lanes/snapshot';
import type { ReleaseActionKind } from './refusals';
import { explainRefusal, READ_ONLY_TOKEN } from './refusals';
import { jobDeployments, withApprovals } from './deploymentLookup';
import type { Gate } from '../gates/detectGates';
import { describeJob } from '../gates/detectGates';
import type { GatePattern } from '../gates/gatePatterns';
import type { InFlightGuard } from './inFlightGuard';
import type { Asker } from '../../asker';
import type { RepoConnection } from '../../lanes/repoConnection';
import type { RepoSnapshot } from '../../lanes/snapshot';
import type { ReleaseTarget } from './releaseTarget';

/** What this window set in motion: the notifier announces how these end. */
export interface WatchedSets {
  readonly pipelines: Set<number>;
  readonly jobs: Set<number>;
}

/**
 * What the release use cases need from the rest of the extension: the GitLab connections of the
 * repositories and the lanes as last seen (the glue composes it from GitLabConnections and the
 * lanes controller; unit tests hand in a small fake bound to the local GitLab server).
 */
export interface ReleaseHost {
  connection(repoKey: string): RepoConnection | undefined;
  allConnections(): readonly RepoConnection[];
  snapshot(repoKey: string): RepoSnapshot | undefined;
  refreshNow(afterAction?: boolean): Promise<void>;
  /** Subscribes to refreshes that reached GitLab. */
  onDidRefresh(listener: (refresh: { readonly snapshots: readonly RepoSnapshot[] }) => void): { dispose(): void };
}

/** Everything the release commands share. */
export interface ReleaseDeps {
  readonly host: ReleaseHost;
  readonly ask: Asker;
  readonly logger: Logger;
  readonly guard: InFlightGuard;
  readonly watched: WatchedSets;
  /** The gate patterns of a repository (its folder's setting). */
  readonly patterns: (repoKey: string) => readonly GatePattern[];
  /** Runs the sign-in command (read-only tokens are offered a way out). */
  readonly signIn: () => Promise<unknown>;
  /** Opens a job's live log. */
  readonly openLog: (target: ReleaseTarget, job?: Job) => Promise<unknown>;
  /** Plays a job (from an approval's follow-up button). */
  readonly openPlay: (target: ReleaseTarget) => Promise<unknown>;
  /** The "promote anyway" text when the canary of this repository looked suspect or failing (issue 5). */
  readonly canaryWarning?: (repoKey: string, pipelineId: number) => Promise<string | undefined>;
  /** Per-project memory (workspaceState). */
  readonly memory: { get<T>(key: string): T | undefined; update(key: string, value: unknown): PromiseLike<void> };
}

export function connectionFor(deps: ReleaseDeps, target: ReleaseTarget): RepoConnection {
  const connection = deps.host.connection(target.repoKey);
  if (!connection) throw new Error('This repository is not connected to GitLab yet: sign in, or wait for the lanes to load.');
  return connection;
}

/**
 * Stops before any request when the token cannot act (offering to sign in again), or when the
 * workspace named the project and the person has not yet confirmed acting on it. Returns false when stopped.
 */
export async function ensureCanAct(deps: ReleaseDeps, connection: RepoConnection): Promise<boolean> {
  if (!connection.canAct) {
    const choice = await deps.ask.inform('warning', READ_ONLY_TOKEN, ['Sign in with another token']);
    if (choice) await deps.signIn();
    return false;
  }
  return connection.projectSetByWorkspace ? workspaceProjectConfirmed(deps, connection) : true;
}

/** Where the answer for a workspace-named project is kept (workspace memory, outside the repository). */
export function workspaceProjectKey(connection: Pick<RepoConnection, 'api' | 'projectPath'>): string {
  return `releasePilot.confirmedWorkspaceProject:${connection.api.instance.url}|${connection.projectPath}`;
}

/** Asks once per project and instance; a "yes" is remembered, a "no" sends nothing and asks again next time. */
async function workspaceProjectConfirmed(deps: ReleaseDeps, connection: RepoConnection): Promise<boolean> {
  const key = workspaceProjectKey(connection);
  if (deps.memory.get<boolean>(key) === true) return true;
  const instance = connection.api.instance.url;
  const yes = await deps.ask.confirm({
    message: `This workspace's settings point Release Pilot at the project ${connection.projectPath} on ${instance}. Act on that project?`,
    detail: [
      `releasePilot.gitlab.projectPath is set by the workspace (its .vscode/settings.json or folder settings), not in your user settings.`,
      `Plays, retries, cancellations, approvals and new pipelines from this window will go to ${connection.projectPath} on ${instance}.`,
      'You are asked once for this project; nothing has been sent yet.',
    ].join('\n'),
    confirm: `Act on ${connection.projectPath}`,
  });
  if (yes) await deps.memory.update(key, true);
  return yes;
}

/** The pipeline as the lanes last saw it (downstream pipelines included). */
export function findPipelineView(deps: ReleaseDeps, repoKey: string, pipelineId: number): PipelineView | undefined {
  const search = (view: PipelineView | undefined): PipelineView | undefined => {
    if (!view) return undefined;
    if (view.pipeline.id === pipelineId) return view;
    for (const stage of view.stages) for (const job of stage.jobs) {
      const found = search(job.downstream);
      if (found) return found;
    }
    return undefined;
  };
  for (const lane of deps.host.snapshot(repoKey)?.lanes ?? []) {
    const found = search(lane.pipeline);
    if (found) return found;
  }
  return undefined;
}

/**
 * A job as it is now (read fresh: the tree may be seconds old and the table decides on the
 * status) with where it deploys and what may be done with it.
 */
export async function freshGate(deps: ReleaseDeps, connection: Pick<RepoConnection, 'repoKey' | 'api' | 'projectPath'>, jobId: number): Promise<Gate> {
  const { api, projectPath } = connection;
  const [job, deployments] = await Promise.all([api.job(projectPath, jobId), jobDeployments(api, projectPath)]);
  const pipeline = job.data.pipeline;
  if (!pipeline) throw new Error(`GitLab did not say which pipeline job ${jobId} belongs to.`);
  const listed = deployments.get(jobId);
  if (listed) deployments.set(jobId, await withApprovals(api, projectPath, listed));
  return describeJob(job.data, pipeline, deployments, deps.patterns(connection.repoKey));
}

/**
 * Sends one write through the in-flight guard. GitLab's refusals become plain warnings (and
 * a refresh when what is shown is stale); anything else propagates to the command's error
 * boundary. Resolves to undefined when nothing was sent or GitLab refused.
 */
export async function sendOnce<T>(deps: ReleaseDeps, key: string, action: ReleaseActionKind, send: () => Promise<T>): Promise<T | undefined> {
  try {
    const result = await deps.guard.run(key, send);
    if (!result.ran) {
      void deps.ask.inform('info', 'That request is already on its way to GitLab: it is sent once, not again.');
      return undefined;
    }
    return result.value;
  } catch (error) {
    const refusal = explainRefusal(error, action);
    if (!refusal) throw error;
    deps.logger.warn(`${action} refused: ${error instanceof Error ? error.message : String(error)}`);
    if (refusal.refresh) void deps.host.refreshNow(true);
    const buttons = refusal.needsApiScope ? ['Sign in with another token'] : [];
    void deps.ask.inform('warning', refusal.message, buttons).then((choice) => (choice ? deps.signIn() : undefined));
    return undefined;
  }
}
