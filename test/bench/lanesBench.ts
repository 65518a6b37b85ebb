import { FindingsWatcher } from '../../src/core/findings/findingsWatcher';
import type { GitLabApi } from '../../src/core/gitlab/client';
import { createGitbeakerApi } from '../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../src/core/gitlab/instance';
import type { RequestEvent } from '../../src/core/gitlab/transport';
import type { LaneSpec } from '../../src/core/lanes/lanes';
import { buildLanes } from '../../src/core/lanes/lanes';
import type { StoreRefresh } from '../../src/core/lanes/laneStore';
import { LaneStore } from '../../src/core/lanes/laneStore';
import { LaneWatcher } from '../../src/core/lanes/laneWatcher';
import type { PollOutcome, RefreshReason } from '../../src/core/lanes/poller';
import { Poller } from '../../src/core/lanes/poller';
import type { RepoSnapshot } from '../../src/core/lanes/snapshot';
import { statusInfo } from '../../src/core/lanes/statusTable';
import { diffTrees } from '../../src/core/lanes/treeDiff';
import type { TreeNode } from '../../src/core/lanes/treeModel';
import { buildTree } from '../../src/core/lanes/treeModel';
import { jobDeployments } from '../../src/core/release/actions/deploymentLookup';
import { deploymentFingerprint, readEnvironments } from '../../src/core/environments/readEnvironments';
import { needsDeploymentInfo } from '../../src/core/lanes/gateDeployments';
import type { JobDeployment } from '../../src/core/lanes/jobDeployment';
import type { GitLabServer } from '../gitlab-server';
import { approveDeployment, buildDemoScenario, createPipeline, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeGitLabState, FakeClock, setJobStatus, startGitLabServer } from '../gitlab-server';
import { treeActions } from '../../src/core/release/gates/treeActions';
import type { BenchSection } from './ciBench';
import { fmt, median, percentile, table } from './stats';

const GATE_MINUTES = 10;
const IDLE_MINUTES = 10;
const RUN_MINUTES = 12;
/** Longest a change from elsewhere is waited for before it counts as never shown. */
const SHOW_DEADLINE_MS = 5 * 60_000;
const NAIVE_INTERVAL_MS = 30_000;
/** Today's poller (before issue 12): 3 s running, 15 s at a gate, 30 s at rest, every lane read each time. */
const TODAY_INTERVALS = { activeMs: 3_000, gateMs: 15_000, idleMs: 30_000 };

/** One editor watching the lanes: the benchmark steps it once per virtual second. */
export interface LaneClient {
  step(): Promise<void>;
  /** The lanes as the editor last showed them. */
  snapshot: RepoSnapshot | undefined;
  refreshes: number;
  changedNodes: number;
  /** Where a job deploys and its approval state, as the editor knows it (undefined: never read). */
  deployment(jobId: number): JobDeployment | undefined;
}

export interface ClientContext {
  readonly server: GitLabServer;
  readonly clock: FakeClock;
  readonly lanes: LaneSpec[];
  readonly api: GitLabApi;
  /** An API without conditional requests (the naive client). */
  readonly plainApi: GitLabApi;
  readonly projectPath: string;
}

export type ClientFactory = (context: ClientContext) => Promise<LaneClient>;

/**
 * Release Pilot now: the poller on the change feed (laneWatcher.ts), with the pipeline findings
 * (test report, code-quality files) read after each refresh as the editor does (issue 15): they
 * must add nothing while the lanes rest.
 */
export const oursClient: ClientFactory = async ({ clock, lanes, api, projectPath }) => {
  const watcher = new LaneWatcher(new LaneStore(), { now: () => clock.now() });
  const findings = new FindingsWatcher();
  const client = await pollingClient(clock, async (reason) => {
    const result = await watcher.refresh([{ repoKey: 'bench', projectPath, api, lanes }], reason);
    for (const snapshot of result.snapshots) await findings.update({ snapshot, api, definitionOf: () => undefined });
    return result;
  });
  client.deployment = (jobId) => client.snapshot?.lanes.map((l) => l.deployments?.[jobId]).find((d) => d !== undefined);
  return client;
};

