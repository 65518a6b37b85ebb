// GitLab's status rules as tables: how job statuses roll up into a pipeline status
// (Gitlab::Ci::Status::Composite), which statuses are final, cancelable or retryable.
import type { DeploymentStatus, Job, JobStatus, PipelineStatus } from './model';

export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['success', 'failed', 'canceled', 'skipped']);
export const CANCELABLE_STATUSES: ReadonlySet<JobStatus> = new Set([
  'running', 'waiting_for_resource', 'waiting_for_callback', 'preparing', 'pending', 'created', 'scheduled',
]);
export const RETRYABLE_STATUSES: ReadonlySet<JobStatus> = new Set(['success', 'failed', 'canceled']);
export const PLAYABLE_STATUSES: ReadonlySet<JobStatus> = new Set(['manual', 'scheduled']);

type Composite = JobStatus | 'ignored' | 'success_with_warnings';

/** Allowed-to-fail jobs count as "ignored" or "success with warnings", like GitLab does. */
function compositeOf(job: Pick<Job, 'status' | 'allowFailure'>): Composite {
  if (!job.allowFailure) return job.status;
  if (job.status === 'failed') return 'success_with_warnings';
  if (job.status === 'manual' || job.status === 'canceled') return 'ignored';
  return job.status;
}

type Rule = readonly [test: 'only' | 'any', statuses: readonly Composite[], result: PipelineStatus];

/** First matching row wins; mirrors the order of GitLab's composite status. */
const COMPOSITE_RULES: readonly Rule[] = [
  ['only', ['skipped', 'ignored'], 'skipped'],
  ['only', ['success', 'skipped', 'success_with_warnings', 'ignored'], 'success'],
  ['only', ['created', 'success_with_warnings', 'ignored'], 'created'],
  ['only', ['preparing', 'success_with_warnings', 'ignored'], 'preparing'],
  ['only', ['canceled', 'success', 'skipped', 'success_with_warnings', 'ignored'], 'canceled'],
  ['only', ['pending', 'created', 'skipped', 'success_with_warnings', 'ignored'], 'pending'],
  ['any', ['running', 'pending'], 'running'],
  ['any', ['waiting_for_resource'], 'waiting_for_resource'],
  ['any', ['waiting_for_callback'], 'waiting_for_callback'],
  ['any', ['canceling'], 'canceling'],
  ['any', ['manual'], 'manual'],
  ['any', ['scheduled'], 'scheduled'],
  ['any', ['preparing'], 'preparing'],
  ['any', ['created'], 'running'],
];

export function compositeStatus(jobs: readonly Pick<Job, 'status' | 'allowFailure'>[]): PipelineStatus {
  if (jobs.length === 0) return 'skipped';
  const present = new Set(jobs.map(compositeOf));
  for (const [test, statuses, result] of COMPOSITE_RULES) {
    const matches = test === 'only'
      ? [...present].every((s) => statuses.includes(s))
      : statuses.some((s) => present.has(s));
    if (matches) return result;
  }
  return 'failed';
}

/** What a deployment shows while its job is in a given state. */
export const DEPLOYMENT_STATUS_FOR_JOB: Readonly<Partial<Record<JobStatus, DeploymentStatus>>> = {
  pending: 'running',
  running: 'running',
  success: 'success',
  failed: 'failed',
  canceled: 'canceled',
  skipped: 'skipped',
};

/** GitLab's detailed_status presentation per status. */
export const DETAILED_STATUS: Readonly<Record<JobStatus, { icon: string; text: string; label: string }>> = {
  created: { icon: 'status_created', text: 'Created', label: 'created' },
  waiting_for_resource: { icon: 'status_pending', text: 'Waiting', label: 'waiting for resource' },
  preparing: { icon: 'status_preparing', text: 'Preparing', label: 'preparing' },
  waiting_for_callback: { icon: 'status_pending', text: 'Waiting', label: 'waiting for callback' },
  pending: { icon: 'status_pending', text: 'Pending', label: 'pending' },
  running: { icon: 'status_running', text: 'Running', label: 'running' },
  success: { icon: 'status_success', text: 'Passed', label: 'passed' },
  failed: { icon: 'status_failed', text: 'Failed', label: 'failed' },
  canceling: { icon: 'status_canceled', text: 'Canceling', label: 'canceling' },
  canceled: { icon: 'status_canceled', text: 'Canceled', label: 'canceled' },
  skipped: { icon: 'status_skipped', text: 'Skipped', label: 'skipped' },
  manual: { icon: 'status_manual', text: 'Blocked', label: 'waiting for manual action' },
  scheduled: { icon: 'status_scheduled', text: 'Scheduled', label: 'waiting for delayed job' },
};

/** Tier GitLab guesses from an environment's name when none is given. */
const TIER_BY_NAME: readonly (readonly [RegExp, 'production' | 'staging' | 'testing' | 'development'])[] = [
  [/(dev|review|trunk)/i, 'development'],
  [/(test|tst|int|ac(ce|)pt|qa|qc|control|quality)/i, 'testing'],
  [/(st(a|)g|mod(e|)l|pre|demo|non)/i, 'staging'],
  [/(pr(o|)d|live)/i, 'production'],
];

export function guessTier(name: string): 'production' | 'staging' | 'testing' | 'development' | 'other' {
  return TIER_BY_NAME.find(([re]) => re.test(name))?.[1] ?? 'other';
}
