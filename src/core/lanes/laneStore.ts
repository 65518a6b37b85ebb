/**
 * Fetches the lanes' latest pipelines, cheaply. Per refresh every distinct read is made
 * once (two lanes on the same branch or pipeline share it), and a lane whose pipeline is
 * at rest and whose list entry did not move reuses its previous details without asking
 * GitLab again: resting pipelines only change when their status or `updated_at` does.
 */
import type { GitLabApi, ProjectRef, ReadResult } from '../gitlab/client';
import { GitLabError } from '../gitlab/errors';
import type { PipelineBasic } from '../gitlab/models';
import type { LaneId, LaneSpec } from './lanes';
import type { LaneSnapshot, PipelineView, RepoSnapshot } from './snapshot';
import { buildStages, pipelineActivity, pipelineStatus, snapshotActivity } from './snapshot';
import type { Activity } from './statusTable';

/** The reads the store needs; a fake implementing just these is enough for tests. */
export type SnapshotApi = Pick<GitLabApi, 'mergeRequestsForBranch' | 'mrPipelines' | 'pipelines' | 'pipeline' | 'pipelineJobs' | 'pipelineBridges'>;

export interface RepoTarget {
  readonly repoKey: string;
  readonly projectPath: string;
  readonly api: SnapshotApi;
  readonly lanes: readonly LaneSpec[];
}

export interface StoreRefresh {
  readonly snapshots: readonly RepoSnapshot[];
  /** Pace the poller should keep. */
  readonly activity: Activity;
  /** The most serious error any lane met (lanes keep their last good data meanwhile). */
  readonly error?: GitLabError;
  /** Every read of this refresh came back "not modified" (or none was needed). */
  readonly allUnchanged: boolean;
  /** Requests this refresh made (after de-duplication). */
  readonly reads: number;
}

export interface RefreshOptions {
  /** Re-read every pipeline's details, even resting ones (after the user acted). */
  readonly force?: boolean;
  /** Per repository, the lanes to read; the others keep their last snapshot (lanes never read are read anyway). */
  readonly only?: ReadonlyMap<string, ReadonlySet<LaneId>>;
  /**
   * Per repository, lanes whose pipeline is known to be still their latest (the change feed
   * showed nothing new on their branch): only what moves inside a running pipeline is read,
   * its jobs (and trigger jobs and child pipelines, if it has any). The pipeline itself is
   * re-read only when it is in `moved`.
   */
  readonly sameHead?: ReadonlyMap<string, ReadonlySet<LaneId>>;
  /** Pipelines the change feed showed moving since the last refresh. */
  readonly moved?: ReadonlySet<number>;
}

export interface LaneStoreOptions {
  /** How deep to follow trigger jobs into downstream pipelines (default 2). */
  readonly maxDownstreamDepth?: number;
}

/** Pipelines that belong under a parent's trigger job rather than heading a lane. */
const CHILD_SOURCES: ReadonlySet<string> = new Set(['parent_pipeline']);
/** Enough recent pipelines of a branch to find the newest parent behind its children. */
const BRANCH_HEAD_WINDOW = 5;

/** Which lane error the poller should react to first. */
const ERROR_SEVERITY: readonly GitLabError['kind'][] = ['unauthorized', 'refused', 'rate-limited', 'network', 'server', 'forbidden', 'not-found', 'bad-request'];

export class LaneStore {
  private readonly previous = new Map<string, RepoSnapshot>();
  private readonly maxDepth: number;

  constructor(options: LaneStoreOptions = {}) {
    this.maxDepth = options.maxDownstreamDepth ?? 2;
  }

  /** The last snapshot of a repository, if any. */
  snapshot(repoKey: string): RepoSnapshot | undefined {
    return this.previous.get(repoKey);
  }

  /** Drops a repository (folder closed, signed out). */
  forget(repoKey: string): void {
    this.previous.delete(repoKey);
  }

