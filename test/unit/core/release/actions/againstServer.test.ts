import * as assert from 'node:assert/strict';
import type { GitLabApi } from '../../../../../src/core/gitlab/client';
import { BadRequestError } from '../../../../../src/core/gitlab/errors';
import { createGitbeakerApi } from '../../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../../src/core/gitlab/instance';
import { explainRefusal } from '../../../../../src/core/release/actions/refusals';
import { blockedDeployments, commitsToShip, jobDeployments } from '../../../../../src/core/release/actions/deploymentLookup';
import { compileGatePatterns } from '../../../../../src/core/release/gates/gatePatterns';
import { approvalState, describeJob } from '../../../../../src/core/release/gates/detectGates';
import { simulateLogFollow } from '../../../../bench/simulateLogFollow';
import type { DemoScenario, GitLabServer } from '../../../../gitlab-server';
import { buildDemoScenario, DEMO_PROJECT_PATH, FakeGitLabState, FakeClock, startGitLabServer } from '../../../../gitlab-server';
import { scriptedApi } from './support';

const patterns = compileGatePatterns(undefined).patterns;

describe('release actions against the local GitLab-compatible server', () => {
  let server: GitLabServer;
  let demo: DemoScenario;
  const api = (token: string): GitLabApi => createGitbeakerApi({ instance: instanceFromUrl(server.url), token, timeoutMs: 5000 });

  beforeEach(async () => {
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
  });
  afterEach(async () => {
    await server.close();
  });

  /** A master pipeline run up to its production gate; returns the deploy-prod job id. */
  async function masterAtGate(dana: GitLabApi): Promise<number> {
    const pipeline = demo.start('master');
    server.advance(180_000);
    const jobs = (await dana.pipelineJobs(DEMO_PROJECT_PATH, pipeline.id)).data;
    const prod = jobs.find((j) => j.name === 'deploy-prod');
    assert.equal(prod?.status, 'manual');
    return prod.id;
  }

  it('recognises production as blocked for approval, refuses self-approval, and lets another maintainer approve', async () => {
    const dana = api(demo.tokens.developer);
    const riley = api(demo.tokens.reviewer);
    const prodId = await masterAtGate(dana);
    const job = (await dana.job(DEMO_PROJECT_PATH, prodId)).data;
    const gate = describeJob(job, job.pipeline!, await jobDeployments(dana, DEMO_PROJECT_PATH), patterns);
    assert.deepEqual([gate.kind, gate.approval, gate.deployment?.environment], ['production', 'required', { name: 'production', tier: 'production' }]);
    assert.deepEqual(gate.actions, ['approve', 'reject', 'open-in-browser']);

    const waiting = await blockedDeployments(dana, DEMO_PROJECT_PATH);
    assert.deepEqual(waiting.map((d) => d.environment.name), ['production']);

    const self = await dana.approveDeployment(DEMO_PROJECT_PATH, gate.deployment!.deploymentId).then(() => undefined, (e: unknown) => e);
    assert.ok(self instanceof BadRequestError);
    assert.match(explainRefusal(self, 'approve')!.message, /does not let the person who triggered a deployment approve it/);

    const unplayable = await dana.playJob(DEMO_PROJECT_PATH, prodId).then(() => undefined, (e: unknown) => e);
    assert.match(explainRefusal(unplayable, 'play')!.message, /will not play this job any more/);

    await riley.approveDeployment(DEMO_PROJECT_PATH, gate.deployment!.deploymentId, 'canary looked fine');
    const after = describeJob((await dana.job(DEMO_PROJECT_PATH, prodId)).data, job.pipeline!, await jobDeployments(dana, DEMO_PROJECT_PATH), patterns);
    assert.equal(after.approval === 'required', false);
    assert.ok(after.actions.includes('play'));
    const played = await dana.playJob(DEMO_PROJECT_PATH, prodId, [{ key: 'REASON', value: 'release' }]);
    assert.equal(played.status, 'pending');
  });

  it('lists the commits a production deployment would ship since the last success there', async () => {
    const dana = api(demo.tokens.developer);
    const riley = api(demo.tokens.reviewer);
    const first = await masterAtGate(dana);
    const deploymentId = (await blockedDeployments(dana, DEMO_PROJECT_PATH))[0]!.id;
    await riley.approveDeployment(DEMO_PROJECT_PATH, deploymentId);
    await dana.playJob(DEMO_PROJECT_PATH, first);
    server.advance(120_000);
    const next = demo.start('master', { commit: 'Speed up checkout' });
    const ship = await commitsToShip(dana, DEMO_PROJECT_PATH, 'production', next.sha);
    assert.ok(ship.since);
    assert.deepEqual(ship.commits.map((c) => c.title), ['Speed up checkout']);
    assert.equal(ship.truncated, false);
  });

  it('measures the log follower against a naive 3 s full re-fetch on the same job (benchmark piece)', async () => {
    const dana = api(demo.tokens.developer);
    const measure = async (strategy: 'follower' | 'naive') => {
      const pipeline = demo.start('dev');
      const jobs = (await dana.pipelineJobs(DEMO_PROJECT_PATH, pipeline.id)).data;
      const unit = jobs.find((j) => j.name === 'unit-tests')!;
      return simulateLogFollow({ api: api(demo.tokens.developer), project: DEMO_PROJECT_PATH, jobId: unit.id, durationMs: 10 * 60_000, advance: (ms) => server.advance(ms), strategy });
    };
    const follower = await measure('follower');
    const naive = await measure('naive');
    assert.equal(follower.finished, true);
    assert.equal(naive.finished, true);
    assert.ok(follower.lines! > 10, `follower showed ${follower.lines} lines`);
    assert.ok(follower.requests < naive.requests, `${follower.requests} requests vs naive ${naive.requests}`);
    assert.ok(follower.bytes < naive.bytes, `${follower.bytes} bytes vs naive ${naive.bytes}`);
  });
});

describe('approval details from the single-deployment read', () => {
  it('adds approvals and the missing count to what the list said', async () => {
    const { withApprovals } = await import('../../../../../src/core/release/actions/deploymentLookup');
    const riley = { id: 2, username: 'riley', name: 'Riley' };
    const base = { deploymentId: 7, environment: { name: 'production' }, status: 'blocked' as const };
    const detailed = scriptedApi({});
    Object.assign(detailed, {
      deployment: () => Promise.resolve({ data: { id: 7, status: 'created', pending_approval_count: 0, approvals: [{ user: riley, status: 'approved', created_at: '' }] }, unchanged: false }),
    });
    const enriched = await withApprovals(detailed, 'g/p', base);
    assert.equal(enriched.status, 'created');
    assert.equal(enriched.pendingApprovals, 0);
    assert.equal(approvalState(enriched), 'approved');
  });
});
