/** Canary reports built through the real analysis, so the glue is tested on what it will get. */
import type { CanaryHealthReport, NodeSeries } from '../../../../src/core/canary';
import { analyzeCanaryHealth } from '../../../../src/core/canary';

const MIB = 1024 * 1024;

export function flat(node: string, value: number, points = 5, start = 1000): NodeSeries {
  return { node, samples: Array.from({ length: points }, (_, i) => ({ t: start + i * 10, v: value })) };
}

/** Canary and stable with the given per-node error rates (lines/s); other metrics equal. */
export function reportWithErrors(canaryErrors: number, stableErrors: number): CanaryHealthReport {
  return analyzeCanaryHealth({
    kind: 'reading',
    reading: {
      source: 'prometheus',
      baseline: 'stable nodes',
      metrics: {
        errorRate: { status: 'ok', canary: [flat('c1', canaryErrors)], stable: [flat('s1', stableErrors), flat('s2', stableErrors)] },
        warnRate: { status: 'ok', canary: [flat('c1', 0.5)], stable: [flat('s1', 0.5)] },
        cpu: { status: 'ok', canary: [flat('c1', 0.2)], stable: [flat('s1', 0.2)] },
        memory: { status: 'ok', canary: [flat('c1', 100 * MIB)], stable: [flat('s1', 100 * MIB)] },
      },
    },
  });
}

export function unknownReport(reason: string): CanaryHealthReport {
  return analyzeCanaryHealth({ kind: 'unknown', source: 'prometheus', reason });
}
