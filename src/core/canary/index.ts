/**
 * Canary health: sources (Prometheus, job-log fallback) behind one interface, the analysis that
 * turns their numbers into a verdict, and the `.release-pilot.yml` settings.
 *
 * Typical use from the editor:
 * ```ts
 * const { config, diagnostics } = parseReleasePilotConfig(text);          // or DEFAULT_RELEASE_PILOT_CONFIG
 * const source = createHealthSource(config.canary, { fetch, prometheusAuth, loadJobLogs, logger });
 * const report = await assessCanaryHealth(source, lastMinutes(now, 15), { environment: 'canary' }, config.canary.thresholds);
 * report.verdict; report.explanation; report.metrics[i].canary?.samples  // chart lines
 * promotionWarning(report)  // text for "promote anyway", or undefined
 * ```
 */
export type { CanaryContext, HealthMetric, HealthReading, HealthResult, HealthSource, HealthWindow, MetricReading, NodeSeries, Sample } from './healthSource';
export { HEALTH_METRICS } from './healthSource';
export type { CanaryHealthReport, MetricAssessment } from './analyzeCanaryHealth';
export { analyzeCanaryHealth, promotionWarning } from './analyzeCanaryHealth';
export { assessCanaryHealth, lastMinutes } from './assessCanaryHealth';
export type { GrowthThresholds, HealthThresholds, MetricInfo, RatioThresholds, Verdict } from './thresholds';
export { DEFAULT_THRESHOLDS, METRIC_INFO, VERDICT_RANK, withThresholds } from './thresholds';
export type { TrackSummary } from './trackSummary';
export { formatValue, formatRatio } from './formatValue';
export type { LogLevel, LogLevelCounts } from './countLogLevels';
export { countLogLevels, levelOfLine } from './countLogLevels';
export type { JobLog, JobLogLoader, JobLogPair } from './jobLogSource';
export { JobLogSource, compareJobLogs } from './jobLogSource';
export type { FetchLike, PrometheusAuth, PromOutcome } from './prometheusClient';
export { PrometheusClient } from './prometheusClient';
export type { TrackLabels } from './prometheusQueries';
export { DEFAULT_QUERIES, DEFAULT_TRACK_LABELS, expandQuery } from './prometheusQueries';
export type { PrometheusSourceOptions } from './prometheusSource';
export { PrometheusSource } from './prometheusSource';
export type { CanaryConfig, ConfigCode, ParsedReleasePilotConfig, PrometheusConfig, ReleasePilotConfig } from './parseReleasePilotConfig';
export { DEFAULT_RELEASE_PILOT_CONFIG, RELEASE_PILOT_CONFIG_FILE, parseReleasePilotConfig } from './parseReleasePilotConfig';
export type { HealthSourceDeps } from './createHealthSource';
export { createHealthSource } from './createHealthSource';
