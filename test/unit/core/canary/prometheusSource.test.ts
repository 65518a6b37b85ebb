import * as assert from 'node:assert/strict';
import type { FetchLike, HealthResult, HealthWindow } from '../../../../src/core/canary';
import { DEFAULT_QUERIES, PrometheusSource, analyzeCanaryHealth, createHealthSource, parseReleasePilotConfig } from '../../../../src/core/canary';
import type { Logger } from '../../../../src/core/logger';

const WINDOW: HealthWindow = { start: 1000, end: 1010, stepSeconds: 5 };

interface Call {
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly redirect: string | undefined;
}

type Answer = { status: number; body: string } | Error;

/** A fake transport: answers per metric name found in the query, records every request. */
function fakeFetch(answer: (query: string) => Answer): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = (url, init) => {
    const parsed = new URL(url);
    calls.push({ url: parsed, headers: init.headers, redirect: init.redirect });
    const a = answer(parsed.searchParams.get('query') ?? '');
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve({ status: a.status, text: () => Promise.resolve(a.body) });
  };
  return { fetch, calls };
}

function matrix(series: { labels: Record<string, string>; values: [number, string][] }[]): Answer {
  return { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: series.map((s) => ({ metric: s.labels, values: s.values })) } }) };
}

const pts = (v: string): [number, string][] => [[1000, v], [1005, v], [1010, v]];

/** Two canary and three stable instances with the given per-node values. */
function tracks(canary: string, stable: string, labels = { track: 'track', node: 'instance' }): Answer {
  const one = (track: string, i: number, v: string) => ({ labels: { [labels.track]: track, [labels.node]: `${track}-${i}:9100` }, values: pts(v) });
  return matrix([one('canary', 1, canary), one('canary', 2, canary), one('stable', 1, stable), one('stable', 2, stable), one('stable', 3, stable)]);
}

const HEALTHY: Record<string, Answer> = {
  'level=~"error': tracks('0.2', '0.2'),
  'level=~"warn': tracks('1', '1'),
  process_cpu_seconds_total: tracks('0.1', '0.1'),
  process_resident_memory_bytes: tracks('104857600', '104857600'),
};

function byMetric(overrides: Record<string, Answer> = {}): (query: string) => Answer {
  const table = { ...HEALTHY, ...overrides };
  return (query) => {
    const key = Object.keys(table).find((k) => query.includes(k));
    return key ? (table[key] as Answer) : { status: 200, body: '{"status":"success","data":{"resultType":"matrix","result":[]}}' };
  };
}

function source(fetch: FetchLike, extra: Partial<ConstructorParameters<typeof PrometheusSource>[0]> = {}): PrometheusSource {
  return new PrometheusSource({ url: 'http://prom.test:9090/prometheus/', fetch, ...extra });
}

function reading(result: HealthResult) {
  assert.equal(result.kind, 'reading', result.kind === 'unknown' ? result.reason : '');
  return result.kind === 'reading' ? result.reading : assert.fail();
}

