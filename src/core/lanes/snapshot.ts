/**
 * What a lane looks like at one moment: its latest pipeline, stages in pipeline order,
 * jobs per stage with their markers, and downstream pipelines under their trigger jobs.
 * Pure data and pure functions; fetching lives in laneStore.ts.
 */
import type { GitLabError } from '../gitlab/errors';
import type { Bridge, CommitBasic, Job, MergeRequest, Pipeline, PipelineBasic } from '../gitlab/models';
import type { JobDeployment } from './jobDeployment';
import type { LaneSpec } from './lanes';
import type { Activity, StatusKey } from './statusTable';
import { combineActivity, groupStatus, jobActivity, jobStatusKey, statusInfo } from './statusTable';

export interface JobMarkers {
  /** Waits for someone to play it. */
  readonly manual: boolean;
  /** Its failure does not fail the pipeline. */
  readonly allowFailure: boolean;
  /** This is not the first attempt. */
  readonly retried: boolean;
}

export interface JobView {
  readonly kind: 'job' | 'bridge';
  /** The latest attempt. */
  readonly job: Job | Bridge;
  readonly status: StatusKey;
  readonly markers: JobMarkers;
  /** 1 for a job never retried. */
  readonly attempts: number;
  /** For a trigger job: the pipeline it started, when fetched. */
  readonly downstream?: PipelineView;
  /** For a trigger job: why its downstream pipeline could not be read (the rest of the pipeline still shows). */
  readonly downstreamError?: GitLabError;
}

export interface StageView {
  readonly name: string;
  readonly status: StatusKey;
  readonly jobs: readonly JobView[];
}

export interface PipelineView {
  /** The single-pipeline answer merged over its list entry. */
  readonly pipeline: Pipeline;
  /** The commit the pipeline ran for, from its jobs (lists carry no commit title). */
  readonly commit?: CommitBasic;
  readonly status: StatusKey;
  readonly stages: readonly StageView[];
}

export interface LaneSnapshot {
  readonly lane: LaneSpec;
  /** Where the pipeline came from: the MR lane falls back to the branch when no MR (or no MR pipeline) exists. */
  readonly source?: 'merge-request' | 'branch';
  /** MR lane: the open merge request of the branch, if any. */
  readonly mergeRequest?: MergeRequest;
  /** Undefined when the lane has no pipeline (or could not be read: see `error`). */
  readonly pipeline?: PipelineView;
  readonly error?: GitLabError;
  /**
   * Where the lane pipeline's manual jobs deploy, with their approval state, by job id: read once
   * per pipeline, approvals re-read on their own slower pace (see gateDeployments.ts).
   */
  readonly deployments?: Readonly<Record<number, JobDeployment>>;
}

export interface RepoSnapshot {
  /** Stable key of the repository (e.g. its folder URI); the root of its node ids. */
  readonly repoKey: string;
  readonly projectPath: string;
  readonly lanes: readonly LaneSnapshot[];
}

interface Attempts {
  readonly latest: Job | Bridge;
  readonly kind: 'job' | 'bridge';
  readonly count: number;
  readonly firstId: number;
}

/**
 * Job names compared as `localeCompare(.., 'en', { numeric: true })` would, with one collator made
 * once: localeCompare with options builds a collator per call, which dominated stage building
 * for a 500-job pipeline (issue 10, docs/benchmarks.md "Scale").
 */
const JOB_NAME_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Groups jobs and trigger jobs into stages in pipeline order. GitLab lists jobs newest
 * first and a retry gets a fresh id, so neither list order nor the latest ids tell the
 * stage order. Every job of a pipeline is created when the pipeline is, stage by stage,
 * so the smallest id ever seen in a stage (first attempts included) orders the stages.
 * Within a stage jobs sort by name, numbers compared as numbers (`test 2/10` < `test 10/10`).
 */
