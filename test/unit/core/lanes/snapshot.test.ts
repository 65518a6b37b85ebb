import * as assert from 'node:assert/strict';
import type { Bridge, Job } from '../../../../src/core/gitlab/models';
import type { PipelineView, StageView } from '../../../../src/core/lanes/snapshot';
import { buildStages, nodeIds, pipelineActivity, pipelineStatus } from '../../../../src/core/lanes/snapshot';
import { readFixture } from '../../../support/paths';
import { bridge, job, pipeline, pipelineBasic } from '../../../support/gitlabPayloads';

function summary(stages: readonly StageView[]): unknown {
  return stages.map((s) => ({
    stage: s.name,
    status: s.status,
    jobs: s.jobs.map((j) => ({ name: j.job.name, kind: j.kind, status: j.status, markers: j.markers, attempts: j.attempts })),
  }));
}

describe('buildStages', () => {
  it('orders stages, groups attempts and marks jobs (fixture dev-pipeline)', () => {
    const fixture = JSON.parse(readFixture('pipelines', 'dev-pipeline.json')) as { jobs: Job[]; bridges: Bridge[] };
    const expected = JSON.parse(readFixture('pipelines', 'dev-pipeline.expected.json')) as unknown;
    assert.deepEqual(summary(buildStages(fixture.jobs, fixture.bridges)), expected);
  });

  it('keeps the latest attempt of a retried job', () => {
    const stages = buildStages([job(20, 'test', 'test', 'success'), job(10, 'test', 'test', 'failed')], []);
    assert.equal(stages[0]?.jobs[0]?.job.id, 20);
    assert.equal(stages[0]?.jobs[0]?.attempts, 2);
  });

  it('orders stages by creation, not by list order or by the newest retry', () => {
    // deploy (id 3) was retried after everything else (id 9): it must still come before verify.
    const jobs = [job(9, 'deploy', 'deploy'), job(5, 'verify', 'verify'), job(3, 'deploy', 'deploy', 'failed'), job(1, 'build', 'build')];
    assert.deepEqual(buildStages(jobs, []).map((s) => s.name), ['build', 'deploy', 'verify']);
  });

  it('nests a downstream pipeline under its trigger job', () => {
    const child = pipelineBasic(300, { status: 'running' });
    const childView: PipelineView = { pipeline: pipeline(300, { status: 'running' }), status: 'running', stages: [] };
    const stages = buildStages([], [bridge(50, 'trigger', 'deploy', child, 'running')], new Map([[300, childView]]));
    assert.equal(stages[0]?.jobs[0]?.kind, 'bridge');
    assert.equal(stages[0]?.jobs[0]?.downstream, childView);
  });

  it('returns no stages for a pipeline without jobs', () => {
    assert.deepEqual(buildStages([], []), []);
  });
});

describe('pipeline status and activity', () => {
  const stagesWith = (status: Job['status'], allowFailure: boolean): StageView[] => buildStages([job(1, 'a', 'build', status, { allow_failure: allowFailure })], []);

  it('shows a passed pipeline with an allowed failure as passed with warnings', () => {
    assert.equal(pipelineStatus({ status: 'success' }, stagesWith('failed', true)), 'success_with_warnings');
    assert.equal(pipelineStatus({ status: 'success' }, stagesWith('success', false)), 'success');
    assert.equal(pipelineStatus({ status: 'failed' }, stagesWith('failed', false)), 'failed');
  });

  it('is active while a job or a downstream pipeline runs', () => {
    const running: PipelineView = { pipeline: pipeline(1, { status: 'running' }), status: 'running', stages: stagesWith('running', false) };
    assert.equal(pipelineActivity(running), 'active');
    const child: PipelineView = { pipeline: pipeline(2, { status: 'running' }), status: 'running', stages: [] };
    const parentStages = buildStages([], [bridge(3, 't', 'deploy', pipelineBasic(2), 'success')], new Map([[2, child]]));
    assert.equal(pipelineActivity({ pipeline: pipeline(1), status: 'success', stages: parentStages }), 'active');
  });

  it('waits at a gate for a blocked pipeline, rests when all is done', () => {
    assert.equal(pipelineActivity({ pipeline: pipeline(1, { status: 'manual' }), status: 'manual', stages: stagesWith('manual', false) }), 'gate');
    assert.equal(pipelineActivity({ pipeline: pipeline(1), status: 'success', stages: stagesWith('manual', true) }), 'rest');
  });
});

describe('node ids', () => {
  it('are stable paths from the repository down', () => {
    const lane = nodeIds.lane('file:///w/app', 'dev');
    const job = nodeIds.job(nodeIds.stage(nodeIds.pipeline(lane, 12), 'build'), 345);
    assert.equal(job, 'repo:file%3A%2F%2F%2Fw%2Fapp/lane:dev/pipeline:12/stage:build/job:345');
  });
});
