/**
 * How often a followed log is read. The trace route sends the whole log each time, so every
 * read of a quiet log is wasted bandwidth: read quickly while lines arrive, back off
 * geometrically while nothing does, wait calmly for a job that has not started, stop for good
 * once it is final.
 */
import type { CiStatus } from '../../gitlab/models';

export interface LogPaceOptions {
  /** While the log grows. */
  readonly growingMs: number;
  /** Ceiling for a quiet log. */
  readonly quietMaxMs: number;
  /** Each quiet read multiplies the delay by this. */
  readonly factor: number;
  /** Job not started yet (created, pending, manual...): only its status is read. */
  readonly waitingMs: number;
  /** While the log grows, the job's status is read at most this often (a verdict line forces a read). */
  readonly statusEveryMs: number;
}

export const DEFAULT_LOG_PACE: LogPaceOptions = { growingMs: 2_000, quietMaxMs: 15_000, factor: 1.6, waitingMs: 5_000, statusEveryMs: 20_000 };

export type JobPhaseForLog = 'waiting' | 'running' | 'final';

/** Statuses with a log that may still grow. */
const PHASE: Readonly<Record<CiStatus, JobPhaseForLog>> = {
  created: 'waiting',
  waiting_for_resource: 'waiting',
  preparing: 'waiting',
  waiting_for_callback: 'waiting',
  pending: 'waiting',
  scheduled: 'waiting',
  manual: 'waiting',
  running: 'running',
  canceling: 'running',
  success: 'final',
  failed: 'final',
  canceled: 'final',
  skipped: 'final',
};

export function logPhase(status: string): JobPhaseForLog {
  return (PHASE as Readonly<Record<string, JobPhaseForLog>>)[status] ?? 'running';
}

/** Delay before the next read; undefined means stop. `quietReads` counts reads in a row that brought nothing. */
export function nextLogDelay(phase: JobPhaseForLog, quietReads: number, options: LogPaceOptions = DEFAULT_LOG_PACE): number | undefined {
  if (phase === 'final') return undefined;
  if (phase === 'waiting') return options.waitingMs;
  return Math.min(options.quietMaxMs, Math.round(options.growingMs * options.factor ** quietReads));
}

/** Lines a runner prints when a job ends: seeing one is worth reading the status right away. */
export const VERDICT_LINE = /Job succeeded|ERROR: Job failed/;
