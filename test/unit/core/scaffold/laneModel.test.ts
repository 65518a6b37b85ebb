import * as assert from 'node:assert/strict';
import { evaluatePipeline, laneContexts, mergeRequestContext, pushContext } from '../../../../src/core/scaffold';

describe('evaluatePipeline', () => {
  const lanes = laneContexts();

  it('runs jobs without rules in every pipeline, and takes the job\'s own when', () => {
    const config = { stages: ['build', 'deploy'], ship: { stage: 'deploy', when: 'manual', script: ['x'] }, compile: { stage: 'build', script: ['y'] } };
    const result = evaluatePipeline(config, lanes.dev);
    assert.deepEqual(result.jobs, [{ name: 'compile', stage: 'build', when: 'on_success' }, { name: 'ship', stage: 'deploy', when: 'manual' }]);
  });

  it('skips hidden jobs, keywords and jobs that cannot run', () => {
    const config = { variables: { A: '1' }, default: { image: 'x' }, '.template': { script: ['x'] }, notes: { stage: 'test' }, real: { script: ['x'] } };
    assert.deepEqual(evaluatePipeline(config, lanes.dev).jobs.map((j) => j.name), ['real']);
  });

  it('drops jobs whose first matching rule says never, or with no matching rule', () => {
    const config = {
      a: { script: ['x'], rules: [{ if: '$CI_COMMIT_BRANCH == "dev"', when: 'never' }, { when: 'always' }] },
      b: { script: ['x'], rules: [{ if: '$CI_COMMIT_BRANCH == "master"' }] },
      c: { script: ['x'], rules: [{ if: '$CI_COMMIT_BRANCH == "master"' }, { when: 'delayed' }] },
    };
    assert.deepEqual(evaluatePipeline(config, lanes.dev).jobs.map((j) => [j.name, j.when]), [['c', 'delayed']]);
  });

  it('lets job variables, then top-level variables, then predefined ones answer', () => {
    const config = {
      variables: { TARGET: 'dev', CI_DEFAULT_BRANCH: 'trunk' },
      x: { script: ['x'], variables: { TARGET: 'master' }, rules: [{ if: '$CI_COMMIT_BRANCH == $TARGET' }] },
      y: { script: ['x'], rules: [{ if: '$CI_COMMIT_BRANCH == $TARGET' }] },
      z: { script: ['x'], variables: { V: { value: 'trunk', description: 'd' } }, rules: [{ if: '$CI_DEFAULT_BRANCH == $V' }] },
    };
    assert.deepEqual(evaluatePipeline(config, lanes.dev).jobs.map((j) => j.name), ['y', 'z']);
  });

  it('creates no pipeline when workflow rules end in never or match nothing', () => {
    assert.equal(evaluatePipeline({ workflow: { rules: [{ if: '$CI_COMMIT_TAG' }] }, a: { script: ['x'] } }, lanes.dev).created, false);
    assert.equal(evaluatePipeline({ workflow: { rules: [{ when: 'never' }] }, a: { script: ['x'] } }, lanes.dev).created, false);
    assert.equal(evaluatePipeline({ a: { script: ['x'] } }, lanes.dev).created, true);
  });

  it('reports rules it cannot judge instead of guessing silently', () => {
    const config = {
      a: { script: ['x'], rules: [{ if: '$X ==' }, { changes: ['src/**'] }] },
    };
    const result = evaluatePipeline(config, lanes.mr);
    assert.deepEqual(result.jobs.map((j) => j.name), ['a']);
    assert.equal(result.problems.length, 2);
    assert.match(result.problems[0] ?? '', /job a: cannot read `\$X ==`/);
    assert.match(result.problems[1] ?? '', /`changes` depends on the repository/);
  });

  it('sets the variables GitLab sets for each event', () => {
    assert.equal(mergeRequestContext('dev').variables['CI_COMMIT_BRANCH'], undefined);
    assert.equal(mergeRequestContext('dev').variables['CI_MERGE_REQUEST_TARGET_BRANCH_NAME'], 'dev');
    assert.equal(pushContext('main', 'main').variables['CI_DEFAULT_BRANCH'], 'main');
    assert.equal(evaluatePipeline('not a map', lanes.dev).created, false);
  });
});
