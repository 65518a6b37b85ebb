import * as assert from 'node:assert/strict';
import type { HealthSource } from '../../../../src/core/canary';
import { JobLogSource, assessCanaryHealth, createHealthSource, lastMinutes, parseReleasePilotConfig } from '../../../../src/core/canary';
import { expandQuery, parsePromDuration } from '../../../../src/core/canary/prometheusQueries';
import { trimWarmup } from '../../../../src/core/canary/trimWarmup';

const WINDOW = { start: 0, end: 100, stepSeconds: 10 };

describe('JobLogSource', () => {
  it('reads the logs the loader returns', async () => {
    const source = new JobLogSource((context) => {
      assert.equal(context.jobId, 42);
      return Promise.resolve({ current: { text: 'ERROR a\nERROR b', durationSeconds: 10 }, baseline: { text: 'INFO ok', durationSeconds: 10 } });
    });
    const report = await assessCanaryHealth(source, WINDOW, { jobId: 42 });
    assert.equal(report.source, 'job-log');
    assert.equal(report.metrics[0]?.canaryValue, 0.2);
    assert.equal(report.metrics[0]?.verdict, 'failing');
  });

  it('is unknown when there is no log or the loader fails', async () => {
    const none = await new JobLogSource(() => Promise.resolve(undefined)).read(WINDOW, {});
    assert.deepEqual(none, { kind: 'unknown', source: 'job-log', reason: 'no canary job log is available yet' });
    const broken = await new JobLogSource(() => Promise.reject(new Error('HTTP 404'))).read(WINDOW, {});
    assert.equal(broken.kind === 'unknown' && broken.reason, 'the canary job log could not be read (HTTP 404)');
  });

  it('is what createHealthSource builds without a Prometheus config', () => {
    const built = createHealthSource(parseReleasePilotConfig('').config.canary, { fetch: () => Promise.reject(new Error('unused')), loadJobLogs: () => Promise.resolve(undefined) });
    assert.equal(built.id, 'job-log');
  });
});

describe('assessCanaryHealth', () => {
  it('turns a source that throws into an unknown report', async () => {
    const buggy: HealthSource = { id: 'buggy', read: () => Promise.reject(new Error('boom')) };
    const report = await assessCanaryHealth(buggy, WINDOW, {});
    assert.equal(report.verdict, 'unknown');
    assert.equal(report.explanation, 'Canary health is unknown: reading buggy failed (boom).');
  });

  it('builds a window of the last minutes from the injected clock', () => {
    assert.deepEqual(lastMinutes(1_700_000_000_500, 15), { start: 1_700_000_000 - 900, end: 1_700_000_000, stepSeconds: 8 });
    assert.equal(lastMinutes(0, 1).stepSeconds, 1);
  });
});

describe('Prometheus query helpers', () => {
  it('parses PromQL durations', () => {
    assert.deepEqual(['1m', '30s', '1m30s', '2h', '500ms', '1d', 'x', '1', '1 m'].map(parsePromDuration), [60, 30, 90, 7200, 0.5, 86_400, undefined, undefined, undefined]);
  });

  it('fills placeholders and leaves unknown ones for Prometheus to reject', () => {
    const p = { labels: { track: 'tr', canary: 'c', stable: 's', node: 'pod' }, rateWindow: '2m', selector: 'a="b"' };
    assert.equal(expandQuery('x{ {{selector}} } by ({{ track }},{{node}}) [{{window}}] {{other}}', p), 'x{ a="b" } by (tr,pod) [2m] {{other}}');
  });

  it('drops the warm-up of series that start inside the window only', () => {
    const series = [
      { metric: { n: 'old' }, values: [[100, '1'], [110, '1'], [120, '1']] as [number, string][] },
      { metric: { n: 'new' }, values: [[130, '0.1'], [140, '0.5'], [190, '1'], [200, '1']] as [number, string][] },
    ];
    const trimmed = trimWarmup(series, 100, 10, 60);
    assert.deepEqual(trimmed.map((s) => s.values.map(([t]) => t)), [[100, 110, 120], [190, 200]]);
  });
});
