import * as assert from 'node:assert/strict';
import { nodeIds } from '../../../../../src/core/lanes/snapshot';
import { resolveTarget } from '../../../../../src/core/release/actions/releaseTarget';

describe('command targets', () => {
  const repo = '/home/dana/work/demo service';
  const lane = nodeIds.lane(repo, 'dev');
  const pipeline = nodeIds.pipeline(lane, 12);
  const job = nodeIds.job(nodeIds.stage(pipeline, 'canary'), 345);
  const child = nodeIds.pipeline(nodeIds.job(nodeIds.stage(pipeline, 'test'), 346), 99);

  it('reads the repository, lane, pipeline and job from tree node ids', () => {
    assert.deepEqual(resolveTarget(lane, undefined), { repoKey: repo, laneId: 'dev' });
    assert.deepEqual(resolveTarget(pipeline, undefined), { repoKey: repo, laneId: 'dev', pipelineId: 12 });
    assert.deepEqual(resolveTarget(job, undefined), { repoKey: repo, laneId: 'dev', pipelineId: 12, jobId: 345 });
  });

  it('prefers what the node itself says (a downstream pipeline is not its trigger job)', () => {
    const tree = { node: (id: string) => (id === child ? { id, kind: 'pipeline' as const, label: '', contextValue: 'pipeline', collapsible: 'none' as const, children: [], target: { projectId: 1, pipelineId: 99 } } : undefined) };
    assert.deepEqual(resolveTarget(child, tree), { repoKey: repo, laneId: 'dev', projectId: 1, pipelineId: 99 });
  });

  it('passes structured targets through and refuses anything else', () => {
    assert.deepEqual(resolveTarget({ repoKey: repo, jobId: 5, deploymentId: 7, junk: 'x' }, undefined), { repoKey: repo, jobId: 5, deploymentId: 7 });
    assert.equal(resolveTarget('something else', undefined), undefined);
    assert.equal(resolveTarget(42, undefined), undefined);
    assert.equal(resolveTarget(undefined, undefined), undefined);
  });
});