/**
 * Release Pilot with the Environments view open (issue 13): the same poller, plus the view's rule
 * (environmentsController.ts): environments are read when a lanes refresh shows a deployment moved
 * (the fingerprint of the lanes' deploying jobs changed), never on a timer. The view's first read
 * (opening it) is made before the phases are measured.
 */
export const withEnvironmentsClient: ClientFactory = async (context) => {
  const { clock, lanes, api, projectPath } = context;
  const watcher = new LaneWatcher(new LaneStore(), { now: () => clock.now() });
  let fingerprint: string | undefined;
  const client = await pollingClient(clock, async (reason) => {
    const result = await watcher.refresh([{ repoKey: 'bench', projectPath, api, lanes }], reason);
    const snapshot = result.snapshots[0];
    const now = snapshot ? deploymentFingerprint(snapshot.lanes) : undefined;
    if (now !== undefined && now !== fingerprint) {
      fingerprint = now;
      await readEnvironments(api, projectPath);
    }
    return result;
  });
  client.deployment = (jobId) => client.snapshot?.lanes.map((l) => l.deployments?.[jobId]).find((d) => d !== undefined);
  return client;
};

/** Release Pilot before issue 12: every lane read on each poll, and the notifier's deployments reads. */
export const todayClient: ClientFactory = async ({ clock, lanes, api, projectPath }) => {
  const store = new LaneStore();
  const notifier = new TodayNotifierReads(clock, api, projectPath);
  const client = await pollingClient(clock, async (reason) => {
    const result = await store.refresh([{ repoKey: 'bench', projectPath, api, lanes }], { force: reason === 'user-action' });
    await notifier.check(result.snapshots);
    return result;
  }, TODAY_INTERVALS);
  client.deployment = (jobId) => notifier.byJob.get(jobId);
  return client;
};

/** A naive client: everything re-read every 30 s, no conditional requests, nothing reused. */
export const naiveClient: ClientFactory = async ({ clock, lanes, plainApi, projectPath }) => {
  const client: LaneClient = { snapshot: undefined, refreshes: 0, changedNodes: 0, step: () => Promise.resolve(), deployment: () => undefined };
  let last = -Infinity;
  const refresh = async (): Promise<void> => {
    const result = await new LaneStore().refresh([{ repoKey: 'bench', projectPath, api: plainApi, lanes }], { force: true });
    client.snapshot = result.snapshots[0];
    client.refreshes++;
    last = clock.now();
  };
  client.step = async () => {
    if (clock.now() - last >= NAIVE_INTERVAL_MS) await refresh();
  };
  await refresh();
  return client;
};

async function pollingClient(clock: FakeClock, refresh: (reason: RefreshReason) => Promise<StoreRefresh>, intervals?: typeof TODAY_INTERVALS): Promise<LaneClient> {
  const client: LaneClient = { snapshot: undefined, refreshes: 0, changedNodes: 0, step: () => Promise.resolve(), deployment: () => undefined };
  let tree: TreeNode[] = [];
  const poller = new Poller({
    clock, // the server's clock: server.advance() fires the poller's timers on the same timeline
    random: () => 0.5,
    ...(intervals ? { intervals } : {}),
    refresh: async (reason): Promise<PollOutcome> => {
      const result = await refresh(reason);
      client.snapshot = result.snapshots[0];
      if (client.snapshot) {
        const next = buildTree({ repos: [{ repoKey: 'bench', label: 'bench', state: { kind: 'ready', snapshot: client.snapshot } }], actions: treeActions() }, clock.now());
        const changes = diffTrees(tree, next);
        client.changedNodes += changes.root ? countNodes(next) : changes.changed.length;
        tree = next;
      }
      client.refreshes++;
      return { activity: result.activity, ...(result.error ? { error: result.error } : {}) };
    },
  });
  poller.start();
  await poller.whenIdle();
  client.step = () => poller.whenIdle();
  return client;
}

