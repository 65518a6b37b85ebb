import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lintCiFiles } from '../../../../src/core/ci';
import { memoryReader } from '../../../support/memoryReader';

const ROOT = path.resolve('/repo');
const FILES = {
  'a.yml': 'include: shared.yml\nbuild:\n  extends: .base\n  stage: nowhere\n',
  'b.yml': 'include: shared.yml\ntest:\n  extends: .base\n  needs: [ghost]\n',
  'shared.yml': '.base:\n  script: make\n',
};

describe('lintCiFiles: letting analyses go (the CLI over many files)', () => {
  const files = ['a.yml', 'b.yml'].map((f) => path.join(ROOT, f));

  it('gives the same findings without keeping each file\'s analysis, and keeps none', () => {
    const kept = lintCiFiles({ root: ROOT, files, reader: memoryReader(ROOT, FILES) });
    const released = lintCiFiles({ root: ROOT, files, reader: memoryReader(ROOT, FILES), keepAnalyses: false });
    assert.deepEqual(released.files.map((f) => [f.path, f.found, f.diagnostics]), kept.files.map((f) => [f.path, f.found, f.diagnostics]));
    assert.ok(kept.files.every((f) => f.analysis), 'kept by default');
    assert.ok(released.files.every((f) => f.analysis === undefined), 'none kept');
    assert.ok(released.files.some((f) => f.diagnostics.some((d) => d.code === 'stage-undefined' || d.code === 'needs-undefined-job')), 'findings are there');
  });

  it('still reads an entry file again when a later entry includes it', () => {
    const reader = memoryReader(ROOT, { ...FILES, 'c.yml': 'include: a.yml\n' });
    const entries = ['a.yml', 'c.yml'].map((f) => path.join(ROOT, f));
    const kept = lintCiFiles({ root: ROOT, files: entries, reader });
    const released = lintCiFiles({ root: ROOT, files: entries, reader, keepAnalyses: false });
    assert.deepEqual(released.files.map((f) => f.diagnostics), kept.files.map((f) => f.diagnostics));
  });
});
