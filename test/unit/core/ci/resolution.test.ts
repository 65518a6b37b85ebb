import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeCiFile } from '../../../../src/core/ci/analyze/analyzeCiFile';
import type { CiAnalysis } from '../../../../src/core/ci/analyze/analyzeCiFile';
import { toPlain } from '../../../../src/core/ci/model/ciNode';
import { mergedConfigYaml } from '../../../../src/core/ci/analyze/lint';
import { ENTRY, ROOT, memoryReader } from '../../../support/memoryReader';

function analyze(files: Record<string, string>): CiAnalysis {
  const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, files));
  assert.ok(analysis);
  return analysis;
}

const merged = (files: Record<string, string>): Record<string, unknown> => analyze(files).mergedValue as Record<string, unknown>;
const effective = (analysis: CiAnalysis, job: string): unknown => {
  const found = analysis.jobs.find((j) => j.name === job)?.effective;
  return found ? toPlain(found) : undefined;
};

describe('extends (GitLab deep merge)', () => {
  it('merges hashes deeply, replaces lists and scalars, later parents win, the job wins last', () => {
    const config = merged({
      '.gitlab-ci.yml': [
        '.a:', '  variables: {A: a, SHARED: a}', '  script: [from-a]', '  tags: [a]',
        '.b:', '  variables: {B: b, SHARED: b}', '  tags: [b1, b2]',
        'job:', '  extends: [.a, .b]', '  variables: {OWN: own}', '  script: [own]',
      ].join('\n'),
    });
    assert.deepEqual(config.job, {
      variables: { A: 'a', SHARED: 'b', B: 'b', OWN: 'own' },
      script: ['own'],
      tags: ['b1', 'b2'],
      extends: ['.a', '.b'],
    });
  });

  it('resolves several levels, parents first', () => {
    const config = merged({ '.gitlab-ci.yml': '.x: {image: x, variables: {X: "1"}}\n.y: {extends: .x, image: y}\njob: {extends: .y, script: s}\n' });
    assert.deepEqual(config.job, { image: 'y', variables: { X: '1' }, extends: '.y', script: 's' });
  });

  it('lets a visible job extend another visible job', () => {
    const config = merged({ '.gitlab-ci.yml': 'a: {script: s, stage: build}\nb: {extends: a, stage: test}\n' });
    assert.deepEqual(config.b, { script: 's', stage: 'test', extends: 'a' });
  });
});

describe('!reference resolution', () => {
  it('resolves against the configuration after extends and splices lists into lists', () => {
    const config = merged({
      '.gitlab-ci.yml': [
        '.base:', '  script: [one, two]',
        '.child:', '  extends: .base',
        'job:', '  script:', '    - !reference [.child, script]', '    - three',
        '  variables:', '    V: !reference [.vars, variables, V]',
        '.vars:', '  variables: {V: value}',
      ].join('\n'),
    });
    assert.deepEqual((config.job as Record<string, unknown>).script, ['one', 'two', 'three']);
    assert.deepEqual((config.job as Record<string, unknown>).variables, { V: 'value' });
  });

  it('resolves nested references', () => {
    const config = merged({ '.gitlab-ci.yml': '.a: {script: [a]}\n.b: {script: [!reference [.a, script], b]}\njob: {script: [!reference [.b, script], c]}\n' });
    assert.deepEqual((config.job as Record<string, unknown>).script, ['a', 'b', 'c']);
  });
});

describe('default: inheritance', () => {
  const files = {
    '.gitlab-ci.yml': [
      'image: legacy-global', 'default:', '  image: alpine', '  tags: [docker]', '  retry: 2', '  before_script: [setup]',
      'plain:', '  script: s',
      'own-image:', '  image: debian', '  script: s',
      'no-defaults:', '  inherit: {default: false}', '  script: s',
      'some-defaults:', '  inherit: {default: [tags]}', '  script: s',
    ].join('\n'),
  };

  it('fills in keys a job does not set, respecting inherit:default', () => {
    const analysis = analyze(files);
    assert.deepEqual(effective(analysis, 'plain'), { script: 's', image: 'alpine', tags: ['docker'], retry: 2, before_script: ['setup'] });
    assert.deepEqual((effective(analysis, 'own-image') as Record<string, unknown>).image, 'debian');
    assert.deepEqual(effective(analysis, 'no-defaults'), { inherit: { default: false }, script: 's' });
    assert.deepEqual(effective(analysis, 'some-defaults'), { inherit: { default: ['tags'] }, script: 's', tags: ['docker'] });
  });

  it('uses legacy global keywords when default: does not set them', () => {
    const analysis = analyze({ '.gitlab-ci.yml': 'image: old\nbefore_script: [a]\njob: {script: s}\n' });
    assert.deepEqual(effective(analysis, 'job'), { script: 's', image: 'old', before_script: ['a'] });
  });

  it('merges inherited top-level variables under the job\'s own, respecting inherit:variables', () => {
    const analysis = analyze({
      '.gitlab-ci.yml': [
        'variables: {A: a, B: b}',
        'all: {script: s, variables: {B: own}}',
        'none: {script: s, inherit: {variables: false}}',
        'some: {script: s, inherit: {variables: [B]}}',
      ].join('\n'),
    });
    assert.deepEqual((effective(analysis, 'all') as Record<string, unknown>).variables, { A: 'a', B: 'own' });
    assert.equal((effective(analysis, 'none') as Record<string, unknown>).variables, undefined);
    assert.deepEqual((effective(analysis, 'some') as Record<string, unknown>).variables, { B: 'b' });
  });

  it('gives trigger jobs no default keywords', () => {
    const analysis = analyze({ '.gitlab-ci.yml': 'default: {image: alpine}\nchild: {trigger: {include: c.yml}}\n' });
    assert.deepEqual(effective(analysis, 'child'), { trigger: { include: 'c.yml' } });
  });

  it('keeps the merged configuration free of inherited keys (like GitLab merged YAML)', () => {
    assert.deepEqual(merged(files).plain, { script: 's' });
  });
});

