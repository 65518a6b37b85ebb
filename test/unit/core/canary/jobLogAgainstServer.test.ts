import * as assert from 'node:assert/strict';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import { JobLogSource, analyzeCanaryHealth } from '../../../../src/core/canary';
import { createJobLogLoader } from '../../../../src/core/canary/jobLogLoader';
import type { DemoScenario, GitLabServer, Job } from '../../../gitlab-server';
import { appendLog, buildDemoScenario, DEMO_PROJECT_PATH, FakeGitLabState, FakeClock, setJobStatus, startGitLabServer } from '../../../gitlab-server';

/**
 * The job-log fallback over the real adapter against the local GitLab-compatible server: two dev
 * pipelines, the first with a successful canary, the second with a canary logging many errors.
 */
describe('job-log canary check against the local GitLab-compatible server', () => {
  let server: GitLabServer;
  let demo: DemoScenario;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
  });
  afterEach(async () => {
    await server.close();
  });

  function canaryOf(pipelineId: number): Job {
    return [...server.state.jobs.values()].find((j) => j.pipelineId === pipelineId && j.name === 'deploy-canary' && !j.retried) ?? assert.fail(`no canary in ${pipelineId}`);
  }

  it('compares the running canary job with the last successful one on dev, and fails an error spike', async () => {
    const earlier = demo.start('dev');
    server.advance(180_000);
    const baseline = setJobStatus(server.state, canaryOf(earlier.id), 'running');
    appendLog(server.state, baseline, 'ERROR baseline-1\nERROR baseline-2\n');
    server.advance(100_000);
    setJobStatus(server.state, baseline, 'success');

    const current = demo.start('dev');
    server.advance(180_000);
    const canary = setJobStatus(server.state, canaryOf(current.id), 'running');
    appendLog(server.state, canary, Array.from({ length: 20 }, (_, i) => `ERROR current-${i}\n`).join(''));
    server.advance(50_000);

    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: demo.tokens.developer, timeoutMs: 5000 });
    const loader = createJobLogLoader({ api, project: DEMO_PROJECT_PATH, now: () => clock.now() });
    const pair = (await loader({ jobId: canary.id, ref: 'dev' })) ?? assert.fail('no logs loaded');
    const before = pair.baseline ?? assert.fail('no baseline found');
    assert.ok(pair.current.text.includes('ERROR current-19'), 'the canary job log');
    assert.ok(before.text.includes('ERROR baseline-2'), 'the last successful canary log');
    assert.equal(pair.current.durationSeconds, 50);
    assert.equal(before.durationSeconds, 100);

    const report = analyzeCanaryHealth(await new JobLogSource(loader).read({ start: 0, end: 1, stepSeconds: 1 }, { jobId: canary.id, ref: 'dev' }));
    assert.equal(report.source, 'job-log');
    assert.equal(report.metrics.find((m) => m.metric === 'errorRate')?.verdict, 'failing', report.explanation);
    assert.equal(report.metrics.find((m) => m.metric === 'cpu')?.verdict, 'unknown');
  });
});
