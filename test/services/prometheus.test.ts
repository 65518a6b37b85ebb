import * as assert from 'node:assert/strict';
import type { CanaryHealthReport, HealthWindow, MetricAssessment, PrometheusSourceOptions } from '../../src/core/canary';
import { PrometheusSource, analyzeCanaryHealth, assessCanaryHealth } from '../../src/core/canary';
import { renderHistory } from '../canary-service/history';
import { freePort, prometheusMissing, startPrometheus } from '../canary-service/prometheusServer';
import type { PrometheusServer } from '../canary-service/prometheusServer';
import type { ScenarioName } from '../canary-service/scenarios';
import { MIB, SCENARIOS } from '../canary-service/scenarios';
import { startCanaryService } from '../canary-service/service';
import { waitUntil } from '../support/deadline';

/** The recorded history: 20 minutes of every scenario, a sample every 5 s, ending a minute ago. */
const STEP_SECONDS = 5;
const HISTORY_END = Math.floor(Date.now() / 60_000) * 60 - 60;
const HISTORY_START = HISTORY_END - 20 * 60;
/** The last 10 minutes of it, as a canary check would ask. */
const WINDOW: HealthWindow = { start: HISTORY_END - 10 * 60, end: HISTORY_END, stepSeconds: 15 };
const RATE_WINDOW = '1m';
const MIN_SAMPLES = 3;
/** The numbers are exact linear functions; this only absorbs floating-point rounding. */
const ROUNDING = 1e-6;

function near(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= Math.abs(expected) * ROUNDING, `${what} should be ${expected} but was ${actual}`);
}

function metric(report: CanaryHealthReport, name: MetricAssessment['metric']): MetricAssessment {
  return report.metrics.find((m) => m.metric === name) ?? assert.fail(`no ${name} in the report`);
}

/**
 * Canary health read from Debian's prometheus. It holds a recorded history of the test service
 * (test/canary-service: 2 canary + 3 stable nodes per scenario, told apart by a `scenario`
 * label), loaded with promtool, so every rate below is known exactly and no assertion depends on
 * real time. Skipped, saying why, where prometheus is not installed; `npm test` installs it.
 */
