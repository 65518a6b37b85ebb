import * as assert from 'node:assert/strict';
import { childKeywords, enumValues, keywordContextAt, keywordInfo } from '../../../../../src/core/ci/schema';

const names = (path: readonly (string | number)[]): string[] => childKeywords(path).map((k) => k.name);

describe('ci keyword knowledge', () => {
  describe('keywordContextAt', () => {
    const cases: [readonly (string | number)[], string | undefined][] = [
      [[], 'top-level'],
      [['build'], 'job'],
      [['.template'], 'job'],
      [['default'], 'default'],
      [['workflow'], 'workflow'],
      [['workflow', 'rules', 0], 'workflow:rules item'],
      [['build', 'rules', 2], 'rules item'],
      [['build', 'artifacts'], 'artifacts'],
      [['build', 'artifacts', 'reports'], 'artifacts:reports'],
      [['build', 'cache'], 'cache'],
      [['build', 'cache', 1], 'cache'],
      [['build', 'environment'], 'environment'],
      [['include', 0], 'include item'],
      [['build', 'needs', 0], 'needs item'],
      [['build', 'script'], undefined],
      [['build', 'nonsense'], undefined],
    ];
    for (const [path, context] of cases) {
      it(`${path.join(':') || '(root)'} is ${context ?? 'not a keyword mapping'}`, () => {
        assert.equal(keywordContextAt(path), context);
      });
    }
  });

  describe('childKeywords', () => {
    it('offers the top-level keywords, including `spec` for a header', () => {
      const top = names([]);
      for (const k of ['default', 'include', 'stages', 'variables', 'workflow', 'spec']) assert.ok(top.includes(k), k);
      assert.ok(!top.includes('script'));
    });

    it('offers job keywords for jobs and templates alike', () => {
      const job = names(['build']);
      assert.deepEqual(names(['.template']), job);
      for (const k of ['script', 'stage', 'rules', 'needs', 'artifacts', 'trigger', 'environment', 'parallel']) assert.ok(job.includes(k), k);
      assert.ok(!job.includes('stages'));
    });

    it('offers only what `default:` accepts', () => {
      const d = names(['default']);
      assert.ok(d.includes('image') && d.includes('before_script') && d.includes('retry'));
      assert.ok(!d.includes('script') && !d.includes('rules'));
    });

    it('offers the keys of the exact nesting level', () => {
      assert.deepEqual(names(['build', 'rules', 0]), ['if', 'changes', 'exists', 'when', 'start_in', 'allow_failure', 'variables', 'needs', 'interruptible']);
      assert.deepEqual(names(['workflow', 'rules', 0]), ['if', 'changes', 'exists', 'when', 'variables', 'auto_cancel']);
      assert.deepEqual(names(['build', 'rules', 0, 'changes']), ['paths', 'compare_to', 'regexp']);
      assert.deepEqual(names(['build', 'artifacts', 'reports', 'coverage_report']), ['coverage_format', 'path']);
      assert.ok(names(['build', 'artifacts', 'reports']).includes('junit'));
      assert.ok(names(['build', 'artifacts']).includes('expire_in'));
      assert.deepEqual(names(['build', 'parallel']), ['matrix']);
      assert.deepEqual(names(['build', 'retry']), ['max', 'when', 'exit_codes']);
    });

    it('merges the forms of a mapping that has several', () => {
      const include = names(['include', 0]);
      for (const k of ['local', 'project', 'file', 'ref', 'template', 'remote', 'component', 'rules', 'inputs']) assert.ok(include.includes(k), k);
      const needs = names(['build', 'needs', 0]);
      for (const k of ['job', 'artifacts', 'optional', 'pipeline', 'project', 'ref', 'parallel']) assert.ok(needs.includes(k), k);
    });

    it('narrows to the form the document already uses', () => {
      const config = {
        deploy: { trigger: 'group/project' },
        include: [{ project: 'group/ci' }, {}],
        build: { script: 'make', needs: [{ pipeline: '$PARENT_PIPELINE_ID' }] },
      };
      const trigger = childKeywords(['deploy'], config).map((k) => k.name);
      assert.ok(trigger.includes('trigger') && trigger.includes('rules'));
      assert.ok(!trigger.includes('script') && !trigger.includes('image'));
      assert.equal(keywordContextAt(['deploy'], config), 'trigger-job');
      assert.deepEqual(childKeywords(['include', 0], config).map((k) => k.name), ['project', 'file', 'ref', 'rules', 'inputs']);
      assert.ok(childKeywords(['include', 1], config).some((k) => k.name === 'local'), 'an empty entry may still take any form');
      assert.deepEqual(childKeywords(['build', 'needs', 0], config).map((k) => k.name), ['pipeline', 'job', 'artifacts', 'optional', 'parallel']);
    });

    it('offers nothing inside user-named mappings or scalars', () => {
      assert.deepEqual(names(['build', 'variables']), []);
      assert.deepEqual(names(['build', 'script']), []);
      assert.deepEqual(names(['build', 'nonsense']), []);
    });
  });

  describe('enumValues', () => {
    it('lists the values of enums at value positions', () => {
      assert.deepEqual(enumValues(['build', 'when']), ['on_success', 'on_failure', 'always', 'manual', 'delayed']);
      assert.deepEqual(enumValues(['build', 'rules', 0, 'when']), ['on_success', 'on_failure', 'always', 'manual', 'delayed', 'never']);
      assert.deepEqual(enumValues(['deploy', 'when'], { deploy: { trigger: 'group/project' } }), ['on_success', 'on_failure', 'always', 'manual']);
      assert.deepEqual(enumValues(['build', 'artifacts', 'when']), ['on_success', 'on_failure', 'always']);
      assert.deepEqual(enumValues(['build', 'cache', 'policy']), ['pull-push', 'pull', 'push']);
      assert.deepEqual(enumValues(['build', 'cache', 0, 'when']), ['on_success', 'on_failure', 'always']);
      assert.deepEqual(enumValues(['build', 'environment', 'action']), ['start', 'prepare', 'stop', 'verify', 'access']);
      assert.deepEqual(enumValues(['workflow', 'rules', 0, 'when']), ['always', 'never']);
      assert.deepEqual(enumValues(['build', 'trigger', 'strategy']), ['depend', 'mirror']);
    });

    it('offers list item values and booleans', () => {
      assert.ok(enumValues(['build', 'retry', 'when', 0]).includes('script_failure'));
      assert.ok(enumValues(['build', 'only', 0]).includes('merge_requests'));
      assert.deepEqual(enumValues(['build', 'interruptible']), ['true', 'false']);
    });

    it('offers nothing for free text', () => {
      assert.deepEqual(enumValues(['build', 'stage']), []);
      assert.deepEqual(enumValues(['build', 'script']), []);
    });
  });

  describe('keywordInfo', () => {
    it('describes a nested keyword with a docs link and its value kinds', () => {
      const info = keywordInfo(['build', 'artifacts', 'expire_in']);
      assert.equal(info?.name, 'expire_in');
      assert.equal(info?.docsUrl, 'https://docs.gitlab.com/ci/yaml/#artifactsexpire_in');
      assert.deepEqual(info?.valueKinds, ['string']);
      assert.ok((info?.summary.length ?? 0) > 10);
    });

    it('marks deprecated keywords with what to use instead', () => {
      assert.equal(keywordInfo(['image'])?.deprecated, 'set it under `default:` instead');
      assert.equal(keywordInfo(['build', 'only'])?.deprecated, 'use `rules`');
      assert.equal(keywordInfo(['default', 'image'])?.deprecated, undefined);
    });

    it('knows keywords under lists and unions', () => {
      assert.equal(keywordInfo(['build', 'rules', 0, 'if'])?.docsUrl, 'https://docs.gitlab.com/ci/yaml/#rulesif');
      assert.deepEqual(keywordInfo(['build', 'parallel'])?.valueKinds, ['integer', 'mapping']);
      assert.equal(keywordInfo(['spec', 'inputs', 'x', 'type'])?.name, 'type');
    });

    it('has nothing to say about job names, user keys or unknown keys', () => {
      assert.equal(keywordInfo(['build']), undefined);
      assert.equal(keywordInfo(['build', 'variables', 'MY_VAR']), undefined);
      assert.equal(keywordInfo(['build', 'scirpt']), undefined);
    });
  });
});
