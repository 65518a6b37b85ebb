/**
 * What a person may do with a job, as one decision table: (job status x gate kind x approval
 * state) -> allowed actions. Rows are tried in order and the first that matches decides, so
 * the specific rows (waiting for approval, a passed production deploy) sit above the general
 * ones. Everything offering a button or a quick pick reads this table; nothing else decides.
 */
import type { StatusKey } from '../../lanes/statusTable';
import type { GateKind } from '../../lanes/lanes';

export type GateAction = 'play' | 'play-with-variables' | 'approve' | 'reject' | 'retry' | 'cancel' | 'open-log' | 'open-in-browser';

/** `none`: a job that is not a canary or production gate. */
export type JobGateKind = GateKind | 'manual' | 'none';

/**
 * - `not-required`: no protected environment, or one that needs no approval.
 * - `required`: the deployment is `blocked` until enough people approve.
 * - `approved`: it was blocked and is not any more: the job can be played.
 * - `rejected`: someone said no; GitLab failed the job.
 */
export type ApprovalState = 'not-required' | 'required' | 'approved' | 'rejected';

/** Job statuses grouped by what can be done with them. */
export type JobPhase = 'manual' | 'scheduled' | 'queued' | 'running' | 'passed' | 'failed' | 'canceled' | 'skipped';

export const JOB_PHASE: Readonly<Record<StatusKey, JobPhase>> = {
  manual: 'manual',
  scheduled: 'scheduled',
  created: 'queued',
  waiting_for_resource: 'queued',
  preparing: 'queued',
  waiting_for_callback: 'queued',
  pending: 'queued',
  running: 'running',
  canceling: 'running',
  success: 'passed',
  success_with_warnings: 'passed',
  failed: 'failed',
  failed_allowed: 'failed',
  canceled: 'canceled',
  skipped: 'skipped',
};

type Any = '*';
interface ActionRow {
  readonly phase: JobPhase | Any;
  readonly kind: readonly JobGateKind[] | Any;
  readonly approval: readonly ApprovalState[] | Any;
  readonly actions: readonly GateAction[];
  /** Why the row exists, for the tooltip of a missing button. */
  readonly why: string;
}

const GATES: readonly JobGateKind[] = ['canary', 'production'];

export const ACTION_TABLE: readonly ActionRow[] = [
  { phase: 'manual', kind: '*', approval: ['required'], actions: ['approve', 'reject', 'open-in-browser'], why: 'GitLab refuses to play it until the deployment is approved' },
  { phase: 'manual', kind: '*', approval: ['rejected'], actions: ['open-in-browser'], why: 'the deployment was rejected' },
  { phase: 'manual', kind: '*', approval: '*', actions: ['play', 'play-with-variables', 'open-in-browser'], why: 'waits for someone to play it' },
  { phase: 'scheduled', kind: '*', approval: ['required'], actions: ['approve', 'reject', 'cancel', 'open-in-browser'], why: 'delayed, and its deployment needs approval' },
  { phase: 'scheduled', kind: '*', approval: ['rejected'], actions: ['cancel', 'open-in-browser'], why: 'delayed, and its deployment was rejected' },
  { phase: 'scheduled', kind: '*', approval: '*', actions: ['play', 'cancel', 'open-in-browser'], why: 'delayed: play runs it now' },
  { phase: 'queued', kind: '*', approval: '*', actions: ['cancel', 'open-log', 'open-in-browser'], why: 'waiting for a runner' },
  { phase: 'running', kind: '*', approval: '*', actions: ['cancel', 'open-log', 'open-in-browser'], why: 'running' },
  { phase: 'failed', kind: '*', approval: ['rejected'], actions: ['open-log', 'open-in-browser'], why: 'the deployment was rejected: retrying would ask for approval again' },
  { phase: 'failed', kind: '*', approval: '*', actions: ['retry', 'open-log', 'open-in-browser'], why: 'failed' },
  { phase: 'canceled', kind: '*', approval: '*', actions: ['retry', 'open-log', 'open-in-browser'], why: 'canceled' },
  // Re-running a finished canary or production deployment by a stray click is how outages start:
  // that is a new release, started from a new pipeline or from GitLab.
  { phase: 'passed', kind: GATES, approval: '*', actions: ['open-log', 'open-in-browser'], why: 'already deployed' },
  { phase: 'passed', kind: '*', approval: '*', actions: ['retry', 'open-log', 'open-in-browser'], why: 'passed' },
  { phase: 'skipped', kind: '*', approval: '*', actions: ['open-in-browser'], why: 'skipped: an earlier job failed' },
];

export interface ActionQuery {
  readonly status: StatusKey;
  readonly kind: JobGateKind;
  readonly approval: ApprovalState;
}

/** The row that decides for this job (unknown statuses get nothing but the browser). */
export function actionRow(query: ActionQuery): ActionRow | undefined {
  const phase = (JOB_PHASE as Readonly<Record<string, JobPhase>>)[query.status];
  if (!phase) return undefined;
  const fits = <T>(column: readonly T[] | Any, value: T): boolean => column === '*' || column.includes(value);
  return ACTION_TABLE.find((row) => fits(row.phase === '*' ? '*' : [row.phase], phase) && fits(row.kind, query.kind) && fits(row.approval, query.approval));
}

export function allowedActions(query: ActionQuery): readonly GateAction[] {
  return actionRow(query)?.actions ?? ['open-in-browser'];
}

/** Pipeline-level actions by the pipeline's own status. */
export const PIPELINE_ACTIONS: Readonly<Record<JobPhase, readonly ('retry' | 'cancel')[]>> = {
  manual: ['cancel'],
  scheduled: ['cancel'],
  queued: ['cancel'],
  running: ['cancel'],
  passed: [],
  failed: ['retry'],
  canceled: ['retry'],
  skipped: [],
};

export function pipelineActions(status: StatusKey): readonly ('retry' | 'cancel')[] {
  const phase = (JOB_PHASE as Readonly<Record<string, JobPhase>>)[status];
  return phase ? PIPELINE_ACTIONS[phase] : [];
}
