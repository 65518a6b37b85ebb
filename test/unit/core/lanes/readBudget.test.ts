import * as assert from 'node:assert/strict';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import { buildLanes } from '../../../../src/core/lanes/lanes';
import { LaneStore } from '../../../../src/core/lanes/laneStore';
import type { WatchRefresh, WatchTarget } from '../../../../src/core/lanes/laneWatcher';
import { LaneWatcher } from '../../../../src/core/lanes/laneWatcher';
import type { ReadCandidate } from '../../../../src/core/lanes/readBudget';
import { estimateReadCost, planReads, strongerOwed } from '../../../../src/core/lanes/readBudget';
import { buildStages } from '../../../../src/core/lanes/snapshot';
import type { RepoSnapshot } from '../../../../src/core/lanes/snapshot';
import { job, pipeline } from '../../../support/gitlabPayloads';
import type { GitLabServer } from '../../../gitlab-server';
import { buildScaleScenario, createPipeline, fullPath, FakeClock, FakeGitLabState, startGitLabServer } from '../../../gitlab-server';

const candidate = (repoKey: string, cost: number, lastReadAt: number | undefined, focused = false): ReadCandidate => ({ repoKey, cost, lastReadAt, focused });

describe('planReads', () => {
  it('reads the focused repositories first, outside the budget, then the others oldest-read first within it', () => {
    const plan = planReads([candidate('new', 5, 3000), candidate('focused', 30, 2000, true), candidate('old', 5, 1000), candidate('never', 5, undefined)], 12);
    assert.deepEqual(plan, { read: ['focused', 'never', 'old'], deferred: ['new'] });
  });

  it('stops at the first repository that does not fit, so a costly one is not passed over for cheaper ones', () => {
    const plan = planReads([candidate('a', 5, 1000), candidate('big', 30, 2000), candidate('cheap', 1, 3000)], 20);
    assert.deepEqual(plan, { read: ['a'], deferred: ['big', 'cheap'] });
  });

  it('reads at least one unfocused repository per update, even one larger than the budget', () => {
    assert.deepEqual(planReads([candidate('huge', 100, 1000), candidate('b', 1, 2000)], 40), { read: ['huge'], deferred: ['b'] });
  });

  it('keeps the stronger of two owed reads', () => {
    assert.equal(strongerOwed(undefined, 'feed'), 'feed');
    assert.equal(strongerOwed('full', 'focus'), 'full');
    assert.equal(strongerOwed('feed', 'force'), 'force');
  });
});

describe('estimateReadCost', () => {
  const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: 'feature/x' });
  const jobs = (n: number, status: 'running' | 'success') => Array.from({ length: n }, (_, i) => job(i + 1, `job ${i + 1}`, 'test', status));
  const snapshot = (devJobs: ReturnType<typeof jobs>): RepoSnapshot => ({
    repoKey: 'r',
    projectPath: 'g/p',
    lanes: lanes.map((lane) => (lane.id === 'dev'
      ? { lane, pipeline: { pipeline: pipeline(7, { status: devJobs[0]?.status ?? 'success' }), status: devJobs[0]?.status ?? 'success', stages: buildStages(devJobs, []) } }
      : { lane })),
  });

  it('counts the feed and, for a repository never read, every branch in full and the MR lookup', () => {
    assert.equal(estimateReadCost(undefined, lanes, true), 1 + 3 * 4 + 2);
  });

  it('counts a running pipeline, its pages of jobs and one per 50 jobs parsed; nothing for a resting one on a poll', () => {
    assert.equal(estimateReadCost(snapshot(jobs(250, 'running')), lanes, false), 1 + 1 + 3 + 5);
    assert.equal(estimateReadCost(snapshot(jobs(3, 'success')), lanes, false), 1);
  });

  it('counts a pipeline two lanes show (the MR lane falling back to dev\'s) once', () => {
    const shared = snapshot(jobs(250, 'running'));
    const dev = shared.lanes.find((l) => l.lane.id === 'dev')!;
    const both: RepoSnapshot = { ...shared, lanes: shared.lanes.map((l) => (l.lane.kind === 'mr' ? { ...l, pipeline: dev.pipeline! } : l)) };
    assert.equal(estimateReadCost(both, lanes, false), estimateReadCost(shared, lanes, false));
  });

  it('adds each lane\'s head (and the MR lookup) on a full read', () => {
    assert.equal(estimateReadCost(snapshot(jobs(3, 'success')), lanes, true), 1 + (1 + 2) + 1 + 1);
  });
});

/**
 * Eight repositories, each running a short pipeline on dev and master, under a budget of 12 an
 * update beside the focused one (a repository's first read is estimated at 11, a running one's
 * poll at about 5): what 50 repositories do under the default budget, at a size a unit test reads.
 */
