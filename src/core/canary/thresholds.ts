import type { HealthMetric } from './healthSource';

export type Verdict = 'healthy' | 'suspect' | 'failing' | 'unknown';

/** Worse verdicts rank higher; the overall verdict is the worst metric's. Unknown beats healthy. */
export const VERDICT_RANK: Readonly<Record<Verdict, number>> = { healthy: 0, unknown: 1, suspect: 2, failing: 3 };

export function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (VERDICT_RANK[b] > VERDICT_RANK[a] ? b : a), 'healthy');
}

/** Canary/stable ratio limits for one metric. */
export interface RatioThresholds {
  /** Canary at this many times stable (or more) is suspect. */
  readonly suspect: number;
  /** ... and at this many times, failing. */
  readonly failing: number;
  /**
   * Values below this count as this (per node, in the metric's unit), so a quiet baseline
   * (0.01 errors/s) does not turn one extra error into a huge ratio.
   */
  readonly floor: number;
}

/** Limits on canary memory growing faster than stable, as a fraction of stable memory per minute. */
export interface GrowthThresholds {
  readonly suspect: number;
  readonly failing: number;
}

export interface HealthThresholds {
  readonly errorRate: RatioThresholds;
  readonly warnRate: RatioThresholds;
  readonly cpu: RatioThresholds;
  readonly memory: RatioThresholds;
  readonly memoryGrowth: GrowthThresholds;
}

/** The one table of limits; `.release-pilot.yml` overrides entries. */
export const DEFAULT_THRESHOLDS: HealthThresholds = {
  errorRate: { suspect: 1.5, failing: 3, floor: 0.05 },
  warnRate: { suspect: 2, failing: 5, floor: 0.1 },
  cpu: { suspect: 1.5, failing: 2.5, floor: 0.05 },
  memory: { suspect: 1.3, failing: 1.6, floor: 32 * 1024 * 1024 },
  memoryGrowth: { suspect: 0.1, failing: 0.3 },
};

/** How a metric is measured, summarised and shown. */
export interface MetricInfo {
  readonly label: string;
  readonly unit: 'lines/s' | 'cores' | 'bytes';
  /** Counters turned into rates compare their mean over the window; gauges compare the latest value. */
  readonly compareBy: 'mean' | 'last';
}

export const METRIC_INFO: Readonly<Record<HealthMetric, MetricInfo>> = {
  errorRate: { label: 'Error log rate', unit: 'lines/s', compareBy: 'mean' },
  warnRate: { label: 'Warning log rate', unit: 'lines/s', compareBy: 'mean' },
  cpu: { label: 'CPU', unit: 'cores', compareBy: 'mean' },
  memory: { label: 'Resident memory', unit: 'bytes', compareBy: 'last' },
};

/** Verdict for a value against increasing limits. */
export function grade(value: number, limits: { readonly suspect: number; readonly failing: number }): Verdict {
  if (value >= limits.failing) return 'failing';
  return value >= limits.suspect ? 'suspect' : 'healthy';
}

/** Merges partial overrides onto the defaults. */
export function withThresholds(overrides: DeepPartial<HealthThresholds> | undefined): HealthThresholds {
  const o = overrides ?? {};
  return {
    errorRate: { ...DEFAULT_THRESHOLDS.errorRate, ...o.errorRate },
    warnRate: { ...DEFAULT_THRESHOLDS.warnRate, ...o.warnRate },
    cpu: { ...DEFAULT_THRESHOLDS.cpu, ...o.cpu },
    memory: { ...DEFAULT_THRESHOLDS.memory, ...o.memory },
    memoryGrowth: { ...DEFAULT_THRESHOLDS.memoryGrowth, ...o.memoryGrowth },
  };
}

export type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
