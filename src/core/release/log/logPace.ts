/**
 * How often a followed log is read. The trace route sends the whole log each time, so every
 * read of a quiet log is wasted bandwidth: read quickly while lines arrive, back off
 * geometrically while nothing does, wait calmly for a job that has not started, stop for good
 * once it is final.
 */
import type { CiStatus } from '../../gitlab/models';

export interface LogPaceOptions {
  /** While lines pour in. */
  readonly growingMs: number;
  /** Ceiling while lines trickle in (a few per read): each read costs the whole log, so do not chase every line. */
  readonly tricklingMaxMs: number;
  /** Ceiling for a quiet log. */
  readonly quietMaxMs: number;
  /** A trickle stretches the delay by this factor per read. */
  readonly trickleFactor: number;
  /** Each quiet read multiplies the delay by this. */
  readonly quietFactor: number;
  /** New lines in one read from which output counts as pouring in. */
  readonly burstLines: number;
  /** Job not started yet (created, pending, manual...): only its status is read. */
  readonly waitingMs: number;
  /** While the log grows, the job's status is read at most this often (a verdict line forces a read). */
  readonly statusEveryMs: number;
}

export const DEFAULT_LOG_PACE: LogPaceOptions = {
  growingMs: 2_000, tricklingMaxMs: 6_000, quietMaxMs: 15_000, trickleFactor: 1.3, quietFactor: 1.6, burstLines: 5, waitingMs: 5_000, statusEveryMs: 30_000,
};

/** What the last read brought. */
export type LogGrowth = 'burst' | 'trickle' | 'quiet';

export function logGrowth(newLines: number, options: LogPaceOptions = DEFAULT_LOG_PACE): LogGrowth {
  return newLines >= options.burstLines ? 'burst' : newLines > 0 ? 'trickle' : 'quiet';
}

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

/**
 * Delay before the next read; undefined means stop. Output pouring in is read every
 * `growingMs`; a trickle stretches the delay up to `tricklingMaxMs`; silence backs off to
 * `quietMaxMs`. `previousMs` is the delay used before this read.
 */
export function nextLogDelay(phase: JobPhaseForLog, growth: LogGrowth, previousMs: number, options: LogPaceOptions = DEFAULT_LOG_PACE): number | undefined {
  if (phase === 'final') return undefined;
  if (phase === 'waiting') return options.waitingMs;
  const from = Math.max(previousMs, options.growingMs);
  switch (growth) {
    case 'burst':
      return options.growingMs;
    case 'trickle':
      return Math.round(Math.min(Math.max(options.tricklingMaxMs, options.growingMs), from * options.trickleFactor));
    case 'quiet':
      return Math.round(Math.min(options.quietMaxMs, from * options.quietFactor));
  }
}

/** Lines a runner prints when a job ends: seeing one is worth reading the status right away. */
export const VERDICT_LINE = /Job succeeded|ERROR: Job failed/;
