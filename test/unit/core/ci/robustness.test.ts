import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyzeCiFile } from '../../../../src/core/ci/analyze/analyzeCiFile';
import { fixturePath } from '../../../support/paths';
import { findFixtureCases } from './fixtureRunner';
import { ENTRY, ROOT, memoryReader } from '../../../support/memoryReader';

/** Cuts every fixture at many points and checks the analysis still answers (with findings, not a throw). */
describe('ci analysis robustness', () => {
  const texts = findFixtureCases(fixturePath('ci', 'checks')).map((c) => fs.readFileSync(c.entry, 'utf8'));

  it('never throws on truncated or garbled input', () => {
    let runs = 0;
    for (const text of texts) {
      const step = Math.max(1, Math.floor(text.length / 12));
      for (let cut = 0; cut < text.length; cut += step) {
        for (const variant of [text.slice(0, cut), text.slice(0, cut) + '\n  : - [ { &x *y !reference\n' + text.slice(cut)]) {
          const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': variant }), { schema: false });
          assert.ok(analysis, 'no analysis');
          runs++;
        }
      }
    }
    assert.ok(runs > 100, `only ${runs} runs`);
  });

  it('survives a very long extends chain', () => {
    const lines = ['.l0: {script: s}'];
    for (let i = 1; i <= 3000; i++) lines.push(`.l${i}: {extends: .l${i - 1}}`);
    lines.push('job: {extends: .l3000}');
    const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': lines.join('\n') }), { schema: false });
    assert.ok(analysis?.diagnostics.some((d) => d.code === 'extends-too-deep'));
  });
});

describe('ci parsing of odd keys', () => {
  it('does not throw on a collection key that merges a list (yaml cannot print it)', () => {
    const text = 'a: &a [1]\n? {<<: *a}\n: v\nbuild:\n  script: make\n';
    const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': text }));
    assert.ok(analysis, 'the file was analysed');
    assert.ok(analysis.jobs.some((j) => j.name === 'build'), 'the rest of the file is still read');
  });
});
