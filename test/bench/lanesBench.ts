import { createGitbeakerApi } from '../../src/core/gitlab/gitbeakerApi';
import type { RequestEvent } from '../../src/core/gitlab/transport';
import { instanceFromUrl } from '../../src/core/gitlab/instance';
import type { LaneSpec } from '../../src/core/lanes/lanes';
import { buildLanes } from '../../src/core/lanes/lanes';
import { LaneStore } from '../../src/core/lanes/laneStore';
import type { RepoSnapshot } from '../../src/core/lanes/snapshot';
import { Poller } from '../../src/core/lanes/poller';
import { buildTree } from '../../src/core/lanes/treeModel';
import { diffTrees } from '../../src/core/lanes/treeDiff';
import type { TreeNode } from '../../src/core/lanes/treeModel';
import { treeActions } from '../../src/core/release/gates/treeActions';
import { buildDemoScenario, DEMO_FEATURE_BRANCH, setJobStatus, DEMO_TOKENS, DEMO_PROJECT_PATH, FakeGitLabState, FakeClock, startGitLabServer } from '../gitlab-server';
import type { BenchSection } from './ciBench';
import { fmt, median, percentile, table } from './stats';

const IDLE_MINUTES = 10;
const RUN_MINUTES = 12;
const GATE_MINUTES = 10;
const NAIVE_INTERVAL_MS = 30_000;

interface Watcher {
  /** Called once per virtual second, after the server moved. */
  step(): Promise<void>;
  /** Job id -> status as the tree last showed it, and when that view was taken. */
  readonly shown: Map<number, string>;
  requests: number;
  refreshes: number;
  changedNodes: number;
}

interface PhaseLoad {
  readonly requestsPerMinute: number;
  readonly kbPerMinute: number;
}

interface Measured {
  idle: PhaseLoad;
  running: PhaseLoad;
  gate: PhaseLoad;
  delays: number[];
  /** From the pipeline's creation to the tree first showing it. */
  appearedAfter: number;
  changedNodesPerRefresh: number;
}

/** Issue 4's benchmark: three lanes watched by our poller vs a naive full refresh every 30 s. */
export async function runLanesBench(): Promise<BenchSection> {
  const ours = await measure(async (server, clock, lanes, onRequest) => {
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.developer, onRequest });
    const store = new LaneStore();
    const watcher = emptyWatcher();
    let tree: TreeNode[] = [];
    const poller = new Poller({
      clock, // the server's clock: server.advance() fires the poller's timers on the same timeline
      random: () => 0.5,
      refresh: async (reason) => {
        const result = await store.refresh([{ repoKey: 'bench', projectPath: DEMO_PROJECT_PATH, api, lanes }], { force: reason === 'user-action' });
        const next = buildTree({ repos: [{ repoKey: 'bench', label: 'bench', state: { kind: 'ready', snapshot: result.snapshots[0]! } }], actions: treeActions() }, clock.now());
        const changes = diffTrees(tree, next);
        watcher.changedNodes += changes.root ? countNodes(next) : changes.changed.length;
        tree = next;
        record(watcher.shown, result.snapshots[0]!);
        watcher.refreshes++;
        return { activity: result.activity, ...(result.error ? { error: result.error } : {}) };
      },
    });
    poller.start();
    await poller.whenIdle();
    watcher.step = () => poller.whenIdle();
    return watcher;
  });

  const naive = await measure(async (server, clock, lanes, onRequest) => {
    // GitLab's own extension: a full re-read every 30 s, no conditional requests, nothing reused.
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.developer, onRequest, etagCacheSize: 0 });
    const watcher = emptyWatcher();
    let last = -Infinity;
    const refresh = async (): Promise<void> => {
      const store = new LaneStore();
      const result = await store.refresh([{ repoKey: 'bench', projectPath: DEMO_PROJECT_PATH, api, lanes }], { force: true });
      record(watcher.shown, result.snapshots[0]!);
      watcher.refreshes++;
      last = clock.now();
    };
    watcher.step = async () => {
      if (clock.now() - last >= NAIVE_INTERVAL_MS) await refresh();
    };
    await refresh();
    return watcher;
  });

  const maxDelay = (m: Measured): number => Math.max(...m.delays);
  const load = (label: string, pick: (m: Measured) => PhaseLoad, target: string, met?: boolean): string[][] => [
    [`requests per minute, ${label}`, fmt(pick(ours).requestsPerMinute), fmt(pick(naive).requestsPerMinute), ratio(pick(naive).requestsPerMinute, pick(ours).requestsPerMinute), target, met === undefined ? '' : met ? 'yes' : 'NO'],
    [`KB per minute, ${label}`, fmt(pick(ours).kbPerMinute), fmt(pick(naive).kbPerMinute), ratio(pick(naive).kbPerMinute, pick(ours).kbPerMinute), '', ''],
  ];
  const idleMet = ours.idle.requestsPerMinute < naive.idle.requestsPerMinute;
  const delayMet = maxDelay(ours) <= 5000;
  const rows = [
    ...load('idle (every pipeline finished)', (m) => m.idle, 'fewer than naive', idleMet),
    ...load('while a dev pipeline runs', (m) => m.running, '(reported)'),
    ...load('while it waits at the canary gate', (m) => m.gate, '(reported)'),
    ['a pipeline started by someone else first shows after (s)', fmt(ours.appearedAfter / 1000), fmt(naive.appearedAfter / 1000), ratio(naive.appearedAfter, ours.appearedAfter), '(reported; at rest the poll is 30 s)', ''],
    ['delay from a job status change to the tree, p50 (s)', fmt(median(ours.delays) / 1000), fmt(median(naive.delays) / 1000), ratio(median(naive.delays), median(ours.delays)), '', ''],
    ['delay from a job status change to the tree, max (s)', fmt(maxDelay(ours) / 1000), fmt(maxDelay(naive) / 1000), ratio(maxDelay(naive), maxDelay(ours)), '<= 5 s', delayMet ? 'yes' : 'NO'],
    ['tree nodes re-rendered per refresh (mean)', fmt(ours.changedNodesPerRefresh), '', '', 'only changed nodes', ''],
  ];
  const ok = idleMet && delayMet;
  const markdown = [
    table(['metric', 'Release Pilot', 'naive 30 s full refresh', 'ratio', 'target', 'met'], rows),
    '',
    `Three lanes (merge request, dev, master) of the demo project on the local GitLab-compatible server, over real HTTP, on virtual time: ${IDLE_MINUTES} idle minutes, then a dev pipeline runs for ${RUN_MINUTES} minutes (build, package, deploy, test) and waits ${GATE_MINUTES} minutes at its canary gate. ${ours.delays.length} job status changes were timed (p90 ${fmt(percentile(ours.delays, 90) / 1000)} s). Delays are measured from the moment the running pipeline is shown (a push or a pipeline started from the editor refreshes at once; one started elsewhere is found at the next poll). The naive client re-reads every lane in full every 30 s without conditional requests, like GitLab's own extension.`,
  ].join('\n');
  return { title: 'Live lanes (issue 4)', markdown, ok };
}

