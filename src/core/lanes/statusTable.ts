/**
 * The one table that says how a GitLab job or pipeline status looks and behaves:
 * label, codicon, theme colour, whether it is final, and how it drives polling.
 */
import type { CiStatus, Job } from '../gitlab/models';

/** GitLab's statuses plus the two states GitLab's UI derives from `allow_failure`. */
export type StatusKey = CiStatus | 'success_with_warnings' | 'failed_allowed';

/**
 * How a status drives polling: `active` will change by itself soon (poll fast), `gate`
 * waits for a person (poll at the gate pace), `rest` only changes when someone acts.
 */
export type Activity = 'active' | 'gate' | 'rest';

export interface StatusInfo {
  readonly label: string;
  /** Codicon id, `~spin` included where the state is moving. */
  readonly icon: string;
  /** Theme colour id for the icon. */
  readonly color: string;
  /** Will never change again without someone retrying. */
  readonly final: boolean;
  /** Running or waiting on the system (queued, preparing, delayed): poll fast. */
  readonly active: boolean;
  readonly activity: Activity;
}

const row = (label: string, icon: string, color: string, activity: Activity, final = false): StatusInfo => ({
  label, icon, color, final, active: activity === 'active', activity,
});

export const STATUS_TABLE: Readonly<Record<StatusKey, StatusInfo>> = {
  created: row('Created', 'circle-outline', 'disabledForeground', 'active'),
  waiting_for_resource: row('Waiting for resource', 'debug-pause', 'charts.yellow', 'active'),
  preparing: row('Preparing', 'clock', 'charts.yellow', 'active'),
  waiting_for_callback: row('Waiting for callback', 'clock', 'charts.yellow', 'active'),
  pending: row('Pending', 'clock', 'charts.yellow', 'active'),
  running: row('Running', 'sync~spin', 'charts.blue', 'active'),
  canceling: row('Canceling', 'sync~spin', 'disabledForeground', 'active'),
  scheduled: row('Scheduled', 'clock', 'charts.purple', 'active'),
  manual: row('Manual', 'play-circle', 'charts.purple', 'gate'),
  success: row('Passed', 'pass-filled', 'testing.iconPassed', 'rest', true),
  success_with_warnings: row('Passed with warnings', 'warning', 'list.warningForeground', 'rest', true),
  failed: row('Failed', 'error', 'testing.iconFailed', 'rest', true),
  failed_allowed: row('Failed (allowed to fail)', 'warning', 'list.warningForeground', 'rest', true),
  canceled: row('Canceled', 'circle-slash', 'disabledForeground', 'rest', true),
  skipped: row('Skipped', 'debug-step-over', 'disabledForeground', 'rest', true),
};

/** A status this version does not know yet: shown as is, polled at rest pace. */
const UNKNOWN: Omit<StatusInfo, 'label'> = row('', 'question', 'disabledForeground', 'rest');

export function statusInfo(status: string): StatusInfo {
  return (STATUS_TABLE as Readonly<Record<string, StatusInfo>>)[status] ?? { ...UNKNOWN, label: status.replace(/_/g, ' ') };
}

/** The status a job is shown with: a failure the pipeline tolerates is a warning, not an error. */
export function jobStatusKey(job: Pick<Job, 'status' | 'allow_failure'>): StatusKey {
  return job.status === 'failed' && job.allow_failure ? 'failed_allowed' : job.status;
}

/**
 * Which status a group (stage, pipeline) shows when its members differ: the first one
 * present in this order. Movement first, then what needs attention, then outcomes.
 */
const GROUP_PRIORITY: readonly StatusKey[] = [
  'running', 'canceling', 'pending', 'preparing', 'waiting_for_callback', 'waiting_for_resource', 'failed', 'manual',
  'scheduled', 'created', 'canceled', 'failed_allowed', 'success_with_warnings', 'success', 'skipped',
];

/** Combined status of a stage from its jobs' statuses (as {@link jobStatusKey} gives them). */
export function groupStatus(statuses: readonly StatusKey[]): StatusKey {
  if (statuses.length === 0) return 'created';
  const present = new Set(statuses);
  const winner = GROUP_PRIORITY.find((status) => present.has(status)) ?? statuses[0]!;
  if (winner === 'failed_allowed' || (winner === 'success' && present.has('failed_allowed'))) return 'success_with_warnings';
  return winner;
}

/** The busiest of several activities: anything active makes the whole active. */
export function combineActivity(activities: Iterable<Activity>): Activity {
  let result: Activity = 'rest';
  for (const activity of activities) {
    if (activity === 'active') return 'active';
    if (activity === 'gate') result = 'gate';
  }
  return result;
}

/**
 * A job's pull on polling. An optional manual job (`allow_failure: true`, GitLab's default
 * for `when: manual`) does not hold the pipeline, so it rests; playing it changes the
 * pipeline's own status, which the cheap lane check notices.
 */
export function jobActivity(job: Pick<Job, 'status' | 'allow_failure'>): Activity {
  if (job.status === 'manual' && job.allow_failure) return 'rest';
  return statusInfo(jobStatusKey(job)).activity;
}
