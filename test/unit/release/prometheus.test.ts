import * as assert from 'node:assert/strict';
import type { CanaryHealthReport, HealthWindow, MetricAssessment, PrometheusSourceOptions } from '../../../src/core/canary';
import { PrometheusSource, analyzeCanaryHealth, assessCanaryHealth } from '../../../src/core/canary';
import { freePort, prometheusBinary, startPrometheus } from '../../canary-service/prometheusServer';
import type { PrometheusServer } from '../../canary-service/prometheusServer';
import type { ScenarioName } from '../../canary-service/scenarios';
import { MIB, SCENARIOS } from '../../canary-service/scenarios';
import type { CanaryService } from '../../canary-service/service';
import { startCanaryService } from '../../canary-service/service';
import { waitFor } from '../../canary-service/waitFor';

const RATE_WINDOW = '4s';
const MIN_SAMPLES = 3;

function near(actual: number | undefined, expected: number, tolerance: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= Math.abs(expected) * tolerance, `${what} should be ${expected} ±${tolerance * 100}% but was ${actual}`);
}

function metric(report: CanaryHealthReport, name: MetricAssessment['metric']): MetricAssessment {
  return report.metrics.find((m) => m.metric === name) ?? assert.fail(`no ${name} in the report`);
}

/**
 * End to end against Debian's prometheus: one Prometheus scrapes every second the test service's
 * three scenarios (2 canary + 3 stable nodes each, told apart by a `scenario` target label).
 */
