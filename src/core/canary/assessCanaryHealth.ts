import type { CanaryHealthReport } from './analyzeCanaryHealth';
import { analyzeCanaryHealth } from './analyzeCanaryHealth';
import type { CanaryContext, HealthSource, HealthWindow } from './healthSource';
import type { HealthThresholds } from './thresholds';
import { DEFAULT_THRESHOLDS } from './thresholds';

/**
 * Reads a source and judges it in one call. A source that throws (a bug, not bad data) still
 * yields an `unknown` report, so the view never shows a stale or false verdict.
 */
export async function assessCanaryHealth(
  source: HealthSource,
  window: HealthWindow,
  context: CanaryContext,
  thresholds: HealthThresholds = DEFAULT_THRESHOLDS,
  signal?: AbortSignal,
): Promise<CanaryHealthReport> {
  try {
    return analyzeCanaryHealth(await source.read(window, context, signal), thresholds);
  } catch (e) {
    return analyzeCanaryHealth({ kind: 'unknown', source: source.id, reason: `reading ${source.id} failed (${e instanceof Error ? e.message : String(e)})` }, thresholds);
  }
}

/**
 * The `minutes` before `nowMs` (epoch ms, from the injected clock), with a step giving about
 * 120 points for the chart (never under 1 s).
 */
export function lastMinutes(nowMs: number, minutes: number): HealthWindow {
  const end = Math.floor(nowMs / 1000);
  const start = end - minutes * 60;
  return { start, end, stepSeconds: Math.max(1, Math.round((minutes * 60) / 120)) };
}
