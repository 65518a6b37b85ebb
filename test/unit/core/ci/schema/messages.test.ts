import * as assert from 'node:assert/strict';
import { validateYaml } from './support';

/** Findings for a small configuration given as YAML text. */
const check = (yaml: string) => validateYaml(yaml);

describe('ci schema messages', () => {
  it('reports an unknown job keyword at the key, with a suggestion', () => {
    const [f, ...rest] = check('build:\n  scirpt: make\n  script: make\n');
    assert.equal(rest.length, 0);
    assert.equal(f?.code, 'schema-unknown-key');
    assert.deepEqual(f?.path, ['build', 'scirpt']);
    assert.equal(f?.target, 'key');
    assert.equal(f?.message, 'unknown keyword `scirpt` in job `build` (did you mean `script`?)');
  });

  it('does not suggest a keyword for a key that resembles none', () => {
    const [f] = check('build:\n  script: make\n  colour: blue\n');
    assert.equal(f?.message, 'unknown keyword `colour` in job `build`');
  });

  it('words enum, range and type problems after the keyword, at the value', () => {
    const found = check('build:\n  script: make\n  when: later\n  retry: {max: 5}\n  parallel: 300\n  image: 5\n');
    const byPath = new Map(found.map((f) => [f.path.join(':'), f]));
    assert.equal(byPath.get('build:when')?.message, '`when` must be one of on_success, on_failure, always, manual, delayed');
    assert.equal(byPath.get('build:retry:max')?.message, '`retry:max` must be between 0 and 2');
    assert.equal(byPath.get('build:parallel')?.message, '`parallel` must be a number from 1 to 200 or a `matrix`');
    assert.equal(byPath.get('build:image')?.message, '`image` must be a string or a mapping');
    assert.ok(found.every((f) => f.target === 'value'));
    assert.equal(found.length, 4);
  });

  it('never shows JSON pointers or ajv wording', () => {
    const yaml = [
      'stages: x', 'include: [{file: a.yml}]', 'build:', '  script: {a: b}', '  needs: [{project: a}]',
      '  cache: [{policy: x}]', '  trigger: {include: [{foo: 1}]}', '  artifacts: {reports: {coverage_report: {}}}',
    ].join('\n');
    const found = check(yaml);
    assert.ok(found.length >= 6, `expected several findings, got ${found.length}`);
    for (const f of found) {
      assert.doesNotMatch(f.message, /#\/|\/[a-z_]+\/|must NOT|must match|schema|additional properties|allowed values/i, f.message);
    }
  });

  it('collapses the branches of a union into one finding', () => {
    // A `needs` entry with `project` is the cross-project form: only its missing keys are reported, once.
    const found = check('build:\n  script: make\n  needs:\n    - project: group/other\n');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.message, 'missing `job` and `ref` in an entry of `needs` of job `build`');
  });

  it('reports a wrong type once, without also reporting what the other forms lack', () => {
    const found = check('build:\n  script: make\n  environment: [production]\n  cache: 5\n');
    assert.deepEqual(found.map((f) => f.message).sort(), [
      '`cache` must be a mapping or a list',
      '`environment` must be a string or a mapping',
    ]);
  });

  it('treats a misspelt required key as one problem', () => {
    const found = check('build:\n  script: make\n  parallel:\n    matrx: [{A: b}]\n');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.code, 'schema-unknown-key');
    assert.match(found[0]?.message ?? '', /did you mean `matrix`/);
  });

  it('explains keywords that a trigger job cannot use', () => {
    const [f, ...rest] = check('deploy:\n  image: alpine\n  trigger: group/project\n');
    assert.equal(rest.length, 0);
    assert.deepEqual(f?.path, ['deploy', 'image']);
    assert.match(f?.message ?? '', /cannot be used in trigger job `deploy`/);
  });

  it('accepts null for any keyword, as GitLab treats it as not set', () => {
    assert.deepEqual(check('build:\n  script: make\n  image:\n  cache:\n  rules:\n  artifacts:\n  when:\n'), []);
  });

  it('does not type-check values that input interpolation replaces', () => {
    assert.deepEqual(check('build:\n  script: make\n  parallel: $[[ inputs.count ]]\n  tags: $[[ inputs.tags ]]\n'), []);
  });

  it('reports `rules` with `only` as an exclusive pair at the second key', () => {
    const found = check('build:\n  script: make\n  rules: [{when: always}]\n  only: [main]\n  except: [tags]\n');
    assert.deepEqual(found.map((f) => [f.code, f.path.join(':'), f.target]), [
      ['schema-exclusive', 'build:only', 'key'],
      ['schema-exclusive', 'build:except', 'key'],
    ]);
  });

  it('ignores hidden keys entirely', () => {
    assert.deepEqual(check('.tpl:\n  scirpt: 1\n  when: never-ever\nbuild:\n  script: make\n'), []);
  });

  it('gives every finding the error severity and a stable schema code', () => {
    const found = check('build:\n  script: make\n  when: later\n  foo: 1\n  retry: 9\n  rules: [{when: delayed}]\n');
    assert.ok(found.length >= 4);
    for (const f of found) {
      assert.equal(f.severity, 'error');
      assert.match(f.code, /^schema-(unknown-key|type|enum|required|range|pattern|exclusive|misplaced|invalid)$/);
    }
  });

  it('rejects a configuration that is not a mapping and ignores an empty one', () => {
    assert.deepEqual(check('- a\n- b\n').map((f) => f.code), ['schema-type']);
    assert.deepEqual(check(''), []);
  });
});