  /**
   * Reads every lane of every target. GitLab errors are recorded per lane, never thrown.
   * `force` re-reads every pipeline's details: pass it after the user acted (play, retry),
   * when GitLab may not have moved the pipeline's own status yet.
   */
  async refresh(targets: readonly RepoTarget[], options: RefreshOptions = {}): Promise<StoreRefresh> {
    const reads = new ReadScope();
    const snapshots = await Promise.all(targets.map(async (target) => {
      const api = reads.wrap(target.api);
      const before = this.previous.get(target.repoKey);
      const only = options.only?.get(target.repoKey);
      const lanes = await Promise.all(target.lanes.map((lane): Promise<LaneSnapshot> => {
        const last = before?.lanes.find((l) => l.lane.id === lane.id);
        // A lane nothing can have moved keeps its last snapshot without a request.
        if (only && !only.has(lane.id) && last && last.lane.branch === lane.branch) return Promise.resolve({ ...last, lane });
        if (last?.pipeline && !last.error && !options.force && options.sameHead?.get(target.repoKey)?.has(lane.id) && last.lane.branch === lane.branch) {
          return this.refreshRunning(api, target.projectPath, { ...last, lane }, last.pipeline, options.moved ?? new Set());
        }
        return this.fetchLane(api, target.projectPath, lane, last, options.force ?? false);
      }));
      const snapshot: RepoSnapshot = { repoKey: target.repoKey, projectPath: target.projectPath, lanes };
      this.previous.set(target.repoKey, snapshot);
      return snapshot;
    }));
    const errors = snapshots.flatMap((s) => s.lanes.map((l) => l.error)).filter((e): e is GitLabError => e !== undefined);
    const error = ERROR_SEVERITY.map((kind) => errors.find((e) => e.kind === kind)).find((e) => e !== undefined);
    return { snapshots, activity: snapshotActivity(snapshots), ...(error ? { error } : {}), allUnchanged: reads.allUnchanged, reads: reads.count };
  }

  private async fetchLane(api: SnapshotApi, project: ProjectRef, lane: LaneSpec, before: LaneSnapshot | undefined, force: boolean): Promise<LaneSnapshot> {
    if (!lane.branch) return { lane };
    try {
      const head = await this.latestPipeline(api, project, lane, lane.branch);
      if (!head.pipeline) return { lane, ...head.context };
      const reused = force ? undefined : this.reusable(before, head.pipeline);
      if (reused) return { lane, ...head.context, pipeline: reused };
      try {
        return { lane, ...head.context, pipeline: await this.pipelineView(api, project, head.pipeline, 0) };
      } catch (error) {
        if (!(error instanceof GitLabError)) throw error;
        // The lane's pipeline is known even though its details are not: show it (last details
        // if it is the same pipeline, else its list entry) and mark the lane not updated.
        const same = before?.pipeline?.pipeline.id === head.pipeline.id ? before.pipeline : undefined;
        return { lane, ...head.context, pipeline: same ?? bareView(head.pipeline), error };
      }
    } catch (error) {
      if (!(error instanceof GitLabError)) throw error;
      return { ...(before ?? { lane }), lane, error };
    }
  }

  private async latestPipeline(api: SnapshotApi, project: ProjectRef, lane: LaneSpec, branch: string): Promise<{ pipeline?: PipelineBasic; context: Pick<LaneSnapshot, 'source' | 'mergeRequest'> }> {
    if (lane.kind === 'mr') {
      const mergeRequest = (await api.mergeRequestsForBranch(project, branch)).data[0];
      if (mergeRequest) {
        const pipeline = (await api.mrPipelines(project, mergeRequest.iid, { perPage: 1, maxPages: 1 })).data[0];
        if (pipeline) return { pipeline, context: { source: 'merge-request', mergeRequest } };
        const fallback = await this.branchHead(api, project, branch);
        return { ...(fallback ? { pipeline: fallback } : {}), context: { source: 'branch', mergeRequest } };
      }
    }
    const pipeline = await this.branchHead(api, project, branch);
    return { ...(pipeline ? { pipeline } : {}), context: { source: 'branch' } };
  }

  private async branchHead(api: SnapshotApi, project: ProjectRef, branch: string): Promise<PipelineBasic | undefined> {
    // Child pipelines share their parent's ref and come first in the list; the lane shows the
    // parent (with the child under its trigger job), so skip them.
    const recent = (await api.pipelines(project, { ref: branch, perPage: BRANCH_HEAD_WINDOW, maxPages: 1 })).data;
    return recent.find((p) => !CHILD_SOURCES.has(p.source ?? ''));
  }

  /** The previous details, when the pipeline is the same, at rest, and its list entry did not move. */
  private reusable(before: LaneSnapshot | undefined, head: PipelineBasic): PipelineView | undefined {
    const view = before?.pipeline;
    if (!view || before?.error || view.pipeline.id !== head.id) return undefined;
    if (view.pipeline.status !== head.status || (view.pipeline.updated_at ?? '') !== (head.updated_at ?? '')) return undefined;
    return pipelineActivity(view) === 'active' ? undefined : view;
  }

  /** A running lane whose head is unchanged: re-reads what moves inside it, keeps the rest. */
  private async refreshRunning(api: SnapshotApi, project: ProjectRef, last: LaneSnapshot, view: PipelineView, moved: ReadonlySet<number>): Promise<LaneSnapshot> {
    try {
      return { ...last, pipeline: await this.pipelineView(api, project, view.pipeline, 0, { view, moved }) };
    } catch (error) {
      if (!(error instanceof GitLabError)) throw error;
      return { ...last, error };
    }
  }

