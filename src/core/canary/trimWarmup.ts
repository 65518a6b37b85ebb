import type { PromMatrixSeries } from './prometheusClient';

type Values = PromMatrixSeries['values'];

// The response is untrusted JSON; a series without a values array is left for splitByTrack to ignore.
function hasValues(values: unknown): values is Values {
  return Array.isArray(values);
}

/**
 * Drops the first `rateWindowSeconds` of points of a series that starts inside the window.
 * `rate()` over a range only partly covered by samples under-reports (Prometheus limits its
 * extrapolation), and a canary node that just started is exactly such a series: left in, its
 * first minute would make a failing canary look quieter than it is.
 */
export function trimWarmup(result: readonly PromMatrixSeries[], windowStart: number, stepSeconds: number, rateWindowSeconds: number): PromMatrixSeries[] {
  return result.map((series) => {
    if (!hasValues(series.values)) return series;
    const first = series.values[0]?.[0];
    if (first === undefined || first <= windowStart + stepSeconds) return series;
    return { ...series, values: series.values.filter(([t]) => t >= first + rateWindowSeconds) };
  });
}
