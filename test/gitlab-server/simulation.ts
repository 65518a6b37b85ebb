// Moves pipelines forward in time: jobs wait for their stage (or needs), queue, run, print their
// log and finish; manual jobs stop at `manual`; bridges start child pipelines and follow them.
import { pendingApprovalCount, protectionOf } from './approvals';
import { plannedLog, renderLine, verdictLine } from './jobLog';
import type { DeploymentStatus, Job, Pipeline } from './model';
import { createPipeline } from './pipelineFactory';
import type { FakeGitLabState } from './state';
import { compositeStatus, DEPLOYMENT_STATUS_FOR_JOB, FINAL_STATUSES } from './statusRules';

/** Runs every transition that is due at the state's current time. */
export function tick(state: FakeGitLabState): void {
  for (let round = 0; round < 100; round++) {
    let changed = false;
    for (const pipeline of [...state.pipelines.values()]) changed = processPipeline(state, pipeline) || changed;
    if (!changed) break;
  }
  syncDeployments(state);
}

function processPipeline(state: FakeGitLabState, pipeline: Pipeline): boolean {
  const jobs = state.jobsOf(pipeline);
  let changed = false;
  for (const job of jobs) changed = advanceJob(state, pipeline, jobs, job) || changed;
  return refreshPipeline(state, pipeline, jobs) || changed;
}

const isDone = (j: Job): boolean => FINAL_STATUSES.has(j.status) || (j.status === 'manual' && j.allowFailure);
const blocksLater = (j: Job): boolean => (j.status === 'failed' && !j.allowFailure) || j.status === 'canceled' || j.status === 'skipped';

function prerequisites(jobs: readonly Job[], job: Job): Job[] {
  if (job.needs !== null) return job.needs.map((name) => jobs.find((j) => j.name === name)).filter((j): j is Job => j !== undefined);
  return jobs.filter((j) => j.stageIdx < job.stageIdx);
}

function advanceJob(state: FakeGitLabState, pipeline: Pipeline, jobs: readonly Job[], job: Job): boolean {
  const now = state.clock.now();
  switch (job.status) {
    case 'created': {
      const before = prerequisites(jobs, job);
      if (!before.every(isDone)) return false;
      if (before.some(blocksLater)) setStatus(job, 'skipped', now);
      else if (job.when === 'manual' && !job.played) setStatus(job, 'manual', now);
      else {
        setStatus(job, 'pending', now);
        job.queuedAt = now;
      }
      return true;
    }
    case 'pending': {
      const due = (job.queuedAt ?? now) + (job.kind === 'bridge' ? 0 : job.plan.queueSec * 1000);
      if (now < due) return false;
      setStatus(job, 'running', now);
      job.startedAt = due;
      if (job.kind === 'bridge') startChild(state, pipeline, job);
      else printDueLines(state, job, pipeline);
      return true;
    }
    case 'running':
      return job.kind === 'bridge' ? followChild(state, job) : runBuild(state, pipeline, job);
    default:
      return false;
  }
}

function setStatus(job: Job, status: Job['status'], now: number): void {
  job.status = status;
  job.updatedAt = now;
}

function printDueLines(state: FakeGitLabState, job: Job, pipeline: Pipeline): void {
  const lines = plannedLog(job, pipeline.sha, pipeline.ref);
  const now = state.clock.now();
  const elapsed = now - (job.startedAt ?? now);
  const durationMs = Math.max(1, job.plan.durationSec * 1000);
  const due = Math.min(lines.length, Math.floor((elapsed / durationMs) * lines.length) + 1);
  while (job.logCursor < due) {
    job.trace += renderLine(lines[job.logCursor] ?? '', now);
    job.logCursor += 1;
  }
}

function runBuild(state: FakeGitLabState, pipeline: Pipeline, job: Job): boolean {
  const cursor = job.logCursor;
  printDueLines(state, job, pipeline);
  const end = (job.startedAt ?? 0) + job.plan.durationSec * 1000;
  const now = state.clock.now();
  if (now < end) return job.logCursor !== cursor;
  const lines = plannedLog(job, pipeline.sha, pipeline.ref);
  while (job.logCursor < lines.length) {
    job.trace += renderLine(lines[job.logCursor] ?? '', now);
    job.logCursor += 1;
  }
  job.trace += renderLine(verdictLine(job.plan.result), now);
  setStatus(job, job.plan.result, now);
  job.finishedAt = end;
  if (job.plan.result === 'failed') job.failureReason = job.plan.failureReason;
  return true;
}

function startChild(state: FakeGitLabState, pipeline: Pipeline, bridge: Job): void {
  if (!bridge.childSpec) return;
  const child = createPipeline(state, state.projectOf(pipeline), {
    ref: pipeline.ref,
    sha: pipeline.sha,
    user: state.userOf(bridge.userId),
    source: 'parent_pipeline',
    spec: bridge.childSpec,
    parent: { pipelineId: pipeline.id, bridgeId: bridge.id },
  });
  bridge.downstreamPipelineId = child.id;
}

/** The bridge mirrors its child (like `strategy: depend`). */
function followChild(state: FakeGitLabState, bridge: Job): boolean {
  const child = bridge.downstreamPipelineId === null ? undefined : state.pipelines.get(bridge.downstreamPipelineId);
  if (!child || !FINAL_STATUSES.has(child.status)) return false;
  const now = state.clock.now();
  setStatus(bridge, child.status === 'canceled' ? 'canceled' : child.status === 'failed' ? 'failed' : 'success', now);
  bridge.finishedAt = now;
  if (bridge.status === 'failed') bridge.failureReason = 'downstream_pipeline_creation_failed';
  return true;
}

function refreshPipeline(state: FakeGitLabState, pipeline: Pipeline, jobs: readonly Job[]): boolean {
  const status = compositeStatus(jobs);
  const started = jobs.map((j) => j.startedAt).filter((t): t is number => t !== null);
  const startedAt = started.length > 0 ? Math.min(...started) : null;
  let finishedAt: number | null = null;
  if (FINAL_STATUSES.has(status)) {
    const finished = jobs.map((j) => j.finishedAt).filter((t): t is number => t !== null);
    finishedAt = finished.length > 0 ? Math.max(...finished) : state.clock.now();
  }
  if (status === pipeline.status && startedAt === pipeline.startedAt && finishedAt === pipeline.finishedAt) return false;
  pipeline.status = status;
  pipeline.startedAt = startedAt;
  pipeline.finishedAt = finishedAt;
  pipeline.updatedAt = state.clock.now();
  return true;
}

function syncDeployments(state: FakeGitLabState): void {
  const now = state.clock.now();
  for (const deployment of state.deployments.values()) {
    const job = state.jobs.get(deployment.jobId);
    if (!job) continue;
    let status: DeploymentStatus = DEPLOYMENT_STATUS_FOR_JOB[job.status] ?? 'created';
    if (job.status === 'manual' && protectionOf(state, deployment) && pendingApprovalCount(state, deployment) > 0) status = 'blocked';
    if (status === deployment.status) continue;
    deployment.status = status;
    deployment.updatedAt = now;
    if (FINAL_STATUSES.has(status as Job['status'])) deployment.finishedAt = job.finishedAt ?? now;
  }
}

/** Whether something in the pipeline still moves without a person acting. */
export function isActive(pipeline: Pipeline): boolean {
  return !FINAL_STATUSES.has(pipeline.status) && pipeline.status !== 'manual';
}
