import { formatPercent, formatRatio, formatValue } from './formatValue';
import type { HealthMetric, HealthResult, MetricReading } from './healthSource';
import { HEALTH_METRICS } from './healthSource';
import type { HealthThresholds, RatioThresholds, Verdict } from './thresholds';
import { DEFAULT_THRESHOLDS, METRIC_INFO, grade, worst } from './thresholds';
import type { TrackSummary } from './trackSummary';
import { summarizeTrack } from './trackSummary';

/** The judgement of one metric, with the numbers behind it. */
export interface MetricAssessment {
  readonly metric: HealthMetric;
  readonly label: string;
  readonly unit: 'lines/s' | 'cores' | 'bytes';
  readonly verdict: Verdict;
  /** Per-node summaries; absent when the metric is unknown. */
  readonly canary?: TrackSummary;
  readonly stable?: TrackSummary;
  /** Value compared (mean or latest, per node) for each track. */
  readonly canaryValue?: number;
  readonly stableValue?: number;
  /** Canary over stable, both raised to the floor. */
  readonly ratio?: number;
  /** Memory only: how much faster canary grows than stable, as a fraction of stable per minute. */
  readonly growthPerMinute?: number;
  readonly thresholds: RatioThresholds;
  /** Why the metric is unknown. */
  readonly reason?: string;
  /** One sentence a person reads. */
  readonly explanation: string;
}

export interface CanaryHealthReport {
  readonly verdict: Verdict;
  readonly source: string;
  /** What canary was compared with (`stable nodes`, `last successful canary run`). */
  readonly baseline: string;
  /** In {@link HEALTH_METRICS} order. */
  readonly metrics: readonly MetricAssessment[];
  /** Summary a person reads: the verdict and the metrics that decided it. */
  readonly explanation: string;
}

function unknownMetric(metric: HealthMetric, reason: string, thresholds: HealthThresholds): MetricAssessment {
  const info = METRIC_INFO[metric];
  return { metric, label: info.label, unit: info.unit, verdict: 'unknown', thresholds: thresholds[metric], reason, explanation: `${info.label}: unknown, ${reason}.` };
}

function assessMetric(metric: HealthMetric, reading: MetricReading, baseline: string, thresholds: HealthThresholds): MetricAssessment {
  if (reading.status === 'unknown') return unknownMetric(metric, reading.reason, thresholds);
  const info = METRIC_INFO[metric];
  const canaryResult = summarizeTrack(reading.canary);
  if (!canaryResult.ok) return unknownMetric(metric, `canary: ${canaryResult.reason}`, thresholds);
  const stableResult = summarizeTrack(reading.stable);
  if (!stableResult.ok) return unknownMetric(metric, `${baseline}: ${stableResult.reason}`, thresholds);
  const canary = canaryResult.summary;
  const stable = stableResult.summary;
  const limits = thresholds[metric];
  const canaryValue = canary[info.compareBy];
  const stableValue = stable[info.compareBy];
  const ratio = Math.max(canaryValue, limits.floor) / Math.max(stableValue, limits.floor);
  let verdict = grade(ratio, limits);
  const nodes = (n: number): string => `${n} node${n === 1 ? '' : 's'}`;
  let explanation =
    `${info.label}: canary ${formatValue(canaryValue, info.unit)} per node (${nodes(canary.nodes)}) vs ${formatValue(stableValue, info.unit)} per node ` +
    `on the ${baseline} (${nodes(stable.nodes)}): ${formatRatio(ratio)}`;
  let growthPerMinute: number | undefined;
  if (metric === 'memory' && canary.slopePerSecond !== undefined) {
    growthPerMinute = ((canary.slopePerSecond - (stable.slopePerSecond ?? 0)) * 60) / Math.max(stable.mean, limits.floor);
    verdict = worst([verdict, grade(growthPerMinute, thresholds.memoryGrowth)]);
    explanation += `, growing ${formatPercent(growthPerMinute)} per minute faster than the ${baseline}`;
  }
  explanation += ` -> ${verdict} (suspect at ${formatRatio(limits.suspect)}, failing at ${formatRatio(limits.failing)}).`;
  return {
    metric, label: info.label, unit: info.unit, verdict, canary, stable, canaryValue, stableValue, ratio, thresholds: limits, explanation,
    ...(growthPerMinute === undefined ? {} : { growthPerMinute }),
  };
}

const SUMMARY: Readonly<Record<Verdict, (decisive: readonly MetricAssessment[]) => string>> = {
  healthy: () => 'Canary looks healthy: error and warning log rates, CPU and memory are within the limits.',
  unknown: (d) => `Canary health is unknown: ${d.map((m) => `${m.label.toLowerCase()}: ${m.reason ?? 'no data'}`).join('; ')}.`,
  suspect: (d) => `Canary is suspect: ${d.map((m) => m.explanation).join(' ')}`,
  failing: (d) => `Canary is failing: ${d.map((m) => m.explanation).join(' ')}`,
};

/**
 * Judges a source's result: per metric, canary against its baseline per node over the same
 * window, graded with the thresholds table; overall, the worst metric (unknown beats healthy,
 * so missing data never reads as healthy). Pure.
 */
export function analyzeCanaryHealth(result: HealthResult, thresholds: HealthThresholds = DEFAULT_THRESHOLDS): CanaryHealthReport {
  if (result.kind === 'unknown') {
    const metrics = HEALTH_METRICS.map((m) => unknownMetric(m, result.reason, thresholds));
    return { verdict: 'unknown', source: result.source, baseline: 'stable nodes', metrics, explanation: `Canary health is unknown: ${result.reason}.` };
  }
  const { reading } = result;
  const metrics = HEALTH_METRICS.map((m) => assessMetric(m, reading.metrics[m], reading.baseline, thresholds));
  const verdict = worst(metrics.map((m) => m.verdict));
  const decisive = metrics.filter((m) => m.verdict === verdict);
  return { verdict, source: reading.source, baseline: reading.baseline, metrics, explanation: SUMMARY[verdict](decisive) };
}

/**
 * The text to show before promoting to production while canary is suspect or failing (the
 * person must confirm "promote anyway"); `undefined` when no confirmation is needed.
 */
export function promotionWarning(report: CanaryHealthReport): string | undefined {
  if (report.verdict !== 'suspect' && report.verdict !== 'failing') return undefined;
  const numbers = report.metrics.filter((m) => m.verdict === 'suspect' || m.verdict === 'failing').map((m) => m.explanation);
  return [`Canary is ${report.verdict}. Promote to production anyway?`, ...numbers].join('\n');
}