export function buildStages(
  jobs: readonly Job[],
  bridges: readonly Bridge[],
  downstream: ReadonlyMap<number, PipelineView> = new Map(),
  downstreamErrors: ReadonlyMap<number, GitLabError> = new Map(),
): StageView[] {
  const byName = new Map<string, Attempts>();
  const add = (job: Job | Bridge, kind: 'job' | 'bridge'): void => {
    const key = `${job.stage}\u0000${kind}\u0000${job.name}`;
    const seen = byName.get(key);
    if (!seen) return void byName.set(key, { latest: job, kind, count: 1, firstId: job.id });
    byName.set(key, { latest: job.id > seen.latest.id ? job : seen.latest, kind, count: seen.count + 1, firstId: Math.min(seen.firstId, job.id) });
  };
  for (const job of jobs) add(job, 'job');
  for (const bridge of bridges) add(bridge, 'bridge');

  const stages = new Map<string, { firstId: number; jobs: JobView[] }>();
  for (const attempts of byName.values()) {
    const stage = stages.get(attempts.latest.stage) ?? { firstId: Number.POSITIVE_INFINITY, jobs: [] };
    stage.firstId = Math.min(stage.firstId, attempts.firstId);
    stage.jobs.push(jobView(attempts, downstream, downstreamErrors));
    stages.set(attempts.latest.stage, stage);
  }
  return [...stages.entries()]
    .sort(([, a], [, b]) => a.firstId - b.firstId)
    .map(([name, stage]) => {
      const sorted = stage.jobs.sort((a, b) => JOB_NAME_ORDER.compare(a.job.name, b.job.name));
      return { name, status: groupStatus(sorted.map((j) => j.status)), jobs: sorted };
    });
}

function jobView(attempts: Attempts, downstream: ReadonlyMap<number, PipelineView>, downstreamErrors: ReadonlyMap<number, GitLabError>): JobView {
  const { latest: job, kind, count } = attempts;
  const child = kind === 'bridge' ? (job as Bridge).downstream_pipeline : null;
  const view = child ? downstream.get(child.id) : undefined;
  const failed = child && !view ? downstreamErrors.get(child.id) : undefined;
  return {
    kind,
    job,
    status: jobStatusKey(job),
    markers: { manual: job.status === 'manual', allowFailure: job.allow_failure, retried: count > 1 },
    attempts: count,
    ...(view ? { downstream: view } : {}),
    ...(failed ? { downstreamError: failed } : {}),
  };
}

/** A pipeline's shown status: GitLab's own, with "passed" turned into "passed with warnings" when an allowed failure happened. */
export function pipelineStatus(pipeline: Pick<PipelineBasic, 'status'>, stages: readonly StageView[]): StatusKey {
  if (pipeline.status !== 'success') return pipeline.status;
  return stages.some((s) => s.jobs.some((j) => j.status === 'failed_allowed')) ? 'success_with_warnings' : 'success';
}

/** How much a pipeline (downstream pipelines included) pulls on polling. */
export function pipelineActivity(view: PipelineView): Activity {
  return combineActivity(activities(view));
}

function* activities(view: PipelineView): Generator<Activity> {
  const pipeline = statusInfo(view.pipeline.status);
  yield pipeline.activity;
  // A finished pipeline (cancelled, failed, passed) keeps its unplayed manual jobs as `manual`,
  // but nobody is waiting on them any more: they are not gates.
  const finished = pipeline.final && pipeline.activity === 'rest';
  for (const stage of view.stages) {
    for (const job of stage.jobs) {
      const activity = jobActivity(job.job);
      yield finished && activity === 'gate' ? 'rest' : activity;
      if (job.downstream) yield* activities(job.downstream);
    }
  }
}

/** Activity of everything shown: drives the poller's pace. */
export function snapshotActivity(snapshots: readonly RepoSnapshot[]): Activity {
  return combineActivity(snapshots.flatMap((repo) => repo.lanes.map((lane) => (lane.pipeline ? pipelineActivity(lane.pipeline) : 'rest'))));
}

/** Stable node ids: `repo:<key>/lane:dev/pipeline:12/stage:build/job:345/pipeline:99/...`. */
export const nodeIds = {
  repo: (repoKey: string): string => `repo:${encodeURIComponent(repoKey)}`,
  lane: (repoKey: string, lane: string): string => `${nodeIds.repo(repoKey)}/lane:${lane}`,
  pipeline: (parent: string, pipelineId: number): string => `${parent}/pipeline:${pipelineId}`,
  stage: (pipelineNode: string, stage: string): string => `${pipelineNode}/stage:${encodeURIComponent(stage)}`,
  job: (stageNode: string, jobId: number): string => `${stageNode}/job:${jobId}`,
  state: (parent: string, kind: string): string => `${parent}/state:${kind}`,
};
