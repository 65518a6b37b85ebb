/** Short texts for a canary report: the tree / status-bar line. Pure. */
import type { CanaryHealthReport, MetricAssessment } from './analyzeCanaryHealth';
import type { HealthMetric } from './healthSource';
import { formatValue } from './formatValue';

/** Short metric names for one-line summaries. */
const SHORT_LABEL: Readonly<Record<HealthMetric, string>> = { errorRate: 'errors', warnRate: 'warnings', cpu: 'CPU', memory: 'memory' };

/** A value as the summary line shows it: log rates per minute (easier to read than 0.003/s). */
export function shortValue(metric: MetricAssessment, value: number): string {
  if (metric.unit === 'lines/s') return `${trim(value * 60)}/min`;
  return formatValue(value, metric.unit);
}

function trim(n: number): string {
  if (n === 0) return '0';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1).replace(/\.0$/, '');
  return String(Number(n.toPrecision(2)));
}

function metricText(m: MetricAssessment): string | undefined {
  if (m.canaryValue === undefined || m.stableValue === undefined) return undefined;
  return `${SHORT_LABEL[m.metric]} ${shortValue(m, m.canaryValue)} vs ${shortValue(m, m.stableValue)}`;
}

/**
 * One line for the canary gate node or a status bar: the verdict and the numbers that matter
 * most (the metrics that decided a bad verdict, else the error rate), e.g.
 * `Canary: healthy · errors 12/min vs 6/min`. Unknown always carries its reason.
 */
export function healthSummary(report: CanaryHealthReport): string {
  if (report.verdict === 'unknown') {
    const reason = report.metrics.find((m) => m.verdict === 'unknown')?.reason ?? report.explanation;
    return `Canary: unknown · ${reason}`;
  }
  const decisive = report.verdict === 'healthy' ? report.metrics.filter((m) => m.metric === 'errorRate') : report.metrics.filter((m) => m.verdict === report.verdict);
  const parts = decisive.map(metricText).filter((t): t is string => t !== undefined);
  return parts.length > 0 ? `Canary: ${report.verdict} · ${parts.join(' · ')}` : `Canary: ${report.verdict}`;
}
