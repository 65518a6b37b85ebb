import * as assert from 'node:assert/strict';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import type { RequestEvent } from '../../../../src/core/gitlab/transport';
import { buildLanes } from '../../../../src/core/lanes/lanes';
import { LaneStore } from '../../../../src/core/lanes/laneStore';
import type { WatchTarget } from '../../../../src/core/lanes/laneWatcher';
import { LaneWatcher } from '../../../../src/core/lanes/laneWatcher';
import type { RepoSnapshot } from '../../../../src/core/lanes/snapshot';
import type { DemoScenario, GitLabServer } from '../../../gitlab-server';
import { buildDemoScenario, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeGitLabState, FakeClock, startGitLabServer } from '../../../gitlab-server';

const POLL_MS = 30_000;

/** The release flow's usual state: MR pipeline finished, dev at its canary gate, master waiting for production approval. */
describe('LaneWatcher against the local GitLab-compatible server (gates waiting)', () => {
  let server: GitLabServer;
  let demo: DemoScenario;
  let events: RequestEvent[];
  let watcher: LaneWatcher;
  let repo: WatchTarget;

  beforeEach(async () => {
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
    demo.start('master');
    demo.start('dev');
    demo.start('mr');
    server.advance(15 * 60_000);
    events = [];
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.developer, onRequest: (e) => events.push(e), timeoutMs: 5000, now: () => clock.now() });
    const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: DEMO_FEATURE_BRANCH });
    repo = { repoKey: 'demo', projectPath: DEMO_PROJECT_PATH, api, lanes };
    watcher = new LaneWatcher(new LaneStore(), { now: () => clock.now() });
  });
  afterEach(async () => {
    await server.close();
  });

  const lane = (snapshot: RepoSnapshot | undefined, id: string) => snapshot?.lanes.find((l) => l.lane.id === id);
  async function poll(): Promise<RepoSnapshot> {
    server.advance(POLL_MS);
    const result = await watcher.refresh([repo], 'timer');
    assert.equal(result.error, undefined, String(result.error));
    return result.snapshots[0]!;
  }

  it('is in the gates-waiting state the benchmark measures', async () => {
    const first = (await watcher.refresh([repo], 'start')).snapshots[0]!;
    assert.equal(lane(first, 'mr')?.pipeline?.status, 'success');
    assert.equal(lane(first, 'dev')?.pipeline?.status, 'manual');
    assert.equal(lane(first, 'master')?.pipeline?.status, 'manual');
    const prod = Object.values(lane(first, 'master')?.deployments ?? {}).find((d) => d.environment.name === 'production');
    assert.equal(prod?.status, 'blocked');
  });

  it('then costs one request a poll, plus one approval read a minute: 6 in 2 minutes', async () => {
    await watcher.refresh([repo], 'start');
    events.length = 0;
    for (let i = 0; i < 4; i++) await poll();
    const paths = events.map((e) => e.path.replace(/\?.*/, ''));
    assert.ok(events.length <= 6, JSON.stringify(paths));
    assert.equal(paths.filter((p) => p.endsWith('/pipelines')).length, 4, JSON.stringify(paths));
    assert.equal(paths.filter((p) => /\/deployments\/\d+$/.test(p)).length, 2, JSON.stringify(paths));
  });

  it('shows a pipeline started elsewhere at the next poll', async () => {
    await watcher.refresh([repo], 'start');
    await poll();
    const started = demo.start('dev', { commit: 'Another change', by: demo.users.reviewer });
    const after = await poll();
    assert.equal(lane(after, 'dev')?.pipeline?.pipeline.id, started.id);
  });

  it('shows a gate played elsewhere at the next poll', async () => {
    const first = (await watcher.refresh([repo], 'start')).snapshots[0]!;
    const canary = lane(first, 'dev')!.pipeline!.stages.flatMap((s) => s.jobs).find((j) => j.job.name === 'deploy-canary')!;
    const riley = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.reviewer });
    await riley.playJob(DEMO_PROJECT_PATH, canary.job.id);
    const after = await watcher.refresh([repo], 'timer');
    const shown = after.snapshots[0]!.lanes.find((l) => l.lane.id === 'dev')!.pipeline!.stages.flatMap((s) => s.jobs).find((j) => j.job.name === 'deploy-canary');
    assert.notEqual(shown?.job.status, 'manual');
  });

  it('shows an approval given elsewhere within a minute (two polls)', async () => {
    const first = (await watcher.refresh([repo], 'start')).snapshots[0]!;
    const prod = Object.values(lane(first, 'master')?.deployments ?? {}).find((d) => d.environment.name === 'production')!;
    const riley = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.reviewer });
    await riley.approveDeployment(DEMO_PROJECT_PATH, prod.deploymentId);
    let seen = false;
    for (let i = 0; i < 2 && !seen; i++) {
      const after = await poll();
      const now = Object.values(lane(after, 'master')?.deployments ?? {}).find((d) => d.deploymentId === prod.deploymentId);
      seen = now?.status !== 'blocked' || now.pendingApprovals === 0;
    }
    assert.ok(seen, 'the approval shows within two polls');
  });

  it('costs one request when the window regains focus, looking at the MR lane at most every 2 minutes', async () => {
    await watcher.refresh([repo], 'start');
    events.length = 0;
    await watcher.refresh([repo], 'focus');
    assert.ok(events.some((e) => e.path.includes('/merge_requests')), 'the first return looks for an MR opened meanwhile');
    events.length = 0;
    server.advance(10_000);
    await watcher.refresh([repo], 'focus');
    assert.deepEqual(events.map((e) => e.path.replace(/\?.*/, '')), [`/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}/pipelines`]);
  });

  it('keeps showing the lanes when the feed read fails, and reports the error', async () => {
    await watcher.refresh([repo], 'start');
    server.faults.serverError({ times: 1 });
    const failed = await watcher.refresh([repo], 'timer');
    assert.equal(failed.error?.kind, 'server');
    assert.equal(lane(failed.snapshots[0], 'dev')?.pipeline?.status, 'manual');
  });
});
