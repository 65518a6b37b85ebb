import * as assert from 'node:assert/strict';
import { DEFAULT_RELEASE_PILOT_CONFIG, parseReleasePilotConfig } from '../../../../src/core/canary';
import { checkPrometheusUrl, effectiveCanaryConfig, prometheusSecretKey } from '../../../../src/core/canary/canaryConfig';

describe('effective canary config', () => {
  it('keeps the file (or the job-log default) when no Prometheus URL is set', () => {
    assert.deepEqual(effectiveCanaryConfig(DEFAULT_RELEASE_PILOT_CONFIG, {}), { config: DEFAULT_RELEASE_PILOT_CONFIG.canary, problems: [] });
  });

  it('switches to Prometheus with the URL from settings, keeping the file\'s queries and selector', () => {
    const file = parseReleasePilotConfig('canary:\n  prometheus:\n    url: http://prom.internal:9090\n    selector: app="shop"\n').config;
    const { config } = effectiveCanaryConfig(file, { prometheusUrl: 'https://prom.example.com/' });
    assert.equal(config.source, 'prometheus');
    assert.equal(config.prometheus?.url, 'https://prom.example.com');
    assert.equal(config.prometheus?.selector, 'app="shop"');
    const fromDefaults = effectiveCanaryConfig(DEFAULT_RELEASE_PILOT_CONFIG, { prometheusUrl: 'http://127.0.0.1:9090' }).config;
    assert.equal(fromDefaults.prometheus?.rateWindow, '1m');
  });

  it('ignores, and reports, a URL that is not http(s) or carries credentials', () => {
    const bad = effectiveCanaryConfig(DEFAULT_RELEASE_PILOT_CONFIG, { prometheusUrl: 'https://user:secret@prom.example.com' });
    assert.equal(bad.config.source, 'job-log');
    assert.match(bad.problems[0] ?? '', /credentials/);
    assert.ok('problem' in checkPrometheusUrl('ftp://prom'));
    assert.ok('problem' in checkPrometheusUrl('not a url'));
  });

  it('keys credentials by server, trailing slash or not', () => {
    assert.equal(prometheusSecretKey('https://prom.example.com/'), prometheusSecretKey('https://prom.example.com'));
  });
});