describe('LaneWatcher under a read budget', () => {
  const ACTIVE_MS = 3_000;
  const BUDGET = 12;
  let server: GitLabServer;
  let clock: FakeClock;
  let state: FakeGitLabState;
  let scenario: ReturnType<typeof buildScaleScenario>;
  let targets: WatchTarget[];
  let watcher: LaneWatcher;
  let focused: string;

  beforeEach(async () => {
    clock = new FakeClock();
    state = new FakeGitLabState(clock);
    scenario = buildScaleScenario(state, clock, { projects: 8, jobs: 30, history: 0, stages: 10 });
    server = await startGitLabServer({ clock, state, rateLimitPerMinute: 1_000_000 });
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: scenario.token, timeoutMs: 5000, now: () => clock.now() });
    const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: 'dev' });
    targets = scenario.projects.map((p) => ({ repoKey: fullPath(p), projectPath: fullPath(p), api, lanes }));
    focused = targets[3]!.repoKey;
    watcher = new LaneWatcher(new LaneStore(), { now: () => clock.now(), budget: { requestsPerUpdate: BUDGET, backgroundEveryMs: 12_000 } });
  });
  afterEach(async () => {
    await server.close();
  });

  const requestsSince = (seq: number) => server.requests.entries().filter((r) => r.seq > seq);
  const lastSeq = () => server.requests.entries().at(-1)?.seq ?? 0;
  const projectOf = (p: string) => decodeURIComponent(p.split('/')[4] ?? '');

  /** The first read, continued as the poller does until nothing is owed; the requests of each update. */
  async function readAll(reason: 'start' | 'manual'): Promise<{ updates: WatchRefresh[]; perUpdate: number[] }> {
    const updates: WatchRefresh[] = [];
    const perUpdate: number[] = [];
    let next: 'start' | 'manual' | 'continue' = reason;
    for (let i = 0; i < 20; i++) {
      const from = lastSeq();
      const result = await watcher.refresh(targets, next, new Set([focused]));
      updates.push(result);
      perUpdate.push(requestsSince(from).length);
      if (result.owed === 0) break;
      next = 'continue';
    }
    return { updates, perUpdate };
  }

  it('splits the first read of every repository over several updates, the focused one first, each within the budget', async () => {
    const { updates, perUpdate } = await readAll('start');
    assert.ok(updates.length >= 4, `${updates.length} updates`);
    assert.ok(updates[0]!.snapshots.some((s) => s.repoKey === focused), 'the focused repository is in the first update');
    assert.ok(updates[0]!.snapshots.length < targets.length, 'the others show as loading meanwhile');
    assert.equal(updates.at(-1)!.snapshots.length, targets.length, 'every repository read in the end');
    assert.deepEqual(updates.map((u) => u.owed).slice(0, -1).every((n) => n > 0), true);
    // The first update reads the focused one beside the budget; every later one stays near it.
    for (const n of perUpdate.slice(1)) assert.ok(n <= BUDGET + 4, `requests per update: ${perUpdate.join(',')}`);
  });

  it('reads the focused repository every poll while it runs, the others at the background pace', async () => {
    await readAll('start');
    const from = lastSeq();
    for (let i = 0; i < 12; i++) {
      server.advance(ACTIVE_MS);
      await watcher.refresh(targets, 'timer', new Set([focused]));
    }
    const feeds = requestsSince(from).filter((r) => r.query['updated_after'] !== undefined);
    const readsOf = (key: string) => feeds.filter((r) => projectOf(r.path) === key).length;
    assert.equal(readsOf(focused), 12, 'the focused repository: every poll');
    for (const t of targets.filter((t) => t.repoKey !== focused)) {
      const n = readsOf(t.repoKey);
      // 36 s at a 12 s pace, as far as the budget goes: each gets its turn, none every poll.
      assert.ok(n >= 1 && n <= 3, `${t.repoKey} read ${n} times in 12 polls`);
    }
  });

  it('shows a job status change in the focused repository at the next poll', async () => {
    await readAll('start');
    const project = scenario.projects[3]!;
    const started = createPipeline(state, project, { ref: 'dev', user: scenario.user, source: 'push', spec: { stages: ['build'], jobs: [{ name: 'compile', stage: 'build', queueSec: 1, durationSec: 600 }] } });
    let seen = false;
    for (let i = 0; i < 3 && !seen; i++) {
      server.advance(ACTIVE_MS);
      const result = await watcher.refresh(targets, 'timer', new Set([focused]));
      const dev = result.snapshots.find((s) => s.repoKey === focused)?.lanes.find((l) => l.lane.id === 'dev');
      seen = dev?.pipeline?.pipeline.id === started.id && dev.pipeline.stages[0]?.jobs[0]?.job.status === 'running';
    }
    assert.ok(seen, 'the new pipeline and its running job show within three polls (9 s)');
  });

  it('splits a manual refresh too; after an action, the acted-on repository is read in full first', async () => {
    await readAll('start');
    const { updates } = await readAll('manual');
    assert.ok(updates.length >= 3, `${updates.length} updates`);
    const from = lastSeq();
    const acted = await watcher.refresh(targets, 'user-action', new Set([focused]));
    const heads = requestsSince(from).filter((r) => r.path.endsWith('/pipelines') && r.query['ref'] !== undefined).map((r) => projectOf(r.path));
    assert.ok(heads.includes(focused), 'the acted-on repository looks up its lanes\' pipelines again');
    assert.ok(acted.owed > 0, 'the other repositories follow in the next updates');
  });
});
