import * as assert from 'node:assert/strict';
import type { ReadResult } from '../../../../src/core/gitlab/client';
import type { Job, PipelineBasic } from '../../../../src/core/gitlab/models';
import { JobLogSource, analyzeCanaryHealth } from '../../../../src/core/canary';
import type { JobLogApi } from '../../../../src/core/canary/jobLogLoader';
import { createJobLogLoader, jobDurationSeconds } from '../../../../src/core/canary/jobLogLoader';
import { job, pipelineBasic } from '../../../support/gitlabPayloads';

const read = <T>(data: T): Promise<ReadResult<T>> => Promise.resolve({ data, unchanged: false });

/** A project with pipelines (newest first), their jobs and job logs; records what was read. */
function fakeApi(pipelines: readonly PipelineBasic[], jobsOf: Readonly<Record<number, readonly Job[]>>, logs: Readonly<Record<number, string>>): JobLogApi & { traces: number[] } {
  const all = Object.values(jobsOf).flat();
  const traces: number[] = [];
  return {
    traces,
    job: (_p, id) => read(all.find((j) => j.id === id) ?? assert.fail(`no job ${id}`)),
    jobTrace: (_p, id) => {
      traces.push(id);
      return read(logs[id] ?? '');
    },
    pipelines: (_p, filter) => read(pipelines.filter((p) => p.ref === filter?.ref)),
    pipelineJobs: (_p, id) => read([...(jobsOf[id] ?? [])]),
  };
}

const inPipeline = (id: number, pipelineId: number, name: string, stage: string, status: Job['status'], extra: Partial<Job> = {}): Job =>
  job(id, name, stage, status, { pipeline: { id: pipelineId, project_id: 42, ref: 'dev', sha: 'abc', status: 'running' }, ...extra });

describe('job-log loader over GitLab', () => {
  const now = Date.parse('2026-11-29T17:10:10Z');

  it('pairs the canary job log with the last successful canary run of the same ref', async () => {
    const api = fakeApi(
      [pipelineBasic(30), pipelineBasic(20), pipelineBasic(10), pipelineBasic(5, { ref: 'master' })],
      {
        30: [inPipeline(301, 30, 'canary', 'canary', 'running', { started_at: '2026-11-29T17:09:10Z', duration: null })],
        20: [inPipeline(201, 20, 'canary', 'canary', 'failed')],
        10: [inPipeline(101, 10, 'build', 'build', 'success'), inPipeline(102, 10, 'canary', 'canary', 'success', { duration: 120 })],
      },
      { 301: 'ERROR a\nERROR b\nWARN c\n', 102: 'ERROR old\n' },
    );
    const pair = await createJobLogLoader({ api, project: 'g/app', now: () => now })({ jobId: 301 });
    assert.deepEqual(pair, { current: { text: 'ERROR a\nERROR b\nWARN c\n', durationSeconds: 60 }, baseline: { text: 'ERROR old\n', durationSeconds: 120 } });
    const report = analyzeCanaryHealth(await new JobLogSource(createJobLogLoader({ api, project: 'g/app', now: () => now })).read({ start: 0, end: 1, stepSeconds: 1 }, { jobId: 301 }));
    const errors = report.metrics.find((m) => m.metric === 'errorRate');
    assert.equal(errors?.canaryValue, 2 / 60);
    assert.equal(errors?.stableValue, 1 / 120);
  });

  it('gives the first canary no baseline, so the analysis says why it is unknown', async () => {
    const api = fakeApi([pipelineBasic(30)], { 30: [inPipeline(301, 30, 'canary', 'canary', 'success')] }, { 301: 'ERROR a\n' });
    const pair = await createJobLogLoader({ api, project: 'g/app', now: () => now })({ jobId: 301 });
    assert.equal(pair?.baseline, undefined);
    assert.deepEqual(api.traces, [301]);
  });

  it('loads nothing without a canary job to read', async () => {
    const api = fakeApi([], {}, {});
    assert.equal(await createJobLogLoader({ api, project: 'g/app', now: () => now })({}), undefined);
  });

  it('stops when the check is cancelled', async () => {
    const api = fakeApi([pipelineBasic(30), pipelineBasic(10)], { 30: [inPipeline(301, 30, 'canary', 'canary', 'running')], 10: [inPipeline(102, 10, 'canary', 'canary', 'success')] }, {});
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(createJobLogLoader({ api, project: 'g/app', now: () => now })({ jobId: 301 }, controller.signal), /cancelled/);
  });

  it('measures a running job from its start, a finished one by GitLab\'s duration', () => {
    assert.equal(jobDurationSeconds({ duration: 42.5, started_at: '2026-11-29T17:00:00Z' }, now), 42.5);
    assert.equal(jobDurationSeconds({ duration: null, started_at: '2026-11-29T17:10:00Z' }, now), 10);
    assert.equal(jobDurationSeconds({ duration: null, started_at: null }, now), 0);
  });
});