/** The deployments reads the release notifier made on each refresh before issue 12 (30 s cache per project, keyed by one lane's manual jobs). */
class TodayNotifierReads {
  private cached: { at: number; jobs: string } | undefined;
  byJob = new Map<number, JobDeployment>();

  constructor(private readonly clock: FakeClock, private readonly api: GitLabApi, private readonly projectPath: string) {}

  async check(snapshots: readonly RepoSnapshot[]): Promise<void> {
    for (const lane of snapshots.flatMap((s) => s.lanes)) {
      const view = lane.pipeline;
      if (!view || !needsDeploymentInfo(view) || statusInfo(view.pipeline.status).final) continue;
      const jobs = view.stages.flatMap((s) => s.jobs.filter((j) => j.job.status === 'manual').map((j) => `${j.job.id}`)).join(',');
      if (this.cached && this.cached.jobs === jobs && this.clock.now() - this.cached.at < 30_000) continue;
      this.byJob = await jobDeployments(this.api, this.projectPath);
      this.cached = { at: this.clock.now(), jobs };
    }
  }
}

interface PhaseLoad {
  readonly requestsPerMinute: number;
  readonly kbPerMinute: number;
}

interface Measured {
  gate: PhaseLoad;
  idle: PhaseLoad;
  running: PhaseLoad;
  /** Job status change to tree, while a pipeline runs. */
  delays: number[];
  /** From a pipeline started elsewhere to the tree showing it. */
  pipelineShownAfter: number;
  /** From an approval given elsewhere to the lanes knowing (undefined: the client never reads approvals). */
  approvalShownAfter: number | undefined;
  /** From an MR opened elsewhere (with its MR pipeline) to the MR lane showing it. */
  mergeRequestShownAfter: number;
  changedNodesPerRefresh: number;
}

