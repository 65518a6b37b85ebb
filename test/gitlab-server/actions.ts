// What a person can do to pipelines, jobs and deployments, with the refusals GitLab gives.
// Routes call these after checking the caller's role; tests may call them directly.
import { mayDeploy, protectionOf, requiredApprovals, ruleFor } from './approvals';
import { apiError, badRequest, forbidden } from './errors';
import { renderLine, verdictLine } from './jobLog';
import type { Approval, Deployment, Job, Pipeline, User } from './model';
import { cloneJob } from './pipelineFactory';
import type { FakeGitLabState } from './state';
import { CANCELABLE_STATUSES, PLAYABLE_STATUSES, RETRYABLE_STATUSES } from './statusRules';

export const APPROVAL_REFUSALS = {
  notProtected: 'This environment is not protected.',
  notConfigured: 'Deployment approvals is not configured for this environment.',
  notAllowed: "You don't have permission to approve this deployment. Contact the project or group owner for help.",
  notBlocked: 'This deployment is not waiting for approvals.',
  selfApproval: 'You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.',
} as const;

export function waitingForApproval(state: FakeGitLabState, job: Job): boolean {
  const deployment = state.deploymentOfJob(job);
  return job.status === 'manual' && deployment?.status === 'blocked';
}

export function playJob(state: FakeGitLabState, user: User, job: Job, variables: readonly { key: string; value: string }[] = []): Job {
  const deployment = state.deploymentOfJob(job);
  if (deployment && !mayDeploy(state, state.projectOf(job), protectionOf(state, deployment), user)) throw forbidden();
  if (job.retried || !PLAYABLE_STATUSES.has(job.status) || waitingForApproval(state, job)) throw badRequest('Unplayable Job');
  const now = state.clock.now();
  job.played = true;
  job.userId = user.id;
  job.jobVariables = variables;
  job.status = 'pending';
  job.queuedAt = now;
  job.updatedAt = now;
  return job;
}

/** `Ci::Build#archived?`: created before the instance's archive horizon. */
export function archived(state: FakeGitLabState, job: Job): boolean {
  return state.archiveBuildsInSeconds !== null && job.createdAt < state.clock.now() - state.archiveBuildsInSeconds * 1000;
}

/**
 * `POST /jobs/:id/retry`: `authorize!(:retry_job)` first (a deployment job to a protected
 * environment the user may not deploy to: plain 403), then `Ci::Processable#retryable?`
 * (not retried, not archived, deployment not rejected, finished) or "Job is not retryable".
 * An erased job stays retryable: GitLab erases its log and artifacts, not its definition.
 */
export function retryJob(state: FakeGitLabState, user: User, job: Job): Job {
  const deployment = state.deploymentOfJob(job);
  if (deployment && !mayDeploy(state, state.projectOf(job), protectionOf(state, deployment), user)) throw forbidden();
  const rejected = job.failureReason === 'deployment_rejected';
  if (job.retried || archived(state, job) || rejected || !RETRYABLE_STATUSES.has(job.status)) throw forbidden('Job is not retryable');
  const fresh = cloneJob(state, job, user);
  job.retried = true;
  reopenLaterJobs(state, state.pipelineOf(job), job.stageIdx);
  return fresh;
}

export function cancelJob(state: FakeGitLabState, job: Job): Job {
  if (!CANCELABLE_STATUSES.has(job.status)) return job;
  const now = state.clock.now();
  if (job.status === 'running' && job.kind === 'build') job.trace += renderLine(verdictLine('canceled'), now);
  job.status = 'canceled';
  job.finishedAt = now;
  job.updatedAt = now;
  const child = job.downstreamPipelineId === null ? undefined : state.pipelines.get(job.downstreamPipelineId);
  if (child) cancelPipeline(state, child);
  return job;
}

export function cancelPipeline(state: FakeGitLabState, pipeline: Pipeline): Pipeline {
  for (const job of state.jobsOf(pipeline)) cancelJob(state, job);
  return pipeline;
}

/** Retries every failed or canceled job; GitLab answers with the pipeline either way. */
export function retryPipeline(state: FakeGitLabState, user: User, pipeline: Pipeline): Pipeline {
  const toRetry = state.jobsOf(pipeline).filter((j) => j.status === 'failed' || j.status === 'canceled');
  for (const job of toRetry) {
    cloneJob(state, job, user);
    job.retried = true;
  }
  if (toRetry.length > 0) reopenLaterJobs(state, pipeline, Math.min(...toRetry.map((j) => j.stageIdx)));
  return pipeline;
}

/** Jobs skipped because of the retried one go back to `created` so they run again. */
function reopenLaterJobs(state: FakeGitLabState, pipeline: Pipeline, fromStage: number): void {
  const now = state.clock.now();
  for (const job of state.jobsOf(pipeline)) {
    if (job.status === 'skipped' && job.stageIdx >= fromStage) {
      job.status = 'created';
      job.updatedAt = now;
    }
  }
  pipeline.finishedAt = null;
}

export function approveDeployment(
  state: FakeGitLabState, user: User, deployment: Deployment, status: Approval['status'], comment: string | null,
): Approval {
  const project = state.projectOf(deployment);
  const protection = protectionOf(state, deployment);
  if (!protection) throw apiError(400, APPROVAL_REFUSALS.notProtected);
  if (requiredApprovals(protection) === 0) throw apiError(400, APPROVAL_REFUSALS.notConfigured);
  const rule = protection.approvalRules.length > 0 ? ruleFor(state, project, protection, user) : undefined;
  const allowed = protection.approvalRules.length > 0 ? rule !== undefined : mayDeploy(state, project, protection, user);
  if (!allowed) throw apiError(400, APPROVAL_REFUSALS.notAllowed);
  if (deployment.status !== 'blocked') throw apiError(400, APPROVAL_REFUSALS.notBlocked);
  if (status === 'approved' && deployment.userId === user.id && !project.allowTriggererToApprove) {
    throw apiError(400, APPROVAL_REFUSALS.selfApproval);
  }
  const now = state.clock.now();
  let approval = deployment.approvals.find((a) => a.userId === user.id);
  if (approval) {
    // GitLab keeps a repeated approval as it was; a change of mind replaces status and comment.
    if (approval.status !== status) {
      approval.status = status;
      approval.comment = comment;
    }
  } else {
    approval = { userId: user.id, status, createdAt: now, comment, ruleId: rule?.id ?? null };
    deployment.approvals.push(approval);
  }
  // GitLab's approval row (ee/app/models/deployments/approval.rb) belongs to its deployment
  // without `touch`: an approval leaves the deployment's updated_at as it was. A rejection
  // drops the job, whose deployment then follows it (and moves).
  if (status === 'rejected') rejectJob(state, deployment);
  return approval;
}

function rejectJob(state: FakeGitLabState, deployment: Deployment): void {
  const job = state.jobs.get(deployment.jobId);
  if (!job) return;
  const now = state.clock.now();
  job.status = 'failed';
  job.failureReason = 'deployment_rejected';
  job.finishedAt = now;
  job.updatedAt = now;
}
