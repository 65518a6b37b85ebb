import * as assert from 'node:assert/strict';
import { DEFAULT_RELEASE_PILOT_CONFIG, parseReleasePilotConfig } from '../../../../src/core/canary';
import type { CanaryConfig } from '../../../../src/core/canary';
import { PrometheusHostConsent, prometheusHostKey } from '../../../../src/core/canary/prometheusHostConsent';
import { ScriptedAsker } from '../../../support/scriptedAsker';

function withPrometheus(url: string): CanaryConfig {
  const config = parseReleasePilotConfig(`canary:\n  prometheus:\n    url: ${url}\n`).config.canary;
  assert.equal(config.source, 'prometheus', 'fixture parses to a Prometheus config');
  return config;
}

function memory(): { values: Map<string, unknown>; get<T>(key: string): T | undefined; update(key: string, value: unknown): Promise<void> } {
  const values = new Map<string, unknown>();
  return { values, get: <T>(key: string) => values.get(key) as T | undefined, update: (key, value) => Promise.resolve(void values.set(key, value)) };
}

describe('Prometheus host consent', () => {
  const evil = withPrometheus('https://metrics.attacker.example:9443/prom');

  it('uses a URL from the person\'s user settings without asking', async () => {
    const ask = new ScriptedAsker();
    const outcome = await new PrometheusHostConsent(memory(), ask).apply(evil, 'user');
    assert.equal(outcome.config, evil);
    assert.deepEqual(ask.asked, []);
  });

  it('asks once per host the workspace names, naming the host, and remembers a yes in global memory', async () => {
    const ask = new ScriptedAsker({ 'Allow queries to https://metrics.attacker.example:9443?': true });
    const store = memory();
    const consent = new PrometheusHostConsent(store, ask);
    const [first, second] = await Promise.all([consent.apply(evil, 'workspace'), consent.apply(evil, 'workspace')]);
    assert.equal(first.config, evil);
    assert.equal(second.config, evil);
    assert.equal(ask.asked.length, 1, 'two checks at once share one question');
    assert.equal(store.values.get(prometheusHostKey('https://metrics.attacker.example:9443')), true);
    await consent.apply(withPrometheus('https://metrics.attacker.example:9443/other'), 'workspace');
    assert.equal(ask.asked.length, 1, 'the same host is not asked about again');
    await consent.apply(withPrometheus('https://metrics.attacker.example:9090'), 'workspace');
    assert.equal(ask.asked.length, 2, 'another port is another host');
  });

  it('falls back to job logs, and says why, when the person does not allow the host', async () => {
    const ask = new ScriptedAsker();
    const store = memory();
    const consent = new PrometheusHostConsent(store, ask);
    const outcome = await consent.apply(evil, 'workspace');
    assert.equal(outcome.config.source, 'job-log');
    assert.equal(outcome.config.prometheus, undefined, 'no Prometheus left to query');
    assert.equal(outcome.config.thresholds, evil.thresholds);
    assert.match(outcome.problem ?? '', /Prometheus at https:\/\/metrics\.attacker\.example:9443 was not asked/);
    await consent.apply(evil, 'workspace');
    assert.equal(ask.asked.length, 1, 'the refusal holds for the session');
    assert.equal(store.values.size, 0, 'but is not stored: a later window may still allow the host');
  });

  it('never asks about, nor uses, a URL that is not http(s)', async () => {
    const ask = new ScriptedAsker({ Allow: true });
    const config: CanaryConfig = { ...evil, prometheus: { ...evil.prometheus!, url: 'file:///etc/passwd' } };
    const outcome = await new PrometheusHostConsent(memory(), ask).apply(config, 'workspace');
    assert.equal(outcome.config.source, 'job-log');
    assert.match(outcome.problem ?? '', /http:\/\/ or https:\/\//);
    assert.deepEqual(ask.asked, []);
  });

  it('has nothing to ask when no Prometheus is configured', async () => {
    const ask = new ScriptedAsker();
    const outcome = await new PrometheusHostConsent(memory(), ask).apply(DEFAULT_RELEASE_PILOT_CONFIG.canary, 'workspace');
    assert.equal(outcome.config, DEFAULT_RELEASE_PILOT_CONFIG.canary);
    assert.deepEqual(ask.asked, []);
  });
});
