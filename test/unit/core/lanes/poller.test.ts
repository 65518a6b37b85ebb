import * as assert from 'node:assert/strict';
import { ForbiddenError, NetworkError, RateLimitedError, ServerError, UnauthorizedError } from '../../../../src/core/gitlab/errors';
import type { LaneSpec } from '../../../../src/core/lanes/lanes';
import type { SnapshotApi } from '../../../../src/core/lanes/laneStore';
import { LaneStore } from '../../../../src/core/lanes/laneStore';
import type { PollOutcome, PollerOptions, RefreshReason } from '../../../../src/core/lanes/poller';
import { Poller } from '../../../../src/core/lanes/poller';
import { buildTree } from '../../../../src/core/lanes/treeModel';
import { diffTrees, isEmpty } from '../../../../src/core/lanes/treeDiff';
import { job, pipeline, pipelineBasic, read } from '../../../support/gitlabPayloads';
import { FakeClock } from '../../../support/fakeClock';

const ok = (activity: PollOutcome['activity']): PollOutcome => ({ activity });
const failing = (error: unknown): PollOutcome => ({ activity: 'rest', error });
const network = (): NetworkError => new NetworkError({ host: 'h', failure: 'refused' });

/** A refresh that answers from a script (the last entry repeats) and records when and why it ran. */
function scripted(clock: FakeClock, ...outcomes: PollOutcome[]) {
  const runs: { reason: RefreshReason; at: number }[] = [];
  const refresh = (reason: RefreshReason): Promise<PollOutcome> => {
    runs.push({ reason, at: clock.now() });
    return Promise.resolve(outcomes.length > 1 ? outcomes.shift()! : outcomes[0]!);
  };
  return { runs, refresh };
}

function poller(clock: FakeClock, refresh: PollerOptions['refresh'], extra: Partial<PollerOptions> = {}): Poller {
  return new Poller({ clock, refresh, random: () => 0, ...extra });
}

