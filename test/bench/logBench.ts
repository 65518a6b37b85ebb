import { createGitbeakerApi } from '../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../src/core/gitlab/instance';
import { buildDemoScenario, createPipeline, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeGitLabState, FakeClock, startGitLabServer } from '../gitlab-server';
import type { BenchSection } from './ciBench';
import type { LogFollowCost } from './simulateLogFollow';
import { simulateLogFollow } from './simulateLogFollow';
import { fmt, table } from './stats';

const JOB_SECONDS = 15 * 60;
const FOLLOW_MS = 20 * 60_000;
/** A long soak-test job: 40 test shards, each printing its own output, spread over 15 minutes. */
const SOAK_SCRIPT = ['npm ci', ...Array.from({ length: 40 }, (_, i) => `npm test -- --shard ${i + 1}/40`)];

/** Issue 6's benchmark: following a running job's log, against a naive full re-fetch every 3 s. */
export async function runLogBench(): Promise<BenchSection> {
  const follower = await measure('follower');
  const naive = await measure('naive');
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}x` : '');
  const rows = [
    ['requests per minute', fmt(follower.requestsPerMinute), fmt(naive.requestsPerMinute), ratio(naive.requestsPerMinute, follower.requestsPerMinute)],
    ['KB per minute (response bodies)', fmt(follower.bytesPerMinute / 1024), fmt(naive.bytesPerMinute / 1024), ratio(naive.bytesPerMinute, follower.bytesPerMinute)],
    ['requests in all', String(follower.requests), String(naive.requests), ratio(naive.requests, follower.requests)],
    ['job followed to its end', follower.finished ? 'yes' : 'no', naive.finished ? 'yes' : 'no', ''],
  ];
  const ok = follower.finished && follower.requests < naive.requests && follower.bytes < naive.bytes;
  const markdown = [
    table(['metric', 'Release Pilot log follower', 'naive 3 s full re-fetch', 'ratio'], rows),
    '',
    `A ${JOB_SECONDS / 60}-minute soak-test job (40 test shards) on the local GitLab-compatible server, over real HTTP, on virtual time. GitLab's trace endpoint returns the whole log each time; the follower reads it every 2 s while lines pour in, up to 15 s when the log is quiet, sends If-None-Match where an ETag came back, appends only the new part, and stops at the job's final status. The naive client re-reads the whole log and the job every 3 s without conditional requests. ${follower.lines ?? 0} lines were shown.`,
  ].join('\n');
  return { title: 'Live job log (issue 6)', markdown, ok };
}

async function measure(strategy: 'follower' | 'naive'): Promise<LogFollowCost> {
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  const demo = buildDemoScenario(state);
  const server = await startGitLabServer({ clock, state });
  try {
    const pipeline = createPipeline(state, demo.project, {
      ref: 'dev',
      user: demo.users.developer,
      spec: { stages: ['test'], jobs: [{ name: 'soak-tests', stage: 'test', durationSec: JOB_SECONDS, script: SOAK_SCRIPT }] },
    });
    const job = state.findJob(pipeline, 'soak-tests');
    if (!job) throw new Error('the soak-tests job was not created');
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.developer, ...(strategy === 'naive' ? { etagCacheSize: 0 } : {}) });
    return await simulateLogFollow({ api, project: DEMO_PROJECT_PATH, jobId: job.id, durationMs: FOLLOW_MS, advance: (ms) => server.advance(ms), strategy });
  } finally {
    await server.close();
  }
}