describe('canary health against a real Prometheus', function () {
  this.timeout(60_000);
  let service: CanaryService | undefined;
  let prometheus: PrometheusServer | undefined;
  const reports = new Map<ScenarioName, CanaryHealthReport>();

  const sourceFor = (scenario: ScenarioName, extra: Partial<PrometheusSourceOptions> = {}): PrometheusSource =>
    new PrometheusSource({ url: prometheus?.url ?? 'http://127.0.0.1:1', fetch, selector: `scenario="${scenario}"`, rateWindow: RATE_WINDOW, minSamples: MIN_SAMPLES, timeoutMs: 5000, ...extra });
  const recentWindow = (): HealthWindow => {
    const end = Math.floor(Date.now() / 1000);
    return { start: end - 12, end, stepSeconds: 1 };
  };

  before(async () => {
    prometheusBinary(); // fails with the apt-get hint when the package is missing
    service = await startCanaryService({ scenarios: SCENARIOS });
    prometheus = await startPrometheus({ targets: service.nodes.map((n) => ({ target: n.target, labels: { scenario: n.scenario } })), scrapeIntervalSeconds: 1 });
    let last: CanaryHealthReport[] = [];
    await waitFor(
      async () => {
        const window = recentWindow();
        last = await Promise.all(SCENARIOS.map((s) => assessCanaryHealth(sourceFor(s), window, {})));
        return last.every((r) => r.metrics.every((m) => m.verdict !== 'unknown')) ? true : undefined;
      },
      { deadlineMs: 30_000, intervalMs: 500, what: 'enough samples of every scenario', describe: () => `${last.map((r) => r.explanation).join('\n')}\n${prometheus?.output() ?? ''}` },
    );
    const window = recentWindow();
    await Promise.all(SCENARIOS.map(async (s) => reports.set(s, await assessCanaryHealth(sourceFor(s), window, {}))));
  });

  after(async () => {
    await prometheus?.stop();
    await service?.close();
  });

  it('calls the healthy canary healthy, with per-node numbers', () => {
    const report = reports.get('healthy') ?? assert.fail('no report');
    assert.equal(report.verdict, 'healthy', report.explanation);
    const errors = metric(report, 'errorRate');
    assert.equal(errors.canary?.nodes, 2);
    assert.equal(errors.stable?.nodes, 3);
    near(errors.canaryValue, 0.25, 0.1, 'canary errors/s per node');
    near(errors.stableValue, 0.2, 0.1, 'stable errors/s per node');
    near(metric(report, 'warnRate').ratio, 1, 0.1, 'warn ratio');
    near(metric(report, 'cpu').canaryValue, 0.05, 0.1, 'canary CPU cores');
    assert.equal(metric(report, 'memory').canaryValue, 110 * MIB);
    assert.equal(metric(report, 'memory').stableValue, 100 * MIB);
    assert.ok((errors.canary?.samples.length ?? 0) >= MIN_SAMPLES, 'the chart has points');
  });

  it('fails the canary with an error spike on its error rate alone', () => {
    const report = reports.get('error-spike') ?? assert.fail('no report');
    assert.equal(report.verdict, 'failing', report.explanation);
    const errors = metric(report, 'errorRate');
    assert.equal(errors.verdict, 'failing');
    near(errors.ratio, 20, 0.1, 'error ratio');
    near(errors.canaryValue, 4, 0.1, 'canary errors/s per node');
    assert.deepEqual(report.metrics.filter((m) => m.metric !== 'errorRate').map((m) => m.verdict), ['healthy', 'healthy', 'healthy']);
    assert.match(report.explanation, /^Canary is failing: Error log rate: canary 4\.\d\d lines\/s per node \(2 nodes\)/);
  });

  it('fails the canary that leaks memory, from its growth', () => {
    const report = reports.get('memory-leak') ?? assert.fail('no report');
    assert.equal(report.verdict, 'failing', report.explanation);
    const memory = metric(report, 'memory');
    assert.equal(memory.verdict, 'failing');
    near(memory.canary?.slopePerSecond, 4 * MIB, 0.1, 'canary memory growth bytes/s');
    near(memory.growthPerMinute, 2.4, 0.1, 'growth per minute relative to stable');
    assert.equal(memory.stableValue, 100 * MIB);
    assert.deepEqual(report.metrics.filter((m) => m.metric !== 'memory').map((m) => m.verdict), ['healthy', 'healthy', 'healthy']);
  });

  it('is unknown when Prometheus is down', async () => {
    const port = await freePort();
    const result = await new PrometheusSource({ url: `http://127.0.0.1:${port}`, fetch }).read(recentWindow(), {});
    assert.deepEqual(result, { kind: 'unknown', source: 'prometheus', reason: `Prometheus at http://127.0.0.1:${port} is not reachable (ECONNREFUSED)` });
    assert.equal(analyzeCanaryHealth(result).verdict, 'unknown');
  });

  it('is unknown with Prometheus\' own message when a query is bad PromQL', async () => {
    const report = await assessCanaryHealth(sourceFor('healthy', { queries: { errorRate: 'sum by (track (rate(log_lines_total[1m]))' } }), recentWindow(), {});
    assert.equal(report.verdict, 'unknown');
    const errors = metric(report, 'errorRate');
    assert.match(errors.reason ?? '', /^Prometheus rejected the query \(bad_data: .*parse error/);
    assert.deepEqual(report.metrics.slice(1).map((m) => m.verdict), ['healthy', 'healthy', 'healthy']);
  });

  it('is unknown before any sample exists', async () => {
    const startedAt = Math.floor((service?.startedAt ?? 0) / 1000);
    const report = await assessCanaryHealth(sourceFor('healthy'), { start: startedAt - 600, end: startedAt - 300, stepSeconds: 1 }, {});
    assert.equal(report.verdict, 'unknown');
    for (const m of report.metrics) assert.match(m.reason ?? '', /^no samples yet in this window/);
  });

  it('is unknown when the track label is absent', async () => {
    const report = await assessCanaryHealth(sourceFor('healthy', { labels: { track: 'deployment' } }), recentWindow(), {});
    assert.equal(report.verdict, 'unknown');
    for (const m of report.metrics) assert.match(m.reason ?? '', /^label "deployment" is absent from all \d+ series/);
  });

  it('is unknown when only stable nodes report', async () => {
    const report = await assessCanaryHealth(sourceFor('healthy', { selector: 'scenario="healthy",track="stable"' }), recentWindow(), {});
    assert.equal(report.verdict, 'unknown');
    assert.match(metric(report, 'cpu').reason ?? '', /^no series has track="canary" \(values seen: "stable"\)/);
  });
});
