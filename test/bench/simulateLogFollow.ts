/**
 * Benchmark piece: follows a job's log on virtual time and counts what it cost, for the
 * follower and for the naive way (whole trace and job every 3 s, no conditional requests).
 * The API is real (e.g. the adapter against the local GitLab server); only time is virtual:
 * `advance(ms)` moves the server's clock (`server.advance`) before each timer fires.
 */
import type { GitLabApi, ProjectRef } from '../../src/core/gitlab/client';
import { LogFollower } from '../../src/core/release/log/logFollower';
import { FakeClock } from '../support/fakeClock';
import type { LogPaceOptions } from '../../src/core/release/log/logPace';
import { logPhase } from '../../src/core/release/log/logPace';

export interface SimulateLogFollowOptions {
  readonly api: Pick<GitLabApi, 'job' | 'jobTrace'>;
  readonly project: ProjectRef;
  readonly jobId: number;
  /** Stop after this much virtual time even if the job is still running. */
  readonly durationMs: number;
  /** Moves the server's time forward by `ms` (called before each read). */
  readonly advance: (ms: number) => void | Promise<void>;
  readonly strategy: 'follower' | 'naive';
  readonly naiveIntervalMs?: number;
  readonly pace?: Partial<LogPaceOptions>;
}

export interface LogFollowCost {
  readonly strategy: 'follower' | 'naive';
  readonly requests: number;
  /** Response body characters (304s count zero). */
  readonly bytes: number;
  readonly virtualMs: number;
  readonly requestsPerMinute: number;
  readonly bytesPerMinute: number;
  /** Whether the job reached a final status within the run. */
  readonly finished: boolean;
  /** Lines the follower showed (follower only). */
  readonly lines?: number;
}

export async function simulateLogFollow(options: SimulateLogFollowOptions): Promise<LogFollowCost> {
  return options.strategy === 'follower' ? followerCost(options) : naiveCost(options);
}

async function followerCost(options: SimulateLogFollowOptions): Promise<LogFollowCost> {
  const clock = new FakeClock(0); // now() reads as the virtual time elapsed
  let finished = false;
  const follower = new LogFollower({
    api: options.api, project: options.project, jobId: options.jobId, clock,
    listener: { onUpdate: () => undefined, onEnd: () => { finished = true; } },
    ...(options.pace ? { pace: options.pace } : {}),
  });
  follower.start();
  await follower.whenIdle();
  while (!follower.done && (clock.nextAt ?? Infinity) <= options.durationMs) {
    if (!(await clock.runNext(options.advance))) break;
    await follower.whenIdle();
  }
  follower.dispose();
  const { requests, bytes } = follower.stats;
  return cost('follower', requests, bytes, clock.now(), finished, follower.view.lines);
}

async function naiveCost(options: SimulateLogFollowOptions): Promise<LogFollowCost> {
  const interval = options.naiveIntervalMs ?? 3_000;
  let requests = 0;
  let bytes = 0;
  let elapsed = 0;
  let finished = false;
  for (;;) {
    // No conditional requests: each read downloads everything (a 304 from the adapter still stands for a full body here).
    const job = await options.api.job(options.project, options.jobId);
    const trace = await options.api.jobTrace(options.project, options.jobId);
    requests += 2;
    bytes += JSON.stringify(job.data).length + trace.data.length;
    if (logPhase(job.data.status) === 'final') {
      finished = true;
      break;
    }
    if (elapsed + interval > options.durationMs) break;
    await options.advance(interval);
    elapsed += interval;
  }
  return cost('naive', requests, bytes, elapsed, finished);
}

function cost(strategy: 'follower' | 'naive', requests: number, bytes: number, virtualMs: number, finished: boolean, lines?: number): LogFollowCost {
  const minutes = Math.max(virtualMs, 1) / 60_000;
  return {
    strategy, requests, bytes, virtualMs,
    requestsPerMinute: Math.round((requests / minutes) * 10) / 10,
    bytesPerMinute: Math.round(bytes / minutes),
    finished,
    ...(lines !== undefined ? { lines } : {}),
  };
}
