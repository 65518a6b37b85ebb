import type { HealthMetric, HealthReading, MetricReading, NodeSeries } from '../../../../../src/core/canary';

export const T0 = 1_700_000_000;

/** `nodes` series named `${prefix}-i`, one point per second for `points` seconds, value `f(node, second)`. */
export function nodes(prefix: string, count: number, f: (node: number, second: number) => number, points = 10): NodeSeries[] {
  return Array.from({ length: count }, (_, n) => ({
    node: `${prefix}-${n + 1}`,
    samples: Array.from({ length: points }, (_, s) => ({ t: T0 + s, v: f(n, s) })),
  }));
}

export function ok(canary: NodeSeries[], stable: NodeSeries[]): MetricReading {
  return { status: 'ok', canary, stable };
}

const MIB = 1024 * 1024;

/** Canary and stable alike: 2 canary nodes, 3 stable nodes, quiet logs, steady memory. */
export function healthyMetrics(): Record<HealthMetric, MetricReading> {
  return {
    errorRate: ok(nodes('c', 2, () => 0.2), nodes('s', 3, () => 0.2)),
    warnRate: ok(nodes('c', 2, () => 1), nodes('s', 3, () => 1)),
    cpu: ok(nodes('c', 2, () => 0.1), nodes('s', 3, () => 0.1)),
    memory: ok(nodes('c', 2, () => 100 * MIB), nodes('s', 3, () => 100 * MIB)),
  };
}

export function reading(overrides: Partial<Record<HealthMetric, MetricReading>> = {}): HealthReading {
  return { source: 'test', baseline: 'stable nodes', metrics: { ...healthyMetrics(), ...overrides } };
}

export { MIB };