/** Issue 12's benchmark: the release flow's four states, our poller vs today's vs a naive 30 s refresh. */
export async function runLanesBench(): Promise<BenchSection> {
  const ours = await measure(oursClient, true);
  const restOnly = await measure(oursClient, true, { graphql: false });
  const today = await measure(todayClient, true);
  const naive = await measure(naiveClient, false);
  const withEnvironments = await measure(withEnvironmentsClient, true);
  const all = [ours, restOnly, today, naive];
  const s = (ms: number | undefined): string => (ms === undefined ? 'not read' : Number.isFinite(ms) ? fmt(ms / 1000) : 'never');
  const maxDelay = (m: Measured): number => Math.max(...m.delays);
  const gateMet = ours.gate.requestsPerMinute <= 3;
  // Without GraphQL the REST path must still meet every target but the approval's.
  const fallbackMet = restOnly.gate.requestsPerMinute <= 3 && restOnly.idle.requestsPerMinute <= 2 && (restOnly.approvalShownAfter ?? Infinity) <= 60_000;
  const idleMet = ours.idle.requestsPerMinute <= 2;
  const delayMet = maxDelay(ours) <= 5000;
  const pipelineMet = ours.pipelineShownAfter <= 30_000;
  const approvalMet = (ours.approvalShownAfter ?? Infinity) <= 30_000;
  const mrMet = ours.mergeRequestShownAfter <= 30_000;
  const yes = (met: boolean): string => (met ? 'yes' : 'NO');
  const rows = [
    ['**requests per minute, gates waiting** (MR finished, dev at its canary gate, master waiting for production approval)', ...all.map((m) => fmt(m.gate.requestsPerMinute)), '<= 3 (2 with GraphQL)', yes(gateMet)],
    ['KB per minute, gates waiting', ...all.map((m) => fmt(m.gate.kbPerMinute)), '', ''],
    ['requests per minute, everything finished', ...all.map((m) => fmt(m.idle.requestsPerMinute)), '<= 2', yes(idleMet)],
    ['KB per minute, everything finished', ...all.map((m) => fmt(m.idle.kbPerMinute)), '', ''],
    ['requests per minute, while a dev pipeline runs', ...all.map((m) => fmt(m.running.requestsPerMinute)), '(reported)', ''],
    ['job status change to the tree while running, p50 (s)', ...all.map((m) => fmt(median(m.delays) / 1000)), '', ''],
    ['job status change to the tree while running, max (s)', ...all.map((m) => fmt(maxDelay(m) / 1000)), '<= 5 s', yes(delayMet)],
    ['a pipeline started elsewhere shows after (s)', ...all.map((m) => s(m.pipelineShownAfter)), '<= 30 s', yes(pipelineMet)],
    ['an approval given elsewhere shows after (s)', ...all.map((m) => s(m.approvalShownAfter)), '<= 30 s', yes(approvalMet)],
    ['a new MR for the branch shows after (s)', ...all.map((m) => s(m.mergeRequestShownAfter)), '<= 30 s', yes(mrMet)],
    ['tree nodes re-rendered per refresh (mean)', fmt(ours.changedNodesPerRefresh), '', '', '', 'only changed nodes', ''],
    ['requests per minute with the Environments view open, gates waiting (issue 13)', fmt(withEnvironments.gate.requestsPerMinute), '', '', '', '<= 3', yes(withEnvironments.gate.requestsPerMinute <= 3)],
    ['requests per minute with the Environments view open, everything finished', fmt(withEnvironments.idle.requestsPerMinute), '', '', '', '<= 2', yes(withEnvironments.idle.requestsPerMinute <= 2)],
    ['requests per minute with the Environments view open, while a dev pipeline runs', fmt(withEnvironments.running.requestsPerMinute), '', '', '', '(reported)', ''],
  ];
  const ok = gateMet && idleMet && delayMet && pipelineMet && approvalMet && mrMet && fallbackMet && withEnvironments.gate.requestsPerMinute <= 3 && withEnvironments.idle.requestsPerMinute <= 2;
  const markdown = [
    table(['metric', 'Release Pilot', 'without GraphQL (REST fallback)', 'before issue 12', 'naive 30 s full refresh', 'target', 'met'], rows),
    '',
    `One editor, three lanes (merge request, dev, master) of the demo project on the local GitLab-compatible server, over real HTTP, on virtual time, in the release flow's order: ${GATE_MINUTES} minutes with gates waiting; an approval given elsewhere; a dev pipeline started elsewhere runs for ${RUN_MINUTES} minutes (${ours.delays.length} job status changes timed, p90 ${fmt(percentile(ours.delays, 90) / 1000)} s) back to its canary gate; the MR is closed and a new one opened for the branch elsewhere; the gates are released and everything rests for ${IDLE_MINUTES} minutes. "Before issue 12" is the previous poller (every lane re-read each poll, 15 s at a gate) with the notifier's deployments and environments reads; the naive client re-reads every lane in full every 30 s without conditional requests. "Without GraphQL" is Release Pilot against the same server with its \`/api/graphql\` switched off (a proxy that passes only \`/api/v4\`, or an instance without the Premium approval fields): the REST path it falls back to.`,
    '',
    'Each resting poll is one request: the project\'s pipelines with `updated_after` the newest one seen, ordered by `updated_at` (a 304 while nothing moved). A lane is read only when that list shows one of its pipelines (or an MR pipeline on the checked-out commit) moved, or while it runs. An approval given elsewhere moves nothing a list shows: with approval rules (GitLab\'s current mechanism and the demo\'s), `Deployments::ApprovalService#process_build!` (`ee/app/services/deployments/approval_service.rb`) only writes a `deployment_approvals` row, whose model (`ee/app/models/deployments/approval.rb`) does not touch its deployment, so no `updated_after` list (pipelines, jobs, deployments) shows it. REST carries approvals only in `GET /projects/:id/deployments/:id` (`Entities::DeploymentExtended`, `ee/lib/ee/api/entities/deployment_extended.rb`); GraphQL carries them on `Project.deployment(iid:)` (`pendingApprovalCount`, `approvals`: `ee/app/graphql/ee/types/deployment_type.rb`, each resolvable for one deployment per request). So while a deployment waits for approval, the poll due every 30 s is one GraphQL query carrying both questions: `project(fullPath:) { pipelines(updatedAfter:, first: 100) { nodes { id iid sha ref status source createdAt updatedAt path } } deployment(iid:) { status pendingApprovalCount approvals {...} } }` (`Project.pipelines` filters through the same `Ci::PipelinesFinder` as the REST list, so the feed\'s cursor and "what moved?" stay one): 2 requests a minute and the approval within 30 s. While something else runs (3 s polls) the query replaces every tenth feed read; a run that ends between two of them reads the waiting deployment once more (REST) as it comes to rest, so the next read a rest period later does not leave the approval a minute old. It is sent as `GET /api/graphql?query=...&variables=...` (GitLab routes GET and POST to `GraphqlController` and refuses only mutations over GET), so it stays a conditional request: the same question while nothing moved is a 304 (GitLab\'s `Rack::ETag`), like the REST feed; `Retry-After` and the `RateLimit-*` slow-down apply to it as to every request. Where GraphQL is missing or refused (404, 401/403, an `errors` answer such as a field Free or an older GitLab lacks, a web page, a network failure) that poll reads the REST feed at once and the instance stays on REST for 15 minutes (outage) to 6 hours (no GraphQL) before GraphQL is tried again; that is the "without GraphQL" column: the waiting deployment read on its own once a minute, 3 requests a minute, the approval within a minute. Two deployments waiting for approval at once (two production regions) keep that REST path too. Without approval rules (the older `required_approval_count`), the last approval `enqueue!`s the job and the feed shows it within 30 s either way.',
    '',
    'With the Environments view open (issue 13) the lanes poll exactly as before; the view reads the environments (2 requests, plus one per deployment waiting for approval) only when a lanes refresh shows a lane pipeline or one of its deploying jobs changed status, so a resting or gated minute costs nothing more, and a running pipeline a few reads as its deployments move. A closed or hidden view reads nothing.',
  ].join('\n');
  return { title: 'Live lanes (issues 4 and 12)', markdown, ok };
}

