import * as assert from 'node:assert/strict';
import type { HealthMetric, MetricReading, Verdict } from '../../../../src/core/canary';
import { DEFAULT_THRESHOLDS, analyzeCanaryHealth, promotionWarning, withThresholds } from '../../../../src/core/canary';
import { MIB, nodes, ok, reading } from './support/readings';

interface Case {
  readonly name: string;
  readonly metric: HealthMetric;
  readonly data: MetricReading;
  readonly verdict: Verdict;
  /** Canary / stable per-node values compared and their ratio. */
  readonly numbers?: { canary: number; stable: number; ratio: number };
}

const CASES: readonly Case[] = [
  { name: 'equal error rates', metric: 'errorRate', data: ok(nodes('c', 2, () => 0.2), nodes('s', 3, () => 0.2)), verdict: 'healthy', numbers: { canary: 0.2, stable: 0.2, ratio: 1 } },
  { name: 'an error spike', metric: 'errorRate', data: ok(nodes('c', 2, () => 3), nodes('s', 3, () => 0.2)), verdict: 'failing', numbers: { canary: 3, stable: 0.2, ratio: 15 } },
  { name: 'twice the errors per node, same total', metric: 'errorRate', data: ok(nodes('c', 2, () => 0.4), nodes('s', 4, () => 0.2)), verdict: 'suspect', numbers: { canary: 0.4, stable: 0.2, ratio: 2 } },
  { name: 'same errors per node, far lower total', metric: 'errorRate', data: ok(nodes('c', 2, () => 0.2), nodes('s', 6, () => 0.2)), verdict: 'healthy', numbers: { canary: 0.2, stable: 0.2, ratio: 1 } },
  { name: 'uneven stable nodes averaged per node', metric: 'errorRate', data: ok(nodes('c', 2, () => 0.32), nodes('s', 2, (n) => (n === 0 ? 0.1 : 0.3))), verdict: 'suspect', numbers: { canary: 0.32, stable: 0.2, ratio: 1.6 } },
  { name: 'rates under the floor', metric: 'errorRate', data: ok(nodes('c', 2, () => 0.04), nodes('s', 3, () => 0.001)), verdict: 'healthy', numbers: { canary: 0.04, stable: 0.001, ratio: 1 } },
  { name: 'warnings at 4x', metric: 'warnRate', data: ok(nodes('c', 2, () => 4), nodes('s', 3, () => 1)), verdict: 'suspect', numbers: { canary: 4, stable: 1, ratio: 4 } },
  { name: 'CPU at 3x', metric: 'cpu', data: ok(nodes('c', 2, () => 0.3), nodes('s', 3, () => 0.1)), verdict: 'failing', numbers: { canary: 0.3, stable: 0.1, ratio: 3 } },
  { name: 'memory 20% higher, flat', metric: 'memory', data: ok(nodes('c', 2, () => 120 * MIB), nodes('s', 3, () => 100 * MIB)), verdict: 'healthy', numbers: { canary: 120 * MIB, stable: 100 * MIB, ratio: 1.2 } },
  { name: 'memory 40% higher, flat', metric: 'memory', data: ok(nodes('c', 2, () => 140 * MIB), nodes('s', 3, () => 100 * MIB)), verdict: 'suspect', numbers: { canary: 140 * MIB, stable: 100 * MIB, ratio: 1.4 } },
  // 0.25 MiB/s = 15 MiB/min = 15% of stable per minute: suspect by growth though the level is close.
  { name: 'memory creeping up', metric: 'memory', data: ok(nodes('c', 2, (_, s) => 100 * MIB + s * 0.25 * MIB), nodes('s', 3, () => 100 * MIB)), verdict: 'suspect' },
  { name: 'memory leaking', metric: 'memory', data: ok(nodes('c', 2, (_, s) => 100 * MIB + s * 4 * MIB), nodes('s', 3, () => 100 * MIB)), verdict: 'failing' },
  { name: 'canary all NaN', metric: 'cpu', data: ok(nodes('c', 2, () => NaN), nodes('s', 3, () => 0.1)), verdict: 'unknown' },
  { name: 'no stable series', metric: 'cpu', data: ok(nodes('c', 2, () => 0.1), []), verdict: 'unknown' },
  { name: 'source said unknown', metric: 'warnRate', data: { status: 'unknown', reason: 'query rejected' }, verdict: 'unknown' },
];

