import * as assert from 'node:assert/strict';
import { DEFAULT_RELEASE_PILOT_CONFIG, parseReleasePilotConfig } from '../../../../src/core/canary';
import { readFixture } from '../../../support/paths';

interface Expected {
  readonly config: unknown;
  /** [code, severity, zero-based line, the key path the message names] */
  readonly diagnostics: readonly [string, string, number, string][];
}

describe('parseReleasePilotConfig', () => {
  for (const name of ['full', 'secrets', 'invalid']) {
    it(`reads ${name}.release-pilot.yml as expected`, () => {
      const expected = JSON.parse(readFixture('release', 'config', `${name}.expected.json`)) as Expected;
      const parsed = parseReleasePilotConfig(readFixture('release', 'config', `${name}.release-pilot.yml`));
      assert.deepEqual(parsed.config, expected.config);
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, expected.diagnostics.find((e) => d.message.includes(`\`${e[3]}\``))?.[3] ?? d.message]),
        expected.diagnostics,
      );
    });
  }

  it('says where secrets belong instead', () => {
    const { diagnostics } = parseReleasePilotConfig('canary:\n  prometheus:\n    token: abc\n');
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0]?.message ?? '', /must not hold credentials.*Set Prometheus Credentials.*secret storage/);
    assert.deepEqual(diagnostics[0]?.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
  });

  it('spots well-known token values under innocent keys', () => {
    for (const value of ['glpat-abcdefghijklmnopqrst', 'ghp_abcdefghijklmnop', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.x']) {
      assert.deepEqual(parseReleasePilotConfig(`canary:\n  prometheus:\n    selector: ${value}\n`).diagnostics.map((d) => d.code), ['config-secret'], value);
    }
  });

  it('falls back to the job-log source with defaults for an empty or missing section', () => {
    for (const text of ['', '# nothing yet\n', 'canary:\n', 'other: 1\n']) {
      const parsed = parseReleasePilotConfig(text);
      assert.deepEqual(parsed.config, DEFAULT_RELEASE_PILOT_CONFIG, JSON.stringify(text));
      assert.deepEqual(parsed.diagnostics, []);
    }
  });

  it('picks Prometheus when a URL is given and fills defaults', () => {
    const { config, diagnostics } = parseReleasePilotConfig('canary:\n  prometheus:\n    url: http://127.0.0.1:9090\n');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config.canary.prometheus, {
      url: 'http://127.0.0.1:9090', selector: '', rateWindow: '1m', minSamples: 2, labels: { track: 'track', canary: 'canary', stable: 'stable', node: 'instance' }, queries: {},
    });
  });

  it('explains a Prometheus source without a URL', () => {
    const { config, diagnostics } = parseReleasePilotConfig('canary:\n  source: prometheus\n');
    assert.equal(config.canary.source, 'job-log');
    assert.match(diagnostics[0]?.message ?? '', /`canary.prometheus.url` is missing/);
  });

  it('reports broken YAML with its position and keeps the defaults', () => {
    const { config, diagnostics } = parseReleasePilotConfig('canary:\n  prometheus: [\n');
    assert.deepEqual(config, DEFAULT_RELEASE_PILOT_CONFIG);
    assert.equal(diagnostics[0]?.code, 'config-yaml');
  });

  it('reports duplicate keys', () => {
    assert.equal(parseReleasePilotConfig('canary:\n  source: job-log\n  source: prometheus\n').diagnostics[0]?.code, 'config-yaml');
  });
});
