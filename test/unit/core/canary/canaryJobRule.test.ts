import * as assert from 'node:assert/strict';
import { canaryPhase, findCanaryJob, isCanaryJob, shouldAutoCheck } from '../../../../src/core/canary/canaryJobRule';
import { job, view } from '../release/actions/support';

describe('canary job rule', () => {
  it('recognises a canary by stage, environment or job name, whatever the case', () => {
    assert.equal(isCanaryJob({ name: 'deploy', stage: 'canary' }), true);
    assert.equal(isCanaryJob({ name: 'deploy', stage: 'deploy', environment: 'Canary-EU' }), true);
    assert.equal(isCanaryJob({ name: 'deploy-CANARY', stage: 'deploy' }), true);
    assert.equal(isCanaryJob({ name: 'deploy', stage: 'prod', environment: 'production' }), false);
  });

  it('finds the canary job of a pipeline, and none in a pipeline without one', () => {
    const withCanary = view(12, [job(1, 'build', 'build'), job(2, 'deploy', 'deploy'), job(3, 'canary', 'canary', 'running'), job(4, 'prod', 'prod', 'manual')]);
    assert.equal(findCanaryJob(withCanary)?.id, 3);
    assert.equal(findCanaryJob(view(13, [job(1, 'build', 'build'), job(4, 'prod', 'prod', 'manual')])), undefined);
  });

  it('uses the environment a caller knows for jobs whose names do not say canary', () => {
    const pipeline = view(12, [job(7, 'release-slice', 'rollout', 'running')]);
    assert.equal(findCanaryJob(pipeline), undefined);
    assert.equal(findCanaryJob(pipeline, (j) => (j.id === 7 ? 'canary' : undefined))?.id, 7);
  });

  it('maps statuses to phases: only running and finished jobs are worth a check', () => {
    assert.equal(canaryPhase('running'), 'running');
    assert.equal(canaryPhase('success'), 'finished');
    assert.equal(canaryPhase('failed'), 'finished');
    assert.equal(canaryPhase('manual'), 'waiting');
    assert.equal(canaryPhase('pending'), 'waiting');
  });
});

describe('automatic canary checks', () => {
  const minute = 60_000;
  it('checks a running canary at once, then not before the interval has passed', () => {
    assert.equal(shouldAutoCheck(undefined, 'running', 0, minute), true);
    assert.equal(shouldAutoCheck({ phase: 'running', checkedAt: 0 }, 'running', minute - 1, minute), false);
    assert.equal(shouldAutoCheck({ phase: 'running', checkedAt: 0 }, 'running', minute, minute), true);
  });

  it('checks once more when the canary finishes, and never again after', () => {
    assert.equal(shouldAutoCheck({ phase: 'running', checkedAt: 0 }, 'finished', 1, minute), true);
    assert.equal(shouldAutoCheck({ phase: 'finished', checkedAt: 1 }, 'finished', 10 * minute, minute), false);
    assert.equal(shouldAutoCheck(undefined, 'finished', 0, minute), true);
  });

  it('leaves a canary waiting at its gate alone', () => {
    assert.equal(shouldAutoCheck(undefined, 'waiting', 0, minute), false);
    assert.equal(shouldAutoCheck({ phase: 'waiting' }, 'waiting', 10 * minute, minute), false);
  });
});