describe('canary health against a real Prometheus', function () {
  let prometheus: PrometheusServer | undefined;
  const reports = new Map<ScenarioName, CanaryHealthReport>();

  const sourceFor = (scenario: ScenarioName, extra: Partial<PrometheusSourceOptions> = {}): PrometheusSource =>
    new PrometheusSource({ url: prometheus?.url ?? 'http://127.0.0.1:1', fetch, selector: `scenario="${scenario}"`, rateWindow: RATE_WINDOW, minSamples: MIN_SAMPLES, timeoutMs: 5000, ...extra });

  before(async function () {
    const missing = prometheusMissing();
    if (missing) {
      console.log(`    skipped: ${missing}`);
      this.skip();
    }
    prometheus = await startPrometheus({ history: renderHistory({ scenarios: SCENARIOS, fromSeconds: HISTORY_START, toSeconds: HISTORY_END, stepSeconds: STEP_SECONDS }) });
    await Promise.all(SCENARIOS.map(async (s) => reports.set(s, await assessCanaryHealth(sourceFor(s), WINDOW, {}))));
  });

  after(async () => {
    await prometheus?.stop();
  });

  it('calls the healthy canary healthy, with per-node numbers', () => {
    const report = reports.get('healthy') ?? assert.fail('no report');
    assert.equal(report.verdict, 'healthy', report.explanation);
    const errors = metric(report, 'errorRate');
    assert.equal(errors.canary?.nodes, 2);
    assert.equal(errors.stable?.nodes, 3);
    near(errors.canaryValue, 0.25, 'canary errors/s per node');
    near(errors.stableValue, 0.2, 'stable errors/s per node');
    near(metric(report, 'warnRate').ratio, 1, 'warn ratio');
    near(metric(report, 'cpu').canaryValue, 0.05, 'canary CPU cores');
    assert.equal(metric(report, 'memory').canaryValue, 110 * MIB);
    assert.equal(metric(report, 'memory').stableValue, 100 * MIB);
    assert.ok((errors.canary?.samples.length ?? 0) >= MIN_SAMPLES, 'the chart has points');
  });

  it('fails the canary with an error spike on its error rate alone', () => {
    const report = reports.get('error-spike') ?? assert.fail('no report');
    assert.equal(report.verdict, 'failing', report.explanation);
    const errors = metric(report, 'errorRate');
    assert.equal(errors.verdict, 'failing');
    near(errors.ratio, 20, 'error ratio');
    near(errors.canaryValue, 4, 'canary errors/s per node');
    assert.deepEqual(report.metrics.filter((m) => m.metric !== 'errorRate').map((m) => m.verdict), ['healthy', 'healthy', 'healthy']);
    assert.match(report.explanation, /^Canary is failing: Error log rate: canary 4\.00 lines\/s per node \(2 nodes\)/);
  });

  it('fails the canary that leaks memory, from its growth', () => {
    const report = reports.get('memory-leak') ?? assert.fail('no report');
    assert.equal(report.verdict, 'failing', report.explanation);
    const memory = metric(report, 'memory');
    assert.equal(memory.verdict, 'failing');
    near(memory.canary?.slopePerSecond, 4 * MIB, 'canary memory growth bytes/s');
    near(memory.growthPerMinute, 2.4, 'growth per minute relative to stable');
    assert.equal(memory.stableValue, 100 * MIB);
    assert.deepEqual(report.metrics.filter((m) => m.metric !== 'memory').map((m) => m.verdict), ['healthy', 'healthy', 'healthy']);
  });

  it('is unknown when Prometheus is down', async () => {
    const port = await freePort();
    const result = await new PrometheusSource({ url: `http://127.0.0.1:${port}`, fetch }).read(WINDOW, {});
    assert.deepEqual(result, { kind: 'unknown', source: 'prometheus', reason: `Prometheus at http://127.0.0.1:${port} is not reachable (ECONNREFUSED)` });
    assert.equal(analyzeCanaryHealth(result).verdict, 'unknown');
  });

  it('is unknown with Prometheus\' own message when a query is bad PromQL', async () => {
    const report = await assessCanaryHealth(sourceFor('healthy', { queries: { errorRate: 'sum by (track (rate(log_lines_total[1m]))' } }), WINDOW, {});
    assert.equal(report.verdict, 'unknown');
    const errors = metric(report, 'errorRate');
    assert.match(errors.reason ?? '', /^Prometheus rejected the query \(bad_data: .*parse error/);
    assert.deepEqual(report.metrics.slice(1).map((m) => m.verdict), ['healthy', 'healthy', 'healthy']);
  });

  it('is unknown before any sample exists', async () => {
    const report = await assessCanaryHealth(sourceFor('healthy'), { start: HISTORY_START - 600, end: HISTORY_START - 300, stepSeconds: 15 }, {});
    assert.equal(report.verdict, 'unknown');
    for (const m of report.metrics) assert.match(m.reason ?? '', /^no samples yet in this window/);
  });

  it('is unknown when the track label is absent', async () => {
    const report = await assessCanaryHealth(sourceFor('healthy', { labels: { track: 'deployment' } }), WINDOW, {});
    assert.equal(report.verdict, 'unknown');
    for (const m of report.metrics) assert.match(m.reason ?? '', /^label "deployment" is absent from all \d+ series/);
  });

  it('is unknown when only stable nodes report', async () => {
    const report = await assessCanaryHealth(sourceFor('healthy', { selector: 'scenario="healthy",track="stable"' }), WINDOW, {});
    assert.equal(report.verdict, 'unknown');
    assert.match(metric(report, 'cpu').reason ?? '', /^no series has track="canary" \(values seen: "stable"\)/);
  });
});

interface InstantVector {
  readonly data: { readonly result: readonly { readonly metric: Readonly<Record<string, string>> }[] };
}

/**
 * The test service's own /metrics, scraped live: the series the default queries read arrive with
 * their track and node labels. Only what is stored is checked, never a rate over real time.
 */
describe('the canary test service scraped by a real Prometheus', function () {
  let prometheus: PrometheusServer | undefined;
  let close: (() => Promise<void>) | undefined;

  before(async function () {
    const missing = prometheusMissing();
    if (missing) {
      console.log(`    skipped: ${missing}`);
      this.skip();
    }
    const service = await startCanaryService({ scenarios: ['healthy'] });
    close = () => service.close();
    prometheus = await startPrometheus({ targets: service.nodes.map((n) => ({ target: n.target, labels: { scenario: n.scenario } })), scrapeIntervalSeconds: 1 });
  });

  after(async () => {
    await prometheus?.stop();
    await close?.();
  });

  it('stores one log-line series per node and level, labelled with the track and the node', async () => {
    const query = `${prometheus?.url ?? ''}/api/v1/query?query=${encodeURIComponent('log_lines_total{scenario="healthy"}')}`;
    let seen = 0;
    const series = await waitUntil(async () => {
      const body = (await (await fetch(query)).json()) as InstantVector;
      seen = body.data.result.length;
      return seen === 15 ? body.data.result.map((r) => r.metric) : undefined;
    }, { what: 'the first scrape of all 5 nodes', deadlineMs: 20_000, intervalMs: 250, describe: () => `${seen} series so far\n${prometheus?.output() ?? ''}` });
    const byTrack = (track: string): number => new Set(series.filter((m) => m['track'] === track).map((m) => m['instance'])).size;
    assert.equal(byTrack('canary'), 2);
    assert.equal(byTrack('stable'), 3);
    assert.deepEqual([...new Set(series.map((m) => m['level']))].sort(), ['error', 'info', 'warn']);
  });
});
