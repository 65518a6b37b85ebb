import type { CanaryHealthReport } from './analyzeCanaryHealth';

/** The canary to judge. Without `pipelineId`, the dev lane's latest pipeline. */
export interface CanaryTarget {
  readonly repoKey: string;
  readonly pipelineId?: number;
  /** The canary job; found in the pipeline when absent. */
  readonly jobId?: number;
  readonly ref?: string;
  readonly environment?: string;
}

/** A finished check. */
export interface CanaryHealthEntry {
  readonly target: CanaryTarget;
  readonly report: CanaryHealthReport;
  /** One line for the canary gate node: `Canary: healthy · errors 12/min vs 6/min`. */
  readonly summary: string;
  /** Epoch ms. */
  readonly checkedAt: number;
  /** Shown as the panel's subtitle. */
  readonly subject: string;
}
