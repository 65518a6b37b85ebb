import type { NodeSeries, Sample } from './healthSource';

/** One track's series reduced to per-node numbers, so 2 canary nodes compare fairly with N stable ones. */
export interface TrackSummary {
  /** Nodes that reported at least one usable value. */
  readonly nodes: number;
  /** At each time, the average over the nodes reporting then (the chart's line). */
  readonly samples: readonly Sample[];
  readonly mean: number;
  readonly last: number;
  /** Least-squares trend of {@link samples} per second; absent with fewer than 3 points. */
  readonly slopePerSecond?: number;
}

export type SummaryResult = { readonly ok: true; readonly summary: TrackSummary } | { readonly ok: false; readonly reason: string };

function slope(samples: readonly Sample[]): number | undefined {
  if (samples.length < 3) return undefined;
  const n = samples.length;
  const meanT = samples.reduce((a, s) => a + s.t, 0) / n;
  const meanV = samples.reduce((a, s) => a + s.v, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - meanT) * (s.v - meanV);
    den += (s.t - meanT) ** 2;
  }
  return den === 0 ? undefined : num / den;
}

/** Summarises one track; NaN and infinite values are dropped, and an empty result says why. */
export function summarizeTrack(series: readonly NodeSeries[], minSamples = 1): SummaryResult {
  const total = series.reduce((a, s) => a + s.samples.length, 0);
  if (series.length === 0 || total === 0) return { ok: false, reason: 'no samples in the window' };
  const byTime = new Map<number, { sum: number; n: number }>();
  let nodes = 0;
  for (const node of series) {
    const finite = node.samples.filter((s) => Number.isFinite(s.v));
    if (finite.length > 0) nodes++;
    for (const s of finite) {
      const slot = byTime.get(s.t) ?? { sum: 0, n: 0 };
      slot.sum += s.v;
      slot.n++;
      byTime.set(s.t, slot);
    }
  }
  if (nodes === 0) return { ok: false, reason: `all ${total} values are NaN or infinite` };
  const samples = [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, slot]) => ({ t, v: slot.sum / slot.n }));
  if (samples.length < minSamples) return { ok: false, reason: `only ${samples.length} sample${samples.length === 1 ? '' : 's'} so far, need ${minSamples}` };
  const mean = samples.reduce((a, s) => a + s.v, 0) / samples.length;
  const last = samples[samples.length - 1]?.v ?? mean;
  const trend = slope(samples);
  return { ok: true, summary: { nodes, samples, mean, last, ...(trend === undefined ? {} : { slopePerSecond: trend }) } };
}