describe('Poller', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock(0);
  });

  it('refreshes at once on start, then fast while something is active', async () => {
    const script = scripted(clock, ok('active'));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    assert.deepEqual(clock.armed, [3000]);
    clock.advance(3000);
    await p.whenIdle();
    assert.deepEqual(script.runs, [{ reason: 'start', at: 0 }, { reason: 'timer', at: 3000 }]);
  });

  it('continues a read split over several updates at once, idle only after the last part, then keeps its pace', async () => {
    const script = scripted(clock, { activity: 'active', more: true }, { activity: 'active', more: true }, ok('active'));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    assert.deepEqual(script.runs, [{ reason: 'start', at: 0 }, { reason: 'continue', at: 0 }, { reason: 'continue', at: 0 }]);
    assert.deepEqual(clock.armed, [3000]);
  });

  it('holds the rest of a split read while GitLab\'s quota is held', async () => {
    const script = scripted(clock, { activity: 'active', more: true }, ok('active'));
    const p = poller(clock, script.refresh, { notBefore: () => 10_000 });
    p.start();
    await p.whenIdle();
    assert.deepEqual(clock.armed, [10_000]);
    clock.advance(10_000);
    await p.whenIdle();
    assert.deepEqual(script.runs.map((r) => r.reason), ['start', 'continue']);
  });

  it('does not continue a split read while the window is unfocused, nor after a failure', async () => {
    const script = scripted(clock, { activity: 'active', more: true }, { activity: 'rest', error: network(), more: true });
    const p = poller(clock, script.refresh);
    p.start();
    p.setFocused(false);
    await p.whenIdle();
    assert.deepEqual(clock.armed, []);
    p.setFocused(true);
    await p.whenIdle();
    assert.deepEqual(script.runs.map((r) => r.reason), ['start', 'focus']);
    assert.deepEqual(clock.armed, [2000], 'an outage backs off instead of continuing');
  });

  it('polls every 30 s at rest and at a gate (each such poll is one request)', async () => {
    const script = scripted(clock, ok('rest'), ok('gate'));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    assert.deepEqual(clock.armed, [30_000]);
    clock.advance(30_000);
    await p.whenIdle();
    assert.deepEqual(clock.armed, [30_000]);
  });

  it('holds timed polls until GitLab\'s quota resets when it runs low, but not the user\'s own refreshes', async () => {
    const script = scripted(clock, ok('active'), ok('active'), ok('active'));
    let holdUntil = 45_000;
    const p = new Poller({ refresh: script.refresh, clock, random: () => 0.5, notBefore: () => holdUntil });
    p.start();
    await p.whenIdle();
    assert.deepEqual(clock.armed, [45_000]);
    p.refreshNow('user-action');
    await p.whenIdle();
    assert.equal(script.runs.at(-1)?.reason, 'user-action');
    holdUntil = 0;
    clock.advance(45_000);
    await p.whenIdle();
    assert.deepEqual(clock.armed, [3_000]);
  });

  it('honours custom intervals', async () => {
    const script = scripted(clock, ok('active'));
    const p = poller(clock, script.refresh, { intervals: { activeMs: 4000 } });
    p.start();
    await p.whenIdle();
    assert.deepEqual(clock.armed, [4000]);
  });

  it('pauses while the window is unfocused and refreshes at once on focus', async () => {
    const script = scripted(clock, ok('active'));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    p.setFocused(false);
    assert.deepEqual(clock.armed, []);
    assert.equal(p.status.phase, 'paused');
    clock.advance(600_000);
    await p.whenIdle();
    assert.equal(script.runs.length, 1);
    p.setFocused(true);
    await p.whenIdle();
    assert.deepEqual(script.runs.map((r) => r.reason), ['start', 'focus']);
    assert.deepEqual(clock.armed, [3000]);
  });

  it('does not poll faster than its pace when focus moves between windows', async () => {
    const script = scripted(clock, ok('rest'));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    // Ten seconds into the 30 s rest wait the person clicks into another window and back.
    clock.advance(10_000);
    p.setFocused(false);
    p.setFocused(true);
    await p.whenIdle();
    assert.equal(script.runs.length, 1, 'no read on a return within the pace');
    assert.deepEqual(clock.armed, [20_000], 'the rest of the wait, not a new one');
    clock.advance(20_000);
    await p.whenIdle();
    assert.deepEqual(script.runs.map((r) => r.reason), ['start', 'focus']);
    for (let i = 0; i < 10; i++) {
      clock.advance(3_000);
      p.setFocused(false);
      p.setFocused(true);
      await p.whenIdle();
    }
    assert.equal(script.runs.length, 3, 'thirty seconds of switching every 3 s: one more read, at the pace');
  });

  it('does not re-arm when focus is lost during a refresh', async () => {
    let release!: (outcome: PollOutcome) => void;
    const p = poller(clock, () => new Promise<PollOutcome>((resolve) => (release = resolve)));
    p.start();
    p.setFocused(false);
    release(ok('active'));
    await p.whenIdle();
    assert.deepEqual(clock.armed, []);
    assert.equal(p.status.phase, 'paused');
  });

  it('waits for focus before the first refresh when started unfocused', async () => {
    const script = scripted(clock, ok('rest'));
    const p = poller(clock, script.refresh, { focused: false });
    p.start();
    await p.whenIdle();
    assert.equal(script.runs.length, 0);
    p.setFocused(true);
    await p.whenIdle();
    assert.equal(script.runs.length, 1);
  });

  it('refreshes at once on branch switch and after a user action, replacing the armed timer', async () => {
    const script = scripted(clock, ok('rest'));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    clock.advance(10_000);
    p.refreshNow('branch-switch');
    await p.whenIdle();
    p.refreshNow('user-action');
    await p.whenIdle();
    assert.deepEqual(script.runs.map((r) => [r.reason, r.at]), [['start', 0], ['branch-switch', 10_000], ['user-action', 10_000]]);
    assert.deepEqual(clock.armed, [30_000]);
  });

  it('never runs two refreshes at once and coalesces requests made meanwhile', async () => {
    let inFlight = 0;
    let most = 0;
    const releases: ((o: PollOutcome) => void)[] = [];
    const p = poller(clock, () => {
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise<PollOutcome>((resolve) => releases.push((o) => {
        inFlight--;
        resolve(o);
      }));
    });
    p.start();
    p.refreshNow('user-action');
    p.refreshNow('branch-switch');
    p.setFocused(false);
    p.setFocused(true);
    assert.equal(releases.length, 1);
    releases[0]!(ok('rest'));
    await Promise.resolve();
    for (let i = 0; i < 5 && releases.length < 2; i++) await Promise.resolve();
    assert.equal(releases.length, 2, 'one follow-up refresh');
    releases[1]!(ok('rest'));
    await p.whenIdle();
    assert.equal(most, 1);
    assert.equal(releases.length, 2);
  });

  it('honours Retry-After on 429, even when asked to refresh sooner', async () => {
    const script = scripted(clock, failing(new RateLimitedError({ host: 'h', retryAfterSeconds: 7 })), ok('active'));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    assert.deepEqual(clock.armed, [7000]);
    assert.equal(p.status.offline, false);
    clock.advance(2000);
    p.refreshNow('user-action');
    await p.whenIdle();
    assert.equal(script.runs.length, 1, 'no request inside the Retry-After window');
    clock.advance(5000);
    await p.whenIdle();
    assert.deepEqual(script.runs.map((r) => r.at), [0, 7000]);
  });

  it('backs off exponentially on server and network errors, up to the cap', async () => {
    const script = scripted(clock, failing(network()));
    const p = poller(clock, script.refresh, { backoff: { initialMs: 1000, maxMs: 10_000 } });
    p.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await p.whenIdle();
      delays.push(clock.armed[0]!);
      clock.advance(clock.armed[0]!);
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('takes jitter off the back-off delay with the injected random source', async () => {
    const script = scripted(clock, failing(new ServerError({ host: 'h', status: 503 })));
    const p = poller(clock, script.refresh, { random: () => 0.5, backoff: { initialMs: 1000, jitter: 0.5 } });
    p.start();
    await p.whenIdle();
    assert.deepEqual(clock.armed, [750]);
  });

  it('goes offline on outages and recovers on the next success', async () => {
    const statuses: boolean[] = [];
    const script = scripted(clock, failing(network()), failing(network()), ok('active'));
    const p = poller(clock, script.refresh, { onStatus: (s) => statuses.push(s.offline) });
    p.start();
    await p.whenIdle();
    assert.equal(p.status.offline, true);
    assert.equal(p.status.failures, 1);
    clock.advance(clock.armed[0]!);
    await p.whenIdle();
    assert.equal(p.status.failures, 2);
    clock.advance(clock.armed[0]!);
    await p.whenIdle();
    assert.equal(p.status.offline, false);
    assert.equal(p.status.failures, 0);
    assert.deepEqual(clock.armed, [3000]);
    assert.ok(statuses.includes(true) && statuses[statuses.length - 1] === false);
  });

  it('treats an exception thrown by the refresh like an outage', async () => {
    const p = poller(clock, () => Promise.reject(new Error('socket hang up')));
    p.start();
    await p.whenIdle();
    assert.equal(p.status.offline, true);
    assert.deepEqual(clock.armed, [2000]);
  });

  it('stops on 401 until asked again, and resumes after sign-in', async () => {
    const script = scripted(clock, failing(new UnauthorizedError({ host: 'h' })), ok('rest'));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    assert.equal(p.status.phase, 'halted');
    assert.equal(p.status.haltedBy, 'unauthorized');
    assert.deepEqual(clock.armed, []);
    p.setFocused(false);
    p.setFocused(true);
    await p.whenIdle();
    assert.equal(script.runs.length, 1, 'focus does not restart a halted poller');
    p.refreshNow('manual');
    await p.whenIdle();
    assert.equal(p.status.phase, 'scheduled');
    assert.equal(script.runs.length, 2);
  });

  it('polls slowly while access is denied', async () => {
    const script = scripted(clock, failing(new ForbiddenError({ host: 'h' })));
    const p = poller(clock, script.refresh);
    p.start();
    await p.whenIdle();
    assert.deepEqual(clock.armed, [30_000]);
    assert.equal(p.status.offline, false);
  });

  it('stops for good when disposed, even with a refresh in flight', async () => {
    let release!: (outcome: PollOutcome) => void;
    let calls = 0;
    const p = poller(clock, () => {
      calls++;
      return new Promise<PollOutcome>((resolve) => (release = resolve));
    });
    p.start();
    p.dispose();
    release(ok('active'));
    await p.whenIdle();
    clock.advance(600_000);
    p.refreshNow('user-action');
    p.setFocused(false);
    p.setFocused(true);
    assert.equal(calls, 1);
    assert.deepEqual(clock.armed, []);
    assert.equal(p.status.phase, 'disposed');
  });

  it('counts an all-304 refresh as a success that changes nothing', async () => {
    const running = pipelineBasic(5, { status: 'running' });
    let unchanged = false;
    const api: SnapshotApi = {
      mergeRequestsForBranch: () => Promise.resolve(read([], unchanged)),
      mrPipelines: () => Promise.resolve(read([], unchanged)),
      pipelines: () => Promise.resolve(read([running], unchanged)),
      pipeline: () => Promise.resolve(read(pipeline(5, { status: 'running', duration: null, started_at: null }), unchanged)),
      pipelineJobs: () => Promise.resolve(read([job(51, 'build', 'build', 'running', { started_at: null })], unchanged)),
      pipelineBridges: () => Promise.resolve(read([], unchanged)),
    };
    const lanes: LaneSpec[] = [{ id: 'dev', kind: 'branch', title: 'dev', branch: 'dev' }];
    const store = new LaneStore();
    const trees: ReturnType<typeof buildTree>[] = [];
    const unchangedFlags: boolean[] = [];
    const p = poller(clock, async () => {
      const result = await store.refresh([{ repoKey: 'r', projectPath: 'g/p', api, lanes }]);
      unchangedFlags.push(result.allUnchanged);
      trees.push(buildTree({ repos: [{ repoKey: 'r', label: 'r', state: { kind: 'ready', snapshot: result.snapshots[0]! } }] }, Date.parse('2026-11-29T17:10:00Z')));
      return { activity: result.activity, ...(result.error ? { error: result.error } : {}) };
    });
    p.start();
    await p.whenIdle();
    unchanged = true;
    clock.advance(3000);
    await p.whenIdle();
    assert.deepEqual(unchangedFlags, [false, true]);
    assert.ok(isEmpty(diffTrees(trees[0]!, trees[1]!)));
    assert.equal(p.status.offline, false);
    assert.equal(p.status.failures, 0);
    assert.deepEqual(clock.armed, [3000]);
  });
});