async function measure(factory: ClientFactory, readsApprovals: boolean, options: { readonly graphql?: boolean } = {}): Promise<Measured> {
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  const demo = buildDemoScenario(state);
  const server = await startGitLabServer({ clock, state, graphql: options.graphql ?? true });
  try {
    // The state the flow spends most of its life in: the MR pipeline passed, dev waits at its
    // manual canary gate, master waits for a release manager to approve production.
    const master = demo.start('master');
    demo.start('dev');
    demo.start('mr');
    server.advance(20 * 60_000);
    const sha = demo.project.branches.get(DEMO_FEATURE_BRANCH);
    const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: DEMO_FEATURE_BRANCH, ...(sha ? { currentCommit: sha } : {}) });
    let requests = 0;
    let bytes = 0;
    const onRequest = (event: RequestEvent): void => {
      requests++;
      bytes += event.bytes;
    };
    const instance = instanceFromUrl(server.url);
    const api = createGitbeakerApi({ instance, token: DEMO_TOKENS.developer, onRequest, now: () => clock.now() });
    const plainApi = createGitbeakerApi({ instance, token: DEMO_TOKENS.developer, onRequest, etagCacheSize: 0, now: () => clock.now() });
    const client = await factory({ server, clock, lanes, api, plainApi, projectPath: DEMO_PROJECT_PATH });
    // Each virtual second: the server moves, `before` notes what changed, the editor polls if due,
    // `after` notes what it now shows (so a change shown by this second's poll counts this second).
    const second = async (before?: () => void, after?: () => void): Promise<void> => {
      server.advance(1000);
      before?.();
      await client.step();
      after?.();
    };
    const phase = async (minutes: number, before?: () => void, after?: () => void): Promise<PhaseLoad> => {
      requests = 0;
      bytes = 0;
      for (let s = 0; s < minutes * 60; s++) await second(before, after);
      return { requestsPerMinute: requests / minutes, kbPerMinute: bytes / 1024 / minutes };
    };
    const until = async (shown: () => boolean): Promise<number> => {
      const from = clock.now();
      for (;;) {
        if (shown()) return clock.now() - from;
        if (clock.now() - from > SHOW_DEADLINE_MS) return Infinity;
        await second();
      }
    };
    const lane = (id: string) => client.snapshot?.lanes.find((l) => l.lane.id === id);

    // Phase 1: gates waiting.
    await phase(1);
    const gate = await phase(GATE_MINUTES);

    // An approval given elsewhere.
    const prodJob = state.findJob(master, 'deploy-prod')!;
    const prodDeployment = state.deploymentOfJob(prodJob)!;
    approveDeployment(state, demo.users.reviewer, prodDeployment, 'approved', null);
    const approvalShownAfter = readsApprovals
      ? await until(() => {
        const known = client.deployment(prodJob.id);
        return known !== undefined && (known.status !== 'blocked' || known.pendingApprovals === 0);
      })
      : undefined;

    // A pipeline started elsewhere, then followed while it runs.
    const pipeline = demo.start('dev', { commit: 'Batch stock checks', by: demo.users.reviewer });
    const startedAt = clock.now();
    let pipelineShownAfter: number | undefined;
    const truth = new Map<number, string>();
    const pending: { job: number; at: number; before: string | undefined }[] = [];
    const delays: number[] = [];
    const shownJobs = (): Map<number, string> => {
      const shown = new Map<number, string>();
      for (const stage of lane('dev')?.pipeline?.stages ?? []) for (const j of stage.jobs) shown.set(j.job.id, j.job.status);
      return shown;
    };
    const running = await phase(RUN_MINUTES, () => {
      for (const job of state.jobsOf(pipeline)) {
        if (truth.get(job.id) === job.status) continue;
        // Timed once the editor shows the running pipeline: from then on every change must show quickly.
        if (pipelineShownAfter !== undefined) pending.push({ job: job.id, at: clock.now(), before: truth.get(job.id) });
        truth.set(job.id, job.status);
      }
    }, () => {
      const shown = shownJobs();
      if (pipelineShownAfter === undefined && lane('dev')?.pipeline?.pipeline.id === pipeline.id) pipelineShownAfter = clock.now() - startedAt;
      for (let i = pending.length - 1; i >= 0; i--) {
        const c = pending[i]!;
        const now = shown.get(c.job);
        if (now !== undefined && now !== c.before) {
          delays.push(clock.now() - c.at);
          pending.splice(i, 1);
        }
      }
    });
    if (pipeline.status !== 'manual') throw new Error(`the dev pipeline should wait at its canary gate, it is ${pipeline.status}`);

    // The MR is closed and a new one opened for the same branch elsewhere (with its MR pipeline).
    demo.mergeRequest.state = 'closed';
    const reopened = state.addMergeRequest(demo.project, { sourceBranch: DEMO_FEATURE_BRANCH, targetBranch: 'dev', title: 'Speed up checkout, second try', author: demo.users.reviewer });
    createPipeline(state, demo.project, { ref: `refs/merge-requests/${reopened.iid}/head`, user: demo.users.reviewer, source: 'merge_request_event', mergeRequestIid: reopened.iid });
    server.tick();
    const mergeRequestShownAfter = await until(() => lane('mr')?.mergeRequest?.iid === reopened.iid);

    // Release the gates; everything finishes and rests.
    setJobStatus(state, prodJob, 'success');
    setJobStatus(state, state.findJob(pipeline, 'deploy-canary')!, 'success');
    await phase(5);
    const idle = await phase(IDLE_MINUTES);
    return {
      gate,
      idle,
      running,
      delays,
      pipelineShownAfter: pipelineShownAfter ?? Infinity,
      approvalShownAfter,
      mergeRequestShownAfter,
      changedNodesPerRefresh: client.changedNodes / Math.max(1, client.refreshes),
    };
  } finally {
    await server.close();
  }
}

function countNodes(nodes: readonly TreeNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countNodes(node.children), 0);
}
