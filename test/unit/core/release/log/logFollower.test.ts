import * as assert from 'node:assert/strict';
import type { CiStatus } from '../../../../../src/core/gitlab/models';
import { NotFoundError } from '../../../../../src/core/gitlab/errors';
import { LogFollower } from '../../../../../src/core/release/log/logFollower';
import { DEFAULT_LOG_PACE, logGrowth, logPhase, nextLogDelay } from '../../../../../src/core/release/log/logPace';
import type { LogUpdate } from '../../../../../src/core/release/log/logRenderer';
import { createGitbeakerApi } from '../../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../../src/core/gitlab/instance';
import { FakeClock } from '../../../../support/fakeClock';
import type { TinyServer } from '../../gitlab/support/tinyServer';
import { json, startTinyServer } from '../../gitlab/support/tinyServer';
import { job, ok, scriptedApi } from '../actions/support';

/** A job whose log and status the test writes; the API answers `unchanged` when nothing changed since the last read. */
function liveJob() {
  const state = { status: 'running' as CiStatus, trace: '', traceReads: 0, jobReads: 0, lastTrace: undefined as string | undefined };
  const api = scriptedApi({
    job: () => {
      state.jobReads++;
      return ok(job(7, 'deploy-canary', 'canary', state.status));
    },
    jobTrace: () => {
      state.traceReads++;
      const unchanged = state.lastTrace === state.trace;
      state.lastTrace = state.trace;
      return ok(state.trace, unchanged);
    },
  });
  return { state, api };
}

async function settle(follower: LogFollower): Promise<void> {
  for (let i = 0; i < 5; i++) await follower.whenIdle();
}

describe('log pacing', () => {
  it('reads every 2 s while lines pour in, stretches to 6 s for a trickle and 15 s for silence, stops when final', () => {
    assert.equal(nextLogDelay('running', 'burst', 9_000), 2_000);
    const trickle: number[] = [];
    const quiet: number[] = [];
    for (let i = 0, t = 2_000, q = 2_000; i < 8; i++) {
      trickle.push((t = nextLogDelay('running', 'trickle', t)!));
      quiet.push((q = nextLogDelay('running', 'quiet', q)!));
    }
    assert.deepEqual(trickle, [...trickle].sort((a, b) => a - b), 'trickle delays grow');
    assert.deepEqual(quiet, [...quiet].sort((a, b) => a - b), 'quiet delays grow');
    assert.equal(trickle.at(-1), DEFAULT_LOG_PACE.tricklingMaxMs);
    assert.equal(quiet.at(-1), DEFAULT_LOG_PACE.quietMaxMs);
    assert.equal(nextLogDelay('waiting', 'quiet', 15_000), DEFAULT_LOG_PACE.waitingMs);
    assert.equal(nextLogDelay('final', 'burst', 2_000), undefined);
    assert.deepEqual([logGrowth(0), logGrowth(1), logGrowth(5)], ['quiet', 'trickle', 'burst']);
    assert.equal(logPhase('pending'), 'waiting');
    assert.equal(logPhase('canceled'), 'final');
    assert.equal(logPhase('some_future_status'), 'running');
  });
});

describe('LogFollower', () => {
  it('appends only new lines, slows down on a quiet log, and stops at the final status after one last read', async () => {
    const clock = new FakeClock();
    const { state, api } = liveJob();
    const updates: LogUpdate[] = [];
    let ended = false;
    const follower = new LogFollower({ api, project: 1, jobId: 7, clock, listener: { onUpdate: (u) => updates.push(u), onEnd: () => { ended = true; } } });
    state.trace = Array.from({ length: 6 }, (_, i) => `line ${i + 1}\n`).join('');
    follower.start();
    await settle(follower);
    assert.equal(updates.flatMap((u) => u.lines).length, 6);
    assert.deepEqual(clock.armed, [2_000], 'output pours in: read again in 2 s');

    state.trace += 'line 7\n';
    clock.advance(2_000);
    await settle(follower);
    assert.deepEqual(updates.at(-1)!.lines.map((l) => l.text), ['line 7']);
    assert.equal(updates.at(-1)!.firstLine, 6);
    assert.ok(clock.armed[0]! > 2_000, 'a trickle slows reading down');

    // Quiet: each read brings nothing, the delay grows.
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [delay] = clock.armed;
      delays.push(delay!);
      clock.advance(delay!);
      await settle(follower);
    }
    assert.ok(delays[3]! > delays[0]!, `quiet delays should grow: ${delays.join(', ')}`);

    state.trace += 'Job succeeded\nlast words';
    state.status = 'success';
    clock.advance(clock.armed[0]!);
    await settle(follower);
    assert.equal(ended, true);
    assert.equal(follower.done, true);
    assert.deepEqual(clock.armed, [], 'no timer left once the job is final');
    assert.deepEqual(updates.flatMap((u) => u.lines.map((l) => l.text)).slice(-2), ['Job succeeded', 'last words']);
    const reads = state.traceReads;
    clock.advance(60_000);
    await settle(follower);
    assert.equal(state.traceReads, reads, 'nothing is read after the end');
  });

  it('waits for a job that has not started by reading only its status', async () => {
    const clock = new FakeClock();
    const { state, api } = liveJob();
    state.status = 'pending';
    const follower = new LogFollower({ api, project: 1, jobId: 7, clock, listener: { onUpdate: () => undefined } });
    follower.start();
    await settle(follower);
    assert.equal(state.traceReads, 0);
    assert.deepEqual(clock.armed, [DEFAULT_LOG_PACE.waitingMs]);
    state.status = 'running';
    state.trace = 'hello\n';
    clock.advance(DEFAULT_LOG_PACE.waitingMs);
    await settle(follower);
    assert.equal(state.traceReads, 1);
    follower.dispose();
    assert.deepEqual(clock.armed, []);
  });

  it('does not read the job status on every read of a growing log, but does when a verdict line appears', async () => {
    const clock = new FakeClock();
    const { state, api } = liveJob();
    const follower = new LogFollower({ api, project: 1, jobId: 7, clock, listener: { onUpdate: () => undefined } });
    for (let i = 0; i < 5; i++) {
      state.trace += `line ${i}\n`;
      if (i === 0) follower.start();
      else clock.advance(clock.armed[0]!);
      await settle(follower);
    }
    assert.equal(state.traceReads, 5);
    assert.ok(state.jobReads <= 2, `job read ${state.jobReads} times for 5 growing reads`);
    const before = state.jobReads;
    state.trace += 'ERROR: Job failed: exit code 1\n';
    clock.advance(clock.armed[0]!);
    await settle(follower);
    assert.equal(state.jobReads, before + 1);
    follower.dispose();
  });

  it('gives up when the job is gone, and tells why', async () => {
    const clock = new FakeClock();
    const errors: [unknown, boolean][] = [];
    const api = scriptedApi({ job: () => Promise.reject(new NotFoundError({ host: 'gitlab.example.com', status: 404 })) });
    const follower = new LogFollower({ api, project: 1, jobId: 7, clock, listener: { onUpdate: () => undefined, onError: (e, retry) => errors.push([e, retry]) } });
    follower.start();
    await settle(follower);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]![1], false);
    assert.equal(follower.done, true);
    assert.deepEqual(clock.armed, []);
  });
});

