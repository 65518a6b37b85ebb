import * as assert from 'node:assert/strict';
import { fixturePath } from '../../../support/paths';
import { CI_CODES } from '../../../../src/core/ci/model/codes';
import { findFixtureCases, lintFixture, sortFindings, summarize } from './fixtureRunner';

const cases = [...findFixtureCases(fixturePath('ci', 'checks')), ...findFixtureCases(fixturePath('ci', 'includes'))];

/** Codes proven by dedicated unit tests instead of a fixture (limits that need generated input, special files: test/unit/core/ci/hostile.test.ts). */
const COVERED_ELSEWHERE = new Set(['expansion-limit', 'analysis-budget', 'include-outside-root', 'include-not-regular', 'include-too-large', 'include-limit', 'include-cycle', 'matrix-too-many-jobs', 'yaml-alias-limit', 'yaml-too-deep', 'yaml-warning', 'include-local-empty', 'config-not-a-map', 'reference-invalid',
  // Remote includes: test/unit/core/ci/resolve/remoteIncludes.test.ts, against the local GitLab server.
  'include-remote-pending', 'include-remote-missing', 'include-remote-forbidden', 'include-remote-too-large', 'include-remote-invalid',
  'include-remote-other-instance', 'include-remote-unreachable', 'include-remote-not-signed-in', 'include-remote-host-not-allowed', 'include-remote-stale']);

describe('ci fixtures (each .yml against its .expected.json)', () => {
  for (const c of cases) {
    it(c.entry.slice(c.entry.indexOf('fixtures')), () => {
      const actual = sortFindings(summarize(lintFixture(c.entry), c.entry));
      assert.deepEqual(actual, sortFindings(c.expected));
    });
  }

  it('has at least one fixture or dedicated test for every finding code', () => {
    const seen = new Set(cases.flatMap((c) => c.expected.map((e) => e.code)));
    const missing = Object.keys(CI_CODES).filter((code) => !seen.has(code) && !COVERED_ELSEWHERE.has(code));
    assert.deepEqual(missing, []);
  });
});