type Setup = (server: Awaited<ReturnType<typeof startGitLabServer>>, clock: FakeClock, lanes: LaneSpec[], onRequest: (event: RequestEvent) => void) => Promise<Watcher>;

async function measure(setup: Setup): Promise<Measured> {
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  const demo = buildDemoScenario(state);
  const server = await startGitLabServer({ clock, state });
  try {
    // A settled history: the MR pipeline passed, the last dev run went through canary and the last
    // release reached production (their manual gates are marked done directly).
    const [master, dev] = [demo.start('master'), demo.start('dev'), demo.start('mr')];
    server.advance(20 * 60_000);
    setJobStatus(state, state.findJob(master, 'deploy-prod')!, 'success');
    setJobStatus(state, state.findJob(dev, 'deploy-canary')!, 'success');
    server.advance(60_000);
    const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: DEMO_FEATURE_BRANCH });
    let requests = 0;
    let bytes = 0;
    const watcher = await setup(server, clock, lanes, (event) => {
      requests++;
      bytes += event.bytes;
    });
    const phase = async (minutes: number, each?: () => void): Promise<PhaseLoad> => {
      requests = 0;
      bytes = 0;
      for (let s = 0; s < minutes * 60; s++) {
        server.advance(1000);
        each?.();
        await watcher.step();
      }
      return { requestsPerMinute: requests / minutes, kbPerMinute: bytes / 1024 / minutes };
    };
    const idle = await phase(IDLE_MINUTES);

    const pipeline = demo.start('dev', { commit: 'Batch stock checks' });
    const pending: { job: number; at: number; before: string | undefined }[] = [];
    const truth = new Map<number, string>();
    const delays: number[] = [];
    const startedAt = clock.now();
    let appearedAfter: number | undefined;
    const running = await phase(RUN_MINUTES, () => {
      const jobs = state.jobsOf(pipeline);
      if (appearedAfter === undefined && jobs.some((j) => watcher.shown.has(j.id))) appearedAfter = clock.now() - startedAt;
      for (const job of jobs) {
        if (truth.get(job.id) === job.status) continue;
        // Timed only once the lane is known to be running: from then on every change must show quickly.
        if (appearedAfter !== undefined) pending.push({ job: job.id, at: clock.now(), before: truth.get(job.id) });
        truth.set(job.id, job.status);
      }
      for (let i = pending.length - 1; i >= 0; i--) {
        const c = pending[i]!;
        const shown = watcher.shown.get(c.job);
        if (shown !== undefined && shown !== c.before) {
          delays.push(clock.now() - c.at);
          pending.splice(i, 1);
        }
      }
    });
    if (pipeline.status !== 'manual') throw new Error(`the dev pipeline should wait at its canary gate, it is ${pipeline.status}`);
    const gate = await phase(GATE_MINUTES);
    return { idle, running, gate, delays, appearedAfter: appearedAfter ?? Infinity, changedNodesPerRefresh: watcher.changedNodes / Math.max(1, watcher.refreshes) };
  } finally {
    await server.close();
  }
}

function emptyWatcher(): Watcher {
  return { step: () => Promise.resolve(), shown: new Map(), requests: 0, refreshes: 0, changedNodes: 0 };
}

function record(shown: Map<number, string>, snapshot: RepoSnapshot): void {
  for (const lane of snapshot.lanes) {
    for (const stage of lane.pipeline?.stages ?? []) for (const job of stage.jobs) shown.set(job.job.id, job.job.status);
  }
}

function countNodes(nodes: readonly TreeNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countNodes(node.children), 0);
}

function ratio(naive: number, ours: number): string {
  return ours > 0 ? `${(naive / ours).toFixed(1)}x` : '';
}
