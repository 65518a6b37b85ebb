import type { MetricReading, NodeSeries, Sample } from './healthSource';
import type { PromMatrixSeries } from './prometheusClient';
import type { TrackLabels } from './prometheusQueries';

function samplesOf(series: PromMatrixSeries): Sample[] {
  if (!Array.isArray(series.values)) return [];
  // Prometheus sends values as strings, "NaN" and "+Inf" included; the summary drops those.
  return series.values.filter((pair) => Array.isArray(pair) && pair.length === 2).map(([t, v]) => ({ t: Number(t), v: Number(v) }));
}

function finiteTimes(nodes: readonly NodeSeries[]): number {
  return new Set(nodes.flatMap((n) => n.samples.filter((s) => Number.isFinite(s.v)).map((s) => s.t))).size;
}

/**
 * A matrix result as canary and stable node series, or `unknown` with the reason: no series (no
 * samples yet), the track label missing or without the expected values, or too few points.
 */
export function splitByTrack(result: readonly PromMatrixSeries[], labels: TrackLabels, minSamples: number): MetricReading {
  if (result.length === 0) return { status: 'unknown', reason: 'no samples yet in this window (the query returned no series)' };
  const track = (s: PromMatrixSeries): string | undefined => (typeof s.metric === 'object' && s.metric !== null ? s.metric[labels.track] : undefined);
  const values = [...new Set(result.map(track).filter((v): v is string => v !== undefined))];
  if (values.length === 0) return { status: 'unknown', reason: `label "${labels.track}" is absent from all ${result.length} series the query returned` };
  const pick = (value: string): NodeSeries[] =>
    result.filter((s) => track(s) === value).map((s, i) => ({ node: s.metric[labels.node] ?? `${value}-${i + 1}`, samples: samplesOf(s) }));
  const canary = pick(labels.canary);
  const stable = pick(labels.stable);
  for (const [name, nodes] of [[labels.canary, canary], [labels.stable, stable]] as const) {
    if (nodes.length === 0) return { status: 'unknown', reason: `no series has ${labels.track}="${name}" (values seen: ${values.map((v) => `"${v}"`).join(', ')})` };
    const points = finiteTimes(nodes);
    if (points === 0) return { status: 'unknown', reason: `the ${name} series hold only NaN or infinite values` };
    if (points < minSamples) return { status: 'unknown', reason: `not enough samples yet: ${name} has ${points}, need ${minSamples}` };
  }
  return { status: 'ok', canary, stable };
}