describe('include:local', () => {
  it('merges included files first, then the including file, deeply', () => {
    const config = merged({
      '.gitlab-ci.yml': 'include: [a.yml, b.yml]\nvariables: {MAIN: "1", SHARED: main}\njob: {script: main}\n',
      'a.yml': 'variables: {A: "1", SHARED: a}\njob: {script: a, stage: build}\n',
      'b.yml': 'variables: {B: "1", SHARED: b}\n',
    });
    assert.deepEqual(config.variables, { A: '1', SHARED: 'main', B: '1', MAIN: '1' });
    assert.deepEqual(config.job, { script: 'main', stage: 'build' });
    assert.equal(config.include, undefined);
  });

  it('expands globs relative to the project root and follows nested includes', () => {
    const analysis = analyze({
      '.gitlab-ci.yml': 'include:\n  - local: /ci/*.yml\n',
      'ci/one.yml': 'include: {local: ci/nested/deep.yml}\none: {script: s}\n',
      'ci/two.yml': 'two: {script: s}\n',
      'ci/nested/deep.yml': 'deep: {script: s}\n',
      'other/three.yml': 'three: {script: s}\n',
    });
    assert.deepEqual(analysis.jobs.map((j) => j.name).sort(), ['deep', 'one', 'two']);
    assert.deepEqual(analysis.includes.find((i) => i.target === '/ci/*.yml')?.resolved, [path.join(ROOT, 'ci/one.yml'), path.join(ROOT, 'ci/two.yml')]);
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('survives include cycles', () => {
    const analysis = analyze({ '.gitlab-ci.yml': 'include: a.yml\nmain: {script: s}\n', 'a.yml': 'include: .gitlab-ci.yml\na: {script: s}\n' });
    assert.deepEqual(analysis.jobs.map((j) => j.name).sort(), ['a', 'main']);
  });

  it('reports problems inside an included file with that file', () => {
    const analysis = analyze({ '.gitlab-ci.yml': 'include: a.yml\nmain: {script: s}\n', 'a.yml': 'a: {script: s, needs: [ghost]}\n' });
    assert.deepEqual(analysis.diagnostics.map((d) => [d.code, d.file]), [['needs-undefined-job', path.join(ROOT, 'a.yml')]]);
  });

  it('reports an empty included file', () => {
    const analysis = analyze({ '.gitlab-ci.yml': 'include: a.yml\nmain: {script: s}\n', 'a.yml': '# nothing\n' });
    assert.deepEqual(analysis.diagnostics.map((d) => d.code), ['include-local-empty']);
  });
});

describe('source map and merged YAML', () => {
  it('links merged values back to the file and range they came from', () => {
    const analysis = analyze({
      '.gitlab-ci.yml': 'include: t.yml\njob:\n  extends: .t\n  script: s\n',
      't.yml': '.t:\n  image: alpine\n',
    });
    const image = analysis.sourceMap.at(['job', 'image']);
    assert.equal(image?.value.file, path.join(ROOT, 't.yml'));
    assert.deepEqual(image?.value.range.start, { line: 1, character: 9 });
    assert.deepEqual(analysis.sourceMap.at(['job', 'script'])?.key?.range.start, { line: 3, character: 2 });
  });

  it('prints the merged configuration as YAML', () => {
    const analysis = analyze({ '.gitlab-ci.yml': '.t: {image: alpine}\njob:\n  extends: .t\n  script: [!reference [.t, image]]\n' });
    assert.equal(mergedConfigYaml(analysis), '.t:\n  image: alpine\njob:\n  image: alpine\n  extends: .t\n  script:\n    - alpine\n');
  });

  it('keeps unresolved references as tags in the merged YAML', () => {
    const analysis = analyze({ '.gitlab-ci.yml': 'job:\n  script: !reference [.nope, script]\n' });
    assert.match(mergedConfigYaml(analysis), /script: !reference \[ \.nope, script \]/);
  });

  it('reports a configuration that is not a mapping', () => {
    assert.deepEqual(analyze({ '.gitlab-ci.yml': '- a\n- b\n' }).diagnostics.map((d) => d.code), ['config-not-a-map']);
  });
});

describe('spec:inputs interpolation', () => {
  it('uses include inputs first, then defaults, and leaves unknown inputs as written', () => {
    const analysis = analyze({
      '.gitlab-ci.yml': 'include:\n  - local: t.yml\n    inputs: {name: given}\n',
      't.yml': 'spec:\n  inputs:\n    name:\n    image: {default: alpine}\n---\n$[[ inputs.name ]]-job:\n  image: $[[ inputs.image ]]\n  script: echo $[[ inputs.other ]]\n',
    });
    assert.deepEqual((analysis.mergedValue as Record<string, unknown>)['given-job'], { image: 'alpine', script: 'echo $[[ inputs.other ]]' });
  });

  it('does not judge names that are still expressions', () => {
    const analysis = analyze({ '.gitlab-ci.yml': 'job:\n  stage: $[[ inputs.stage ]]\n  needs: ["$[[ inputs.job ]]"]\n  extends: $[[ inputs.base ]]\n  script: s\n' });
    assert.deepEqual(analysis.diagnostics, []);
  });
});
