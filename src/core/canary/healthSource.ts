/** What every canary health source returns, and the interface new sources implement. */

/** The four signals compared between canary and stable. */
export type HealthMetric = 'errorRate' | 'warnRate' | 'cpu' | 'memory';

export const HEALTH_METRICS: readonly HealthMetric[] = ['errorRate', 'warnRate', 'cpu', 'memory'];

/** One value at one time; `t` in Unix seconds. */
export interface Sample {
  readonly t: number;
  readonly v: number;
}

/** One node's (instance's) values over the window. */
export interface NodeSeries {
  readonly node: string;
  readonly samples: readonly Sample[];
}

/** The time range to judge; Unix seconds, `stepSeconds` between points. */
export interface HealthWindow {
  readonly start: number;
  readonly end: number;
  readonly stepSeconds: number;
}

/** What the caller knows about the canary being judged; sources use what they need. */
export interface CanaryContext {
  /** Environment the canary job deploys to (e.g. `canary`). */
  readonly environment?: string;
  readonly projectId?: number | string;
  /** The canary job being watched. */
  readonly jobId?: number;
  readonly ref?: string;
}

export type MetricReading =
  | { readonly status: 'ok'; readonly canary: readonly NodeSeries[]; readonly stable: readonly NodeSeries[] }
  | { readonly status: 'unknown'; readonly reason: string };

/** Raw data from one source, before any judgement. */
export interface HealthReading {
  /** Source id, e.g. `prometheus` or `job-log`. */
  readonly source: string;
  /** What canary is compared with, for explanations: `stable nodes`, `last successful canary run`. */
  readonly baseline: string;
  readonly metrics: Readonly<Record<HealthMetric, MetricReading>>;
}

/** A reading, or why there is none at all (server down, nothing configured). */
export type HealthResult =
  | { readonly kind: 'reading'; readonly reading: HealthReading }
  | { readonly kind: 'unknown'; readonly source: string; readonly reason: string };

/**
 * Where canary and stable numbers come from. Implementations never throw for bad or missing
 * data: they answer `unknown` (whole result or per metric) with a reason a person can act on.
 */
export interface HealthSource {
  readonly id: string;
  read(window: HealthWindow, context: CanaryContext, signal?: AbortSignal): Promise<HealthResult>;
}

/** A reading where every metric is unknown for the same reason. */
export function allUnknown(reason: string): Record<HealthMetric, MetricReading> {
  return { errorRate: { status: 'unknown', reason }, warnRate: { status: 'unknown', reason }, cpu: { status: 'unknown', reason }, memory: { status: 'unknown', reason } };
}
