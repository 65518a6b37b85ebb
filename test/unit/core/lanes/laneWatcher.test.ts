import * as assert from 'node:assert/strict';
import { startGatesWaiting } from './support/gatesWaiting';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import type { RequestEvent } from '../../../../src/core/gitlab/transport';
import { buildLanes } from '../../../../src/core/lanes/lanes';
import { LaneStore } from '../../../../src/core/lanes/laneStore';
import type { WatchTarget } from '../../../../src/core/lanes/laneWatcher';
import { LaneWatcher } from '../../../../src/core/lanes/laneWatcher';
import type { RepoSnapshot } from '../../../../src/core/lanes/snapshot';
import type { DemoScenario, GitLabServer } from '../../../gitlab-server';
import { buildScaleScenario, createPipeline, fullPath, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeGitLabState, FakeClock, startGitLabServer } from '../../../gitlab-server';

const POLL_MS = 30_000;

/** The release flow's usual state: MR pipeline finished, dev at its canary gate, master waiting for production approval. */
describe('LaneWatcher against the local GitLab-compatible server (gates waiting)', () => {
  let server: GitLabServer;
  let demo: DemoScenario;
  let events: RequestEvent[];
  let watcher: LaneWatcher;
  let repo: WatchTarget;

  beforeEach(async () => {
    ({ server, demo, events, watcher, repo } = await startGatesWaiting());
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

  it('then costs one request a poll, the GraphQL query that also carries the approvals: 4 in 2 minutes', async () => {
    await watcher.refresh([repo], 'start');
    events.length = 0;
    for (let i = 0; i < 4; i++) await poll();
    const paths = events.map((e) => e.path.replace(/\?.*/, ''));
    assert.deepEqual(paths, ['/api/graphql', '/api/graphql', '/api/graphql', '/api/graphql']);
  });

  it('without GraphQL, costs one request a poll plus one approval read a minute: 6 in 2 minutes', async () => {
    server.setGraphql(false);
    await watcher.refresh([repo], 'start');
    events.length = 0;
    for (let i = 0; i < 4; i++) await poll();
    const paths = events.map((e) => e.path.replace(/\?.*/, ''));
    // The first poll asks GraphQL once (404) in place of its feed read, then the instance stays on REST.
    assert.equal(paths.filter((p) => p === '/api/graphql').length, 1, JSON.stringify(paths));
    assert.equal(paths.filter((p) => p.endsWith('/pipelines')).length, 3, JSON.stringify(paths));
    assert.equal(paths.filter((p) => /\/deployments\/\d+$/.test(p)).length, 2, JSON.stringify(paths));
    assert.equal(paths.length, 6, JSON.stringify(paths));
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
    // The next timed poll of a resting workspace comes a rest period later.
    server.advance(POLL_MS);
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
    server.faults.serverError({ times: 2 });
    server.advance(POLL_MS);
    // The GraphQL query fails first: that poll learns nothing, says nothing, and the instance goes on over REST.
    const quiet = await watcher.refresh([repo], 'timer');
    assert.equal(quiet.error, undefined);
    assert.equal(lane(quiet.snapshots[0], 'dev')?.pipeline?.status, 'manual');
    server.advance(POLL_MS);
    const failed = await watcher.refresh([repo], 'timer');
    assert.equal(failed.error?.kind, 'server');
    assert.equal(lane(failed.snapshots[0], 'dev')?.pipeline?.status, 'manual');
  });
});

/** Three repositories: one runs a long pipeline, two rest. The poll runs at the active pace, 3 s. */
describe('LaneWatcher with quiet repositories beside a running one', () => {
  const ACTIVE_MS = 3_000;
  let server: GitLabServer;
  let state: FakeGitLabState;
  let scenario: ReturnType<typeof buildScaleScenario>;
  let watcher: LaneWatcher;
  let targets: WatchTarget[];
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    state = new FakeGitLabState(clock);
    scenario = buildScaleScenario(state, clock, { projects: 3, jobs: 40, history: 0, stages: 20 });
    server = await startGitLabServer({ clock, state, rateLimitPerMinute: 1_000_000 });
    // The two small repositories' pipelines (about 90 s) finish; the big one runs for many minutes.
    server.advance(3 * 60_000);
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: scenario.token, timeoutMs: 5000, now: () => clock.now() });
    const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: 'dev' });
    targets = scenario.projects.map((p) => ({ repoKey: fullPath(p), projectPath: fullPath(p), api, lanes }));
    watcher = new LaneWatcher(new LaneStore(), { now: () => clock.now() });
    // The first read of three repositories exceeds one update's budget: the poller continues it at once.
    for (let result = await watcher.refresh(targets, 'start'); result.owed > 0;) result = await watcher.refresh(targets, 'continue');
  });
  afterEach(async () => {
    await server.close();
  });

  /** Feed reads (pipelines filtered by updated_after) per project path since `fromSeq`. */
  function feedReads(fromSeq: number): Map<string, number[]> {
    const reads = new Map<string, number[]>();
    for (const r of server.requests.entries()) {
      if (r.seq < fromSeq || !r.path.endsWith('/pipelines') || r.query['updated_after'] === undefined) continue;
      const project = decodeURIComponent(r.path.split('/')[4] ?? '');
      reads.set(project, [...(reads.get(project) ?? []), r.at]);
    }
    return reads;
  }

  it('reads the running repository every poll and each quiet one about every 30 s, never all in one poll', async () => {
    assert.equal(scenario.big.status, 'running');
    const from = server.requests.entries().length + 1;
    const perPoll: number[] = [];
    for (let i = 0; i < 40; i++) {
      server.advance(ACTIVE_MS);
      const seqBefore = server.requests.entries().length;
      await watcher.refresh(targets, 'timer');
      perPoll.push(server.requests.entries().slice(seqBefore).filter((r) => r.query['updated_after'] !== undefined).length);
    }
    const reads = feedReads(from);
    const [busy, ...quiet] = scenario.projects.map((p) => reads.get(fullPath(p)) ?? []);
    assert.equal(busy?.length, 40, 'the running repository: every poll');
    for (const times of quiet) {
      // 120 s of polls: 4 reads, none more than 30 s after the one before.
      assert.ok(times.length >= 4 && times.length <= 5, `quiet repository read ${times.length} times ${JSON.stringify(times.map((t) => t - times[0]!))} ${JSON.stringify(perPoll)}`);
      for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! <= 30_000, `gap ${times[i]! - times[i - 1]!} ms`);
    }
    assert.ok(Math.max(...perPoll) <= 2, `at most one quiet feed beside the busy one per poll: ${perPoll.join(',')}`);
  });

  it('still shows a pipeline started elsewhere in a quiet repository within 30 s', async () => {
    const quiet = scenario.projects[1]!;
    for (let i = 0; i < 3; i++) {
      server.advance(ACTIVE_MS);
      await watcher.refresh(targets, 'timer');
    }
    const started = createPipeline(state, quiet, { ref: 'dev', user: scenario.user, source: 'push', spec: { stages: ['build'], jobs: [{ name: 'compile', stage: 'build', durationSec: 600 }] } });
    let waited = 0;
    let shown = false;
    while (!shown && waited < 60_000) {
      server.advance(ACTIVE_MS);
      waited += ACTIVE_MS;
      const result = await watcher.refresh(targets, 'timer');
      shown = result.snapshots.find((s) => s.repoKey === fullPath(quiet))?.lanes.find((l) => l.lane.id === 'dev')?.pipeline?.pipeline.id === started.id;
    }
    assert.ok(shown && waited <= 30_000, `shown after ${waited} ms`);
  });
});
