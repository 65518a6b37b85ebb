// Direct levers for tests: force a job's status or add to its log without waiting for the simulation.
import type { Job, JobStatus } from './model';
import { tick } from './simulation';
import type { FakeGitLabState } from './state';
import { FINAL_STATUSES } from './statusRules';

/** Sets a job's status (stamping start/finish times as GitLab would) and lets the pipeline follow. */
export function setJobStatus(state: FakeGitLabState, job: Job, status: JobStatus, options: { failureReason?: string } = {}): Job {
  const now = state.clock.now();
  if ((status === 'running' || FINAL_STATUSES.has(status)) && job.startedAt === null && status !== 'skipped') job.startedAt = now;
  if (status === 'pending') job.queuedAt = now;
  if (FINAL_STATUSES.has(status)) job.finishedAt = now;
  if (status === 'manual') job.played = false;
  if (status === 'pending' || status === 'running') job.played = true;
  job.failureReason = status === 'failed' ? options.failureReason ?? 'script_failure' : null;
  job.status = status;
  job.updatedAt = now;
  // A forced "running" job should not finish on its own at the next tick.
  if (status === 'running') job.plan.durationSec = Math.max(job.plan.durationSec, Math.ceil((now - (job.startedAt ?? now)) / 1000) + 3600);
  tick(state);
  return job;
}

/** What `POST /jobs/:id/erase` leaves: no log, `erased_at` set; the job itself stays. */
export function eraseJob(state: FakeGitLabState, job: Job): Job {
  job.trace = '';
  job.erasedAt = state.clock.now();
  job.updatedAt = state.clock.now();
  return job;
}

export function appendLog(state: FakeGitLabState, job: Job, text: string): Job {
  job.trace += text;
  job.updatedAt = state.clock.now();
  return job;
}
