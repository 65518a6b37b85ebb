import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeCiFile } from '../../../../../src/core/ci/analyze/analyzeCiFile';
import type { CiAnalysis } from '../../../../../src/core/ci/analyze/analyzeCiFile';
import { ciLinks, ciSymbols, pathAtPosition } from '../../../../../src/core/ci/features/editorQueries';
import { parseCiFile } from '../../../../../src/core/ci/parse/parseCiFile';
import { ENTRY, ROOT, memoryReader } from '../../../../support/memoryReader';

/** Text with a `|` cursor marker: returns the text without it and the marker's zero-based position. */
function withCursor(marked: string): { text: string; position: { line: number; character: number } } {
  const index = marked.indexOf('|');
  const before = marked.slice(0, index);
  const line = before.split('\n').length - 1;
  return { text: marked.slice(0, index) + marked.slice(index + 1), position: { line, character: index - (before.lastIndexOf('\n') + 1) } };
}

function at(marked: string): ReturnType<typeof pathAtPosition> {
  const { text, position } = withCursor(marked);
  return pathAtPosition(parseCiFile('/p/a.yml', text), position);
}

describe('pathAtPosition', () => {
  it('finds a key', () => {
    assert.deepEqual(at('build:\n  scr|ipt: make\n')?.path, ['build', 'script']);
    assert.equal(at('build:\n  scr|ipt: make\n')?.target, 'key');
  });

  it('finds a value and list items', () => {
    const r = at('build:\n  script:\n    - make\n    - make te|st\n');
    assert.deepEqual([r?.path, r?.target], [['build', 'script', 1], 'value']);
  });

  it('finds an empty value after a key', () => {
    const r = at('build:\n  stage: |\n');
    assert.deepEqual([r?.path, r?.target], [['build', 'stage'], 'value']);
  });

  it('knows the cursor is typing a key under a key that has no value yet', () => {
    const r = at('build:\n  |\ntest:\n  script: s\n');
    assert.deepEqual([r?.path, r?.target], [['build'], 'key']);
    assert.deepEqual(at('build:\n|\n')?.path, []);
  });

  it('finds entries of a !reference and of flow collections', () => {
    assert.deepEqual(at('job:\n  script: !reference [.base, scr|ipt]\n')?.path, ['job', 'script', 1]);
    assert.deepEqual(at('job: {needs: [a, |b]}\n')?.path, ['job', 'needs', 1]);
  });

  it('knows when the cursor is in the spec header', () => {
    const r = at('spec:\n  inputs:\n    na|me: {}\n---\njob: {script: s}\n');
    assert.deepEqual([r?.path, r?.inSpecHeader], [['spec', 'inputs', 'name'], true]);
    assert.equal(at('spec:\n  inputs: {}\n---\njob: {scr|ipt: s}\n')?.inSpecHeader, false);
  });
});

describe('ciSymbols and ciLinks', () => {
  let analysis: CiAnalysis;
  before(() => {
    const files = {
      '.gitlab-ci.yml': [
        'include: ci/templates.yml',
        'stages: [build, test]',
        '.base: &base',
        '  image: alpine',
        'build:',
        '  <<: *base',
        '  stage: build',
        '  extends: .tpl',
        '  script: [!reference [.tpl, script]]',
        'test:',
        '  needs: [build]',
        '  dependencies: [build]',
        '  script: s',
      ].join('\n'),
      'ci/templates.yml': '.tpl:\n  script: [make]\n',
    };
    const found = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, files));
    assert.ok(found);
    analysis = found;
  });

  it('lists jobs, templates and stages with their locations', () => {
    const symbols = ciSymbols(analysis);
    assert.deepEqual(symbols.visibleJobs.map((j) => [j.name, j.loc?.range.start.line]), [['build', 4], ['test', 9]]);
    assert.deepEqual(symbols.hiddenJobs.map((j) => [j.name, j.loc?.file]), [['.tpl', path.join(ROOT, 'ci/templates.yml')], ['.base', ENTRY]]);
    assert.deepEqual(symbols.stages.map((s) => [s.name, s.loc?.range.start.line]), [['.pre', undefined], ['build', 1], ['test', 1], ['.post', undefined]]);
  });

  it('links extends, needs, dependencies, !reference, include and aliases to their targets', () => {
    const links = ciLinks(analysis);
    const summary = links.map((l) => [l.kind, l.name, l.loc.range.start.line, l.targets.map((t) => `${path.relative(ROOT, t.file)}:${t.range.start.line}`)]);
    assert.deepEqual(summary, [
      ['extends', '.tpl', 7, ['ci/templates.yml:0']],
      ['needs', 'build', 10, ['.gitlab-ci.yml:4']],
      ['dependencies', 'build', 11, ['.gitlab-ci.yml:4']],
      ['reference', '.tpl, script', 8, ['ci/templates.yml:0', 'ci/templates.yml:1']],
      ['include', 'ci/templates.yml', 0, ['ci/templates.yml:0']],
      ['alias', 'base', 5, ['.gitlab-ci.yml:2']],
    ]);
  });
});
