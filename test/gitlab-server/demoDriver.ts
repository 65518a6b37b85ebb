// Keeps the demo project alive for a person watching: a history of earlier releases, then new
// commits and pipelines every so often. Gates (canary, production) are left for the person.
import { approveDeployment, playJob } from './actions';
import type { FakeClock } from '../support/fakeClock';
import { mergeRequestSpec } from './demoSpecs';
import type { Pipeline, PipelineSpec } from './model';
import { createPipeline } from './pipelineFactory';
import type { DemoScenario, Lane } from './scenario';
import { isActive, tick } from './simulation';
import type { FakeGitLabState } from './state';

const TITLES: Readonly<Record<Lane, readonly string[]>> = {
  mr: ['Batch stock checks per warehouse', 'Handle empty baskets early', 'Add checkout latency metric', 'Retry stock service once on timeout'],
  dev: ['Cache product lookups for 30 s', 'Add retry budget to payment client', 'Log basket size at info level', 'Upgrade HTTP client to 5.2'],
  master: ["Merge branch 'dev' into 'master'"],
};

/**
 * How long a lane rests before a new commit arrives (ms): after its pipeline finished, and while
 * it waits at a gate (null: the gate waits for the person, however long).
 */
const REST_MS: Readonly<Record<Lane, { readonly finished: number; readonly waiting: number | null }>> = {
  mr: { finished: 45_000, waiting: 300_000 },
  dev: { finished: 120_000, waiting: 900_000 },
  master: { finished: 600_000, waiting: null },
};

function withFailingJob(spec: PipelineSpec, name: string): PipelineSpec {
  return { ...spec, jobs: spec.jobs.map((j) => (j.name === name ? { ...j, result: 'failed' as const } : j)) };
}

/** Plays out earlier releases on a clock set in the past, then brings the clock to now. */
export function seedDemoHistory(state: FakeGitLabState, demo: DemoScenario, clock: FakeClock, now: number): void {
  const run = (ms: number): void => {
    for (let left = ms; left > 0; left -= 1000) {
      clock.advance(1000);
      tick(state);
    }
  };
  const releaseToProduction = (pipeline: Pipeline): void => {
    run(150_000);
    const job = state.findJob(pipeline, 'deploy-prod');
    const deployment = job && state.deploymentOfJob(job);
    if (!job || !deployment) return;
    approveDeployment(state, demo.users.reviewer, deployment, 'approved', 'Canary was clean for an hour.');
    tick(state);
    playJob(state, demo.users.developer, job);
    run(60_000);
  };
  releaseToProduction(demo.start('master'));
  const dev = demo.start('dev', { commit: TITLES.dev[0] });
  run(200_000);
  const canary = state.findJob(dev, 'deploy-canary');
  if (canary?.status === 'manual') playJob(state, demo.users.developer, canary);
  run(60_000);
  state.addCommit(demo.project, { branch: 'master', title: TITLES.master[0] ?? 'Merge', author: demo.users.developer });
  demo.start('master');
  run(150_000);
  clock.set(Math.max(clock.now(), now));
  tick(state);
}

/** Returns a step function to call on every tick: it starts new pipelines when a lane has rested. */
export function createDemoDriver(state: FakeGitLabState, demo: DemoScenario): () => void {
  const counters: Record<Lane, number> = { mr: 0, dev: 1, master: 1 };
  const latest = (lane: Lane): Pipeline | undefined => state.pipelinesOf(demo.project)
    .filter((p) => p.parent === null && (lane === 'mr' ? p.mergeRequestIid === demo.mergeRequest.iid : p.ref === lane))
    .sort((a, b) => b.id - a.id)[0];

  const startLane = (lane: Lane): void => {
    const count = counters[lane]++;
    const titles = TITLES[lane];
    state.addCommit(demo.project, { branch: lane === 'mr' ? demo.mergeRequest.sourceBranch : lane, title: titles[count % titles.length] ?? 'Change', author: demo.users.developer });
    if (lane === 'mr' && count % 3 === 2) {
      // Now and then a merge request pipeline fails, so failure has something to show.
      createPipeline(state, demo.project, {
        ref: `refs/merge-requests/${demo.mergeRequest.iid}/head`,
        user: demo.users.developer,
        source: 'merge_request_event',
        mergeRequestIid: demo.mergeRequest.iid,
        spec: withFailingJob(mergeRequestSpec(demo.mergeRequest.sourceBranch), 'integration-tests'),
      });
      tick(state);
      return;
    }
    demo.start(lane);
  };

  return () => {
    const now = state.clock.now();
    for (const lane of ['mr', 'dev', 'master'] as const) {
      const pipeline = latest(lane);
      if (!pipeline) {
        startLane(lane);
        continue;
      }
      if (isActive(pipeline)) continue;
      const rest = pipeline.status === 'manual' ? REST_MS[lane].waiting : REST_MS[lane].finished;
      if (rest !== null && now - pipeline.updatedAt >= rest) startLane(lane);
    }
  };
}