describe('LogFollower with the real adapter', () => {
  let server: TinyServer;
  beforeEach(async () => {
    server = await startTinyServer();
  });
  afterEach(() => server.close());

  it('shows the log when another reader of the same trace (the canary check) read it first', async () => {
    const trace = 'Running on runner-1\nDeploying canary\nJob succeeded\n';
    server.handler = (req, res) => {
      if (req.url.endsWith('/trace')) {
        if (req.headers['if-none-match'] === '"t1"') return void res.writeHead(304, { etag: '"t1"' }).end();
        return void res.writeHead(200, { 'content-type': 'text/plain', etag: '"t1"' }).end(trace);
      }
      json(res, 200, job(7, 'deploy-canary', 'canary', 'success'));
    };
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: 'glpat-TopSecretToken1234', timeoutMs: 2000 });
    await api.jobTrace('g/p', 7);
    const shown: string[] = [];
    let ended = false;
    const follower = new LogFollower({ api, project: 'g/p', jobId: 7, clock: new FakeClock(), listener: { onUpdate: (u) => shown.push(...u.lines.map((l) => l.text)), onEnd: () => { ended = true; } } });
    follower.start();
    await settle(follower);
    assert.equal(ended, true);
    assert.deepEqual(shown, ['Running on runner-1', 'Deploying canary', 'Job succeeded']);
    const traceReads = server.seen.filter((r) => r.url.endsWith('/trace'));
    assert.equal(traceReads[1]?.headers['if-none-match'], undefined, 'the follower revalidates only what it holds');
  });
});

describe('LogFollower on a huge log', () => {
  it('links the full log only on the instance it reads from (the editor makes addresses clickable)', async () => {
    const clock = new FakeClock();
    const { state, api } = liveJob();
    const updates: LogUpdate[] = [];
    // The job's web_url is on gitlab.example.com; this follower reads from another instance.
    const follower = new LogFollower({ api, project: 1, jobId: 7, clock, maxTraceChars: 1_000, instanceUrl: 'https://gitlab.other.example', listener: { onUpdate: (u) => updates.push(u) } });
    state.trace = 'x'.repeat(99).concat('\n').repeat(25);
    follower.start();
    await settle(follower);
    const note = updates.flatMap((u) => u.lines.map((l) => l.text)).at(-1)!;
    assert.match(note, /live updates stop here.*\(Open in Browser on the job\)$/);
    assert.ok(!note.includes('gitlab.example.com'), note);
    follower.dispose();
  });

  it('stops reading a trace past maxTraceChars, says so in the log, and keeps following the status', async () => {
    const clock = new FakeClock();
    const { state, api } = liveJob();
    const updates: LogUpdate[] = [];
    let ended = false;
    const follower = new LogFollower({ api, project: 1, jobId: 7, clock, maxTraceChars: 1_000, instanceUrl: 'https://gitlab.example.com', listener: { onUpdate: (u) => updates.push(u), onEnd: () => { ended = true; } } });
    state.trace = 'x'.repeat(99).concat('\n').repeat(5);
    follower.start();
    await settle(follower);
    assert.equal(follower.truncated, false);
    state.trace += 'y'.repeat(99).concat('\n').repeat(20);
    clock.advance(clock.armed[0]!);
    await settle(follower);
    assert.equal(follower.truncated, true);
    const shown = updates.flatMap((u) => u.lines.map((l) => l.text));
    assert.equal(shown.length, 26, '25 lines and one note');
    assert.match(shown.at(-1)!, /^\[Release Pilot\] This log passed 2 KiB\..*live updates stop here.*GitLab: https:\/\/gitlab\.example\.com\/.*\/raw$/);
    const reads = state.traceReads;
    for (let i = 0; i < 3; i++) {
      state.trace += 'z'.repeat(10_000);
      clock.advance(clock.armed[0]!);
      await settle(follower);
    }
    assert.equal(state.traceReads, reads, 'the trace is not downloaded again');
    assert.ok(state.jobReads >= 3, 'the status is still followed');
    state.status = 'success';
    clock.advance(clock.armed[0]!);
    await settle(follower);
    assert.equal(ended, true);
    assert.equal(state.traceReads, reads);
  });
});
