/**
 * Which job of a pipeline is the canary, and when to look at its health on its own. Pure (no
 * `vscode`), so plain mocha covers it.
 */
import type { CiStatus, Job } from '../gitlab/models';
import type { PipelineView } from '../lanes/snapshot';

/** What a job tells about itself; `environment` only when the caller knows it (jobs carry none). */
export interface CanaryCandidate {
  readonly name: string;
  readonly stage: string;
  readonly environment?: string;
}

/**
 * The rule, as a table: a job is the canary when any listed field mentions `canary`. Stage and
 * environment come first because they are what the release flow names; the job name is the
 * last resort for pipelines that put the canary deploy in a generic `deploy` stage.
 */
export const CANARY_JOB_RULES: readonly { readonly field: keyof CanaryCandidate; readonly pattern: RegExp }[] = [
  { field: 'stage', pattern: /canary/i },
  { field: 'environment', pattern: /canary/i },
  { field: 'name', pattern: /canary/i },
];

export function isCanaryJob(job: CanaryCandidate): boolean {
  return CANARY_JOB_RULES.some((rule) => {
    const value = job[rule.field];
    return value !== undefined && rule.pattern.test(value);
  });
}

/** The latest attempt of the pipeline's canary job (the first one, in stage order), if it has one. */
export function findCanaryJob(view: PipelineView, environmentOf: (job: Job) => string | undefined = () => undefined): Job | undefined {
  for (const stage of view.stages) {
    for (const entry of stage.jobs) {
      if (entry.kind !== 'job') continue;
      const environment = environmentOf(entry.job);
      if (isCanaryJob({ name: entry.job.name, stage: entry.job.stage, ...(environment ? { environment } : {}) })) return entry.job;
    }
  }
  return undefined;
}

/** Phase of a canary job as far as health checks care. */
export type CanaryPhase = 'waiting' | 'running' | 'finished';

const PHASE: Readonly<Partial<Record<CiStatus, CanaryPhase>>> = {
  running: 'running',
  success: 'finished',
  failed: 'finished',
  canceled: 'finished',
};

export function canaryPhase(status: CiStatus): CanaryPhase {
  return PHASE[status] ?? 'waiting';
}

/** What the auto-check remembers of a canary job between refreshes. */
export interface WatchedCanary {
  readonly phase: CanaryPhase;
  /** Epoch ms of the last automatic check; absent when none ran yet. */
  readonly checkedAt?: number;
}

/**
 * Whether a refresh that saw `job` should check its health now: every `intervalMs` while it
 * runs, and once more when it finishes (so the last numbers cover the whole run). A job that
 * was already finished the first time it was seen is checked once.
 */
export function shouldAutoCheck(previous: WatchedCanary | undefined, phase: CanaryPhase, nowMs: number, intervalMs: number): boolean {
  if (phase === 'waiting') return false;
  if (phase === 'finished') return previous?.phase !== 'finished';
  return previous?.checkedAt === undefined || nowMs - previous.checkedAt >= intervalMs;
}