describe('PrometheusSource', () => {
  it('asks query_range for each metric under the base path, without credentials by default', async () => {
    const { fetch, calls } = fakeFetch(byMetric());
    await source(fetch).read(WINDOW, {});
    assert.equal(calls.length, 4);
    for (const call of calls) {
      assert.equal(call.url.origin + call.url.pathname, 'http://prom.test:9090/prometheus/api/v1/query_range');
      assert.deepEqual([call.url.searchParams.get('start'), call.url.searchParams.get('end'), call.url.searchParams.get('step')], ['1000', '1010', '5']);
      assert.equal(call.headers['Authorization'], undefined);
      assert.equal(call.redirect, 'error');
    }
    assert.deepEqual(calls.map((c) => c.url.searchParams.get('query')), [
      'sum by (track, instance) (rate(log_lines_total{level=~"error|fatal|critical",}[1m]))',
      'sum by (track, instance) (rate(log_lines_total{level=~"warn|warning",}[1m]))',
      'sum by (track, instance) (rate(process_cpu_seconds_total{  }[1m]))',
      'sum by (track, instance) (process_resident_memory_bytes{  })',
    ]);
  });

  it('sends bearer or basic credentials it is handed', async () => {
    const bearer = fakeFetch(byMetric());
    await source(bearer.fetch, { auth: { kind: 'bearer', token: 's3cret' } }).read(WINDOW, {});
    assert.equal(bearer.calls[0]?.headers['Authorization'], 'Bearer s3cret');
    const basic = fakeFetch(byMetric());
    await source(basic.fetch, { auth: { kind: 'basic', username: 'ops', password: 'pw' } }).read(WINDOW, {});
    assert.equal(basic.calls[0]?.headers['Authorization'], `Basic ${Buffer.from('ops:pw').toString('base64')}`);
  });

  it('splits series into canary and stable nodes and gets judged healthy', async () => {
    const { fetch } = fakeFetch(byMetric());
    const result = await source(fetch).read(WINDOW, {});
    const errors = reading(result).metrics.errorRate;
    assert.equal(errors.status, 'ok');
    if (errors.status === 'ok') {
      assert.deepEqual(errors.canary.map((n) => n.node), ['canary-1:9100', 'canary-2:9100']);
      assert.deepEqual(errors.stable.map((n) => n.node), ['stable-1:9100', 'stable-2:9100', 'stable-3:9100']);
      assert.deepEqual(errors.canary[0]?.samples, [{ t: 1000, v: 0.2 }, { t: 1005, v: 0.2 }, { t: 1010, v: 0.2 }]);
    }
    assert.equal(analyzeCanaryHealth(result).verdict, 'healthy');
  });

  it('finds an error spike', async () => {
    const { fetch } = fakeFetch(byMetric({ 'level=~"error': tracks('3', '0.2') }));
    const report = analyzeCanaryHealth(await source(fetch).read(WINDOW, {}));
    assert.equal(report.verdict, 'failing');
    assert.ok(Math.abs((report.metrics[0]?.ratio ?? 0) - 15) < 1e-9);
  });

  it('uses configured labels, selector, window and replacement queries', async () => {
    const labels = { track: 'deploy', canary: 'next', stable: 'main', node: 'pod' };
    const answer = (v: string): Answer => {
      const one = (track: string, i: number) => ({ labels: { deploy: track, pod: `${track}-${i}` }, values: pts(v) });
      return matrix([one('next', 1), one('main', 1), one('main', 2)]);
    };
    const { fetch, calls } = fakeFetch(() => answer('1'));
    const src = source(fetch, { labels, selector: 'app="shop"', rateWindow: '30s', queries: { cpu: 'avg by ({{deploy_missing}}) (x)', memory: 'sum by ({{track}}, {{node}}) (mem{ {{selector}} })' } });
    const result = await src.read(WINDOW, {});
    assert.deepEqual(calls.map((c) => c.url.searchParams.get('query')), [
      'sum by (deploy, pod) (rate(log_lines_total{level=~"error|fatal|critical",app="shop"}[30s]))',
      'sum by (deploy, pod) (rate(log_lines_total{level=~"warn|warning",app="shop"}[30s]))',
      'avg by ({{deploy_missing}}) (x)',
      'sum by (deploy, pod) (mem{ app="shop" })',
    ]);
    const memory = reading(result).metrics.memory;
    assert.equal(memory.status === 'ok' && memory.canary.length, 1);
    assert.equal(memory.status === 'ok' && memory.stable.length, 2);
    assert.equal(src.queryFor('errorRate'), calls[0]?.url.searchParams.get('query'));
  });

  it('is unknown as a whole when Prometheus is not reachable', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const warnings: string[] = [];
    const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined };
    const { fetch } = fakeFetch(() => refused);
    const result = await source(fetch, { logger }).read(WINDOW, {});
    assert.deepEqual(result, { kind: 'unknown', source: 'prometheus', reason: 'Prometheus at http://prom.test:9090/prometheus is not reachable (ECONNREFUSED)' });
    assert.equal(warnings.length, 1);
  });

  it('is unknown as a whole when access is refused, without echoing the credentials', async () => {
    const { fetch } = fakeFetch(() => ({ status: 401, body: 'Unauthorized' }));
    const result = await source(fetch, { auth: { kind: 'bearer', token: 'TOPSECRET' } }).read(WINDOW, {});
    assert.equal(result.kind, 'unknown');
    assert.match(result.kind === 'unknown' ? result.reason : '', /refused access \(HTTP 401\): check the credentials/);
    assert.doesNotMatch(JSON.stringify(result), /TOPSECRET/);
  });

  it('gives up on a server that does not answer in time', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const result = await source(fetch, { timeoutMs: 20 }).read(WINDOW, {});
    assert.equal(result.kind === 'unknown' && result.reason, 'Prometheus at http://prom.test:9090/prometheus did not answer within 0.02s');
  });

  const perMetric: [string, Record<string, Answer>, RegExp][] = [
    ['a rejected query', { process_cpu_seconds_total: { status: 400, body: '{"status":"error","errorType":"bad_data","error":"1:15: parse error: unexpected \\"(\\""}' } }, /^Prometheus rejected the query \(bad_data: 1:15: parse error/],
    ['no series yet', { process_cpu_seconds_total: matrix([]) }, /^no samples yet in this window/],
    ['series without the track label', { process_cpu_seconds_total: matrix([{ labels: { instance: 'a' }, values: pts('1') }]) }, /^label "track" is absent from all 1 series/],
    ['only stable series', { process_cpu_seconds_total: matrix([{ labels: { track: 'stable' }, values: pts('1') }]) }, /^no series has track="canary" \(values seen: "stable"\)/],
    ['NaN values', { process_cpu_seconds_total: tracks('NaN', '0.1') }, /^the canary series hold only NaN/],
    ['a single point', { process_cpu_seconds_total: matrix([{ labels: { track: 'canary' }, values: [[1000, '1']] }, { labels: { track: 'stable' }, values: pts('1') }]) }, /^not enough samples yet: canary has 1, need 2/],
    ['an HTML error page', { process_cpu_seconds_total: { status: 502, body: '<html>Bad Gateway</html>' } }, /answered HTTP 502 with something that is not a Prometheus API response/],
    ['a vector where a matrix belongs', { process_cpu_seconds_total: { status: 200, body: '{"status":"success","data":{"resultType":"vector","result":[]}}' } }, /without a matrix result/],
  ];
  for (const [name, overrides, reason] of perMetric) {
    it(`makes CPU unknown, never healthy, on ${name}`, async () => {
      const { fetch } = fakeFetch(byMetric(overrides));
      const report = analyzeCanaryHealth(await source(fetch).read(WINDOW, {}));
      const cpu = report.metrics.find((m) => m.metric === 'cpu');
      assert.equal(cpu?.verdict, 'unknown');
      assert.match(cpu?.reason ?? '', reason);
      assert.equal(report.verdict, 'unknown');
      assert.deepEqual(report.metrics.filter((m) => m.metric !== 'cpu').map((m) => m.verdict), ['healthy', 'healthy', 'healthy']);
    });
  }

  it('refuses an empty window and widens a step that would exceed 11 000 points', async () => {
    const { fetch, calls } = fakeFetch(byMetric());
    assert.equal((await source(fetch).read({ start: 10, end: 10, stepSeconds: 1 }, {})).kind, 'unknown');
    assert.equal(calls.length, 0);
    await source(fetch).read({ start: 0, end: 22_000, stepSeconds: 1 }, {});
    assert.equal(calls[0]?.url.searchParams.get('step'), '2');
  });

  it('ignores the first rate window of a canary node that just started, but not its memory', async () => {
    // The canary started at 1030 in a 1000..1100 window: its first minute of rate points under-report.
    const late: [number, string][] = [[1030, '0.1'], [1060, '0.5'], [1090, '3'], [1100, '3']];
    const early: [number, string][] = [[1000, '0.2'], [1030, '0.2'], [1060, '0.2'], [1090, '0.2'], [1100, '0.2']];
    const answer = matrix([{ labels: { track: 'canary', instance: 'c1' }, values: late }, { labels: { track: 'stable', instance: 's1' }, values: early }]);
    const { fetch } = fakeFetch(() => answer);
    const result = await source(fetch).read({ start: 1000, end: 1100, stepSeconds: 10 }, {});
    const errors = reading(result).metrics.errorRate;
    const memory = reading(result).metrics.memory;
    assert.deepEqual(errors.status === 'ok' && errors.canary[0]?.samples.map((p) => p.t), [1090, 1100]);
    assert.deepEqual(memory.status === 'ok' && memory.canary[0]?.samples.map((p) => p.t), [1030, 1060, 1090, 1100]);
    assert.equal(analyzeCanaryHealth(result).metrics[0]?.verdict, 'failing');
  });

  it('is what createHealthSource builds from a Prometheus config', async () => {
    const { config } = parseReleasePilotConfig('canary:\n  prometheus:\n    url: http://prom.test:9090/prometheus\n    rateWindow: 5s\n');
    const { fetch, calls } = fakeFetch(byMetric());
    const built = createHealthSource(config.canary, { fetch, loadJobLogs: () => Promise.resolve(undefined) });
    assert.equal(built.id, 'prometheus');
    await built.read(WINDOW, {});
    assert.equal(calls[0]?.url.searchParams.get('query'), DEFAULT_QUERIES.errorRate.replace('{{track}}, {{node}}', 'track, instance').replace('{{selector}}', '').replace('{{window}}', '5s'));
  });
});