describe('analyzeCanaryHealth', () => {
  for (const c of CASES) {
    it(`${c.metric}: ${c.name} -> ${c.verdict}`, () => {
      const report = analyzeCanaryHealth({ kind: 'reading', reading: reading({ [c.metric]: c.data }) });
      const m = report.metrics.find((x) => x.metric === c.metric);
      assert.equal(m?.verdict, c.verdict, m?.explanation);
      assert.equal(report.verdict, c.verdict, 'the other metrics are healthy, so this one decides');
      if (c.numbers) {
        assert.ok(Math.abs((m?.canaryValue ?? NaN) - c.numbers.canary) < 1e-9, `canary ${m?.canaryValue}`);
        assert.ok(Math.abs((m?.stableValue ?? NaN) - c.numbers.stable) < 1e-9, `stable ${m?.stableValue}`);
        assert.ok(Math.abs((m?.ratio ?? NaN) - c.numbers.ratio) < 1e-9, `ratio ${m?.ratio}`);
      }
      if (c.verdict === 'unknown') assert.ok(m?.reason, 'an unknown metric says why');
    });
  }

  it('counts nodes and explains the numbers', () => {
    const report = analyzeCanaryHealth({ kind: 'reading', reading: reading({ errorRate: ok(nodes('c', 2, () => 3), nodes('s', 3, () => 0.2)) }) });
    const m = report.metrics[0];
    assert.equal(m?.canary?.nodes, 2);
    assert.equal(m?.stable?.nodes, 3);
    assert.equal(m?.explanation, 'Error log rate: canary 3.00 lines/s per node (2 nodes) vs 0.20 lines/s per node on the stable nodes (3 nodes): 15× -> failing (suspect at 1.50×, failing at 3.00×).');
    assert.match(report.explanation, /^Canary is failing: Error log rate: canary 3\.00/);
  });

  it('measures memory growth per minute against stable', () => {
    const report = analyzeCanaryHealth({ kind: 'reading', reading: reading({ memory: ok(nodes('c', 2, (_, s) => 100 * MIB + s * 4 * MIB), nodes('s', 3, () => 100 * MIB)) }) });
    const m = report.metrics.find((x) => x.metric === 'memory');
    // 4 MiB/s over a 100 MiB baseline is 240% per minute.
    assert.ok(Math.abs((m?.growthPerMinute ?? 0) - 2.4) < 1e-9, String(m?.growthPerMinute));
    assert.match(m?.explanation ?? '', /growing 240\.0% per minute faster than the stable nodes/);
  });

  it('keeps the chart line as the per-node average at each time', () => {
    const report = analyzeCanaryHealth({ kind: 'reading', reading: reading({ cpu: ok(nodes('c', 2, (n, s) => n + s), nodes('s', 3, () => 0.1, 3)) }) });
    const cpu = report.metrics.find((x) => x.metric === 'cpu');
    assert.deepEqual(cpu?.canary?.samples.slice(0, 3).map((s) => s.v), [0.5, 1.5, 2.5]);
    assert.equal(cpu?.stable?.samples.length, 3);
  });

  it('never calls a partly unknown canary healthy', () => {
    const report = analyzeCanaryHealth({ kind: 'reading', reading: reading({ memory: { status: 'unknown', reason: 'label "track" is absent' } }) });
    assert.equal(report.verdict, 'unknown');
    assert.equal(report.explanation, 'Canary health is unknown: resident memory: label "track" is absent.');
  });

  it('lets a failing metric win over an unknown one', () => {
    const report = analyzeCanaryHealth({
      kind: 'reading',
      reading: reading({ memory: { status: 'unknown', reason: 'x' }, errorRate: ok(nodes('c', 2, () => 3), nodes('s', 3, () => 0.2)) }),
    });
    assert.equal(report.verdict, 'failing');
  });

  it('turns a source-level unknown into four unknown metrics with the reason', () => {
    const report = analyzeCanaryHealth({ kind: 'unknown', source: 'prometheus', reason: 'Prometheus at http://p is not reachable (ECONNREFUSED)' });
    assert.equal(report.verdict, 'unknown');
    assert.deepEqual(report.metrics.map((m) => m.verdict), ['unknown', 'unknown', 'unknown', 'unknown']);
    assert.equal(report.explanation, 'Canary health is unknown: Prometheus at http://p is not reachable (ECONNREFUSED).');
  });

  it('reads its limits from the thresholds table', () => {
    const spike = { kind: 'reading', reading: reading({ errorRate: ok(nodes('c', 2, () => 3), nodes('s', 3, () => 0.2)) }) } as const;
    assert.equal(analyzeCanaryHealth(spike).verdict, 'failing');
    assert.equal(analyzeCanaryHealth(spike, withThresholds({ errorRate: { suspect: 5, failing: 20 } })).verdict, 'suspect');
    assert.equal(analyzeCanaryHealth(spike, withThresholds({ errorRate: { floor: 5 } })).verdict, 'healthy');
    assert.deepEqual(withThresholds({ cpu: { failing: 4 } }).cpu, { ...DEFAULT_THRESHOLDS.cpu, failing: 4 });
  });
});

describe('promotionWarning', () => {
  it('asks for confirmation with the numbers when canary is failing or suspect', () => {
    const failing = analyzeCanaryHealth({ kind: 'reading', reading: reading({ errorRate: ok(nodes('c', 2, () => 3), nodes('s', 3, () => 0.2)) }) });
    assert.equal(promotionWarning(failing), `Canary is failing. Promote to production anyway?\n${failing.metrics[0]?.explanation ?? ''}`);
    const suspect = analyzeCanaryHealth({ kind: 'reading', reading: reading({ warnRate: ok(nodes('c', 2, () => 4), nodes('s', 3, () => 1)) }) });
    assert.match(promotionWarning(suspect) ?? '', /^Canary is suspect\. .*\nWarning log rate: canary 4\.00 lines\/s/);
  });

  it('stays out of the way when canary is healthy or unknown', () => {
    assert.equal(promotionWarning(analyzeCanaryHealth({ kind: 'reading', reading: reading() })), undefined);
    assert.equal(promotionWarning(analyzeCanaryHealth({ kind: 'unknown', source: 'x', reason: 'y' })), undefined);
  });
});