  private async pipelineView(api: SnapshotApi, project: ProjectRef, head: PipelineBasic, depth: number, previous?: { readonly view: PipelineView; readonly moved: ReadonlySet<number> }): Promise<PipelineView> {
    const before = previous?.view;
    // Trigger jobs are created with their pipeline: one that had none still has none.
    const hasBridges = !before || before.stages.some((s) => s.jobs.some((j) => j.kind === 'bridge'));
    const [pipeline, jobs, bridges] = await Promise.all([
      before && !previous.moved.has(head.id) ? { data: before.pipeline } : api.pipeline(project, head.id),
      api.pipelineJobs(project, head.id, { includeRetried: true }),
      hasBridges ? api.pipelineBridges(project, head.id) : { data: [] },
    ]);
    const downstream = new Map<number, PipelineView>();
    const failed = new Map<number, GitLabError>();
    if (depth < this.maxDepth) {
      const children = bridges.data.map((b) => b.downstream_pipeline).filter((p): p is PipelineBasic => p !== null && p !== undefined);
      // One child that cannot be read (another project, a hiccup) marks its trigger job; the rest still shows.
      const childBefore = (id: number) => before?.stages.flatMap((s) => s.jobs).find((j) => j.downstream?.pipeline.id === id)?.downstream;
      const settled = await Promise.allSettled(children.map((child) => {
        const known = previous ? childBefore(child.id) : undefined;
        // A finished child does not move any more; a running one is re-read like its parent.
        if (known && previous && pipelineActivity(known) !== 'active' && known.pipeline.status === child.status) return Promise.resolve(known);
        return this.pipelineView(api, child.project_id, child, depth + 1, known && previous ? { view: known, moved: new Set([...previous.moved, ...(known.pipeline.status === child.status ? [] : [child.id])]) } : undefined);
      }));
      settled.forEach((outcome, i) => {
        const child = children[i]!;
        if (outcome.status === 'fulfilled') downstream.set(outcome.value.pipeline.id, outcome.value);
        else if (outcome.reason instanceof GitLabError) failed.set(child.id, outcome.reason);
        else throw outcome.reason;
      });
    }
    const stages = buildStages(jobs.data, bridges.data, downstream, failed);
    // The list entry carries updated_at, which the single-pipeline answer may lack.
    const merged = { ...head, ...pipeline.data, updated_at: pipeline.data.updated_at ?? head.updated_at };
    const commit = jobs.data.find((j) => j.commit)?.commit;
    return { pipeline: merged, ...(commit ? { commit } : {}), status: pipelineStatus(merged, stages), stages };
  }
}

/** A pipeline known only from its list entry: shown with its status, without stages. */
function bareView(head: PipelineBasic): PipelineView {
  return { pipeline: head, status: head.status, stages: [] };
}

/** De-duplicates reads within one refresh and counts how many came back unchanged. */
class ReadScope {
  private readonly wrapped = new Map<SnapshotApi, SnapshotApi>();
  private readonly cache = new Map<SnapshotApi, Map<string, Promise<ReadResult<unknown>>>>();
  count = 0;
  private unchanged = 0;

  get allUnchanged(): boolean {
    return this.unchanged === this.count;
  }

  wrap(api: SnapshotApi): SnapshotApi {
    const existing = this.wrapped.get(api);
    if (existing) return existing;
    const memo = <A extends unknown[], T>(name: string, call: (...args: A) => Promise<ReadResult<T>>) => (...args: A): Promise<ReadResult<T>> => {
      const calls = this.cache.get(api) ?? new Map<string, Promise<ReadResult<unknown>>>();
      this.cache.set(api, calls);
      const key = `${name}:${JSON.stringify(args)}`;
      const known = calls.get(key);
      if (known) return known as Promise<ReadResult<T>>;
      this.count++;
      const pending = call(...args).then((result) => {
        if (result.unchanged) this.unchanged++;
        return result;
      });
      calls.set(key, pending);
      return pending;
    };
    const scoped: SnapshotApi = {
      mergeRequestsForBranch: memo('mergeRequestsForBranch', api.mergeRequestsForBranch.bind(api)),
      mrPipelines: memo('mrPipelines', api.mrPipelines.bind(api)),
      pipelines: memo('pipelines', api.pipelines.bind(api)),
      pipeline: memo('pipeline', api.pipeline.bind(api)),
      pipelineJobs: memo('pipelineJobs', api.pipelineJobs.bind(api)),
      pipelineBridges: memo('pipelineBridges', api.pipelineBridges.bind(api)),
    };
    this.wrapped.set(api, scoped);
    return scoped;
  }
}
