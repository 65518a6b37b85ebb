import type { HealthMetric } from './healthSource';

/** Label names and values that tell canary from stable, and one node from another. */
export interface TrackLabels {
  /** Label whose value says which track a series belongs to (default `track`). */
  readonly track: string;
  readonly canary: string;
  readonly stable: string;
  /** Label naming the node, so values are averaged per node (default `instance`). */
  readonly node: string;
}

export const DEFAULT_TRACK_LABELS: TrackLabels = { track: 'track', canary: 'canary', stable: 'stable', node: 'instance' };

/**
 * PromQL per metric. Placeholders: `{{track}}` and `{{node}}` (label names), `{{window}}` (rate
 * range) and `{{selector}}` (extra label matchers, may be empty: PromQL accepts `{a="b",}`).
 * A replacement query must keep the track label on its result (and the node label, for a fair
 * per-node comparison); it may return one series per node or one per track.
 */
export const DEFAULT_QUERIES: Readonly<Record<HealthMetric, string>> = {
  errorRate: 'sum by ({{track}}, {{node}}) (rate(log_lines_total{level=~"error|fatal|critical",{{selector}}}[{{window}}]))',
  warnRate: 'sum by ({{track}}, {{node}}) (rate(log_lines_total{level=~"warn|warning",{{selector}}}[{{window}}]))',
  cpu: 'sum by ({{track}}, {{node}}) (rate(process_cpu_seconds_total{ {{selector}} }[{{window}}]))',
  memory: 'sum by ({{track}}, {{node}}) (process_resident_memory_bytes{ {{selector}} })',
};

export interface QueryParameters {
  readonly labels: TrackLabels;
  /** PromQL duration for `rate()`, e.g. `1m`; at least two scrape intervals. */
  readonly rateWindow: string;
  readonly selector: string;
}

/** A query with its placeholders filled. Unknown placeholders are left for Prometheus to reject. */
export function expandQuery(template: string, p: QueryParameters): string {
  const values: Readonly<Record<string, string>> = { track: p.labels.track, node: p.labels.node, window: p.rateWindow, selector: p.selector };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** Seconds in a PromQL duration such as `1m30s`; `undefined` when it is not one. */
export function parsePromDuration(text: string): number | undefined {
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * (DURATION_UNITS[unit ?? ''] ?? 0);
  return total;
}
