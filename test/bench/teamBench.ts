/**
 * Issue 12's team simulation: up to 500 editors (`--team=500`; 50 by default) (the real poller, lane watcher and lane store; no VS
 * Code) against one local GitLab-compatible server, through 30 virtual minutes of the release
 * flow in 50 projects of 10 developers: MRs opened and pushed to, dev and master pipelines
 * running, gates waiting, approvals given, gates played. Reports what the server sees and how
 * long each editor took to show each change, against a naive 30 s full refresh.
 */
import { createGitbeakerApi } from '../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../src/core/gitlab/instance';
import type { RequestEvent } from '../../src/core/gitlab/transport';
import { buildLanes } from '../../src/core/lanes/lanes';
import { ACCESS, approveDeployment, createPipeline, FakeGitLabState, FakeClock, playJob, startGitLabServer } from '../gitlab-server';
import type { MergeRequest, Pipeline, Project, User } from '../gitlab-server';
import { DEMO_CI_CONFIG, demoSpecFor } from '../gitlab-server/demoSpecs';
import type { BenchSection } from './ciBench';
import type { ClientFactory, LaneClient } from './lanesBench';
import { naiveClient, oursClient } from './lanesBench';
import { fmt, median, percentile, table } from './stats';

const TEAM = 10;
/**
 * Editors simulated: 50 by default, so `npm run bench` stays minutes long on a shared machine;
 * `npm run bench -- --team=500` runs issue 12's full team (the figures in docs/benchmarks.md say which).
 */
const EDITORS = Number(process.argv.find((a) => a.startsWith('--team='))?.slice('--team='.length) ?? 50);
const PROJECTS = Number(process.env.TEAM_BENCH_PROJECTS ?? Math.max(1, Math.round(EDITORS / TEAM)));
const MINUTES = Number(process.env.TEAM_BENCH_MINUTES ?? 30);
/** The naive client's load does not depend on what happens; a slice of the flow is enough to measure it. */
const NAIVE_MINUTES = Math.min(MINUTES, 3);

interface Team {
  readonly project: Project;
  readonly developers: readonly User[];
  readonly lead: User;
  readonly branches: readonly string[];
  readonly mergeRequests: (MergeRequest | undefined)[];
  master: Pipeline;
  dev: Pipeline;
}

interface Editor {
  readonly team: Team;
  readonly index: number;
  readonly client: LaneClient;
}

type ChangeKind = 'pipeline started elsewhere' | 'approval given elsewhere' | 'MR opened for the branch' | 'pipeline status change';

interface Expectation {
  readonly editor: Editor;
  readonly kind: ChangeKind;
  readonly since: number;
  readonly shown: () => boolean;
  /** The change was overtaken by a later one before it showed: not timed. */
  readonly superseded?: () => boolean;
}

interface TeamRun {
  readonly requestsPerSecond: number;
  readonly kbPerSecond: number;
  readonly notModifiedShare: number;
  readonly graphqlShare: number;
  readonly delays: ReadonlyMap<ChangeKind, number[]>;
  readonly missed: number;
  readonly minutes: number;
}

/** A small deterministic random source, so every run replays the same flow. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

export async function runTeamBench(): Promise<BenchSection> {
  const ours = await simulate(oursClient, MINUTES);
  const restOnly = await simulate(oursClient, MINUTES, { graphql: false });
  const naive = await simulate(naiveClient, NAIVE_MINUTES);
  const editors = PROJECTS * TEAM;
  const kinds: ChangeKind[] = ['pipeline started elsewhere', 'approval given elsewhere', 'MR opened for the branch', 'pipeline status change'];
  const delayRow = (kind: ChangeKind, pick: (d: number[]) => number, label: string): string[] => [
    `${kind}: delay to the editor, ${label} (s)`,
    fmtDelay(ours.delays.get(kind), pick),
    fmtDelay(restOnly.delays.get(kind), pick),
    fmtDelay(naive.delays.get(kind), pick),
  ];
  const runs = [ours, restOnly, naive];
  const rows = [
    ['requests per second at the server', ...runs.map((r) => fmt(r.requestsPerSecond))],
    ['requests per minute per editor', ...runs.map((r) => fmt((r.requestsPerSecond * 60) / editors))],
    ['KB per second from the server', ...runs.map((r) => fmt(r.kbPerSecond))],
    ['share of requests answered 304', ...runs.map((r) => `${fmt(r.notModifiedShare * 100)} %`)],
    ['share of requests to /api/graphql', ...runs.map((r) => `${fmt(r.graphqlShare * 100)} %`)],
    ...kinds.flatMap((kind) => [delayRow(kind, median, 'p50'), delayRow(kind, (d) => percentile(d, 95), 'p95'), delayRow(kind, (d) => Math.max(...d), 'max')]),
    ['changes never shown within 5 minutes', ...runs.map((r) => String(r.missed))],
  ];
  const approvalMax = Math.max(...(ours.delays.get('approval given elsewhere') ?? [Infinity]));
  const ok = ours.requestsPerSecond < naive.requestsPerSecond && ours.missed === 0 && restOnly.missed === 0 && approvalMax <= 30_000;
  const markdown = [
    table(['metric', 'Release Pilot', 'without GraphQL (REST fallback)', 'naive 30 s full refresh'], rows),
    '',
    `${PROJECTS * TEAM} editors (${PROJECTS} projects of ${TEAM} developers; \`npm run bench -- --team=500\` for issue 12's 500; each editor follows its own MR branch, dev and master) against one local GitLab-compatible server, over real HTTP, on virtual time, each with its own token and ETag cache, their first polls spread over 30 s. ${MINUTES} virtual minutes of the release flow per project: every project starts with dev at its canary gate and master waiting for production approval; developers open MRs and push to them (an MR pipeline each), the lead approves production and plays it, someone plays the canary, a merge starts a new dev pipeline that runs to its canary gate. A delay runs from the change on the server to the editor's lanes showing it ("pipeline status change" is each dev and master pipeline status transition, as seen by every editor of the project). The naive client's load does not depend on the flow, so it runs the first ${NAIVE_MINUTES} minutes only. "Without GraphQL" is the same run with the server's \`/api/graphql\` switched off: the REST path Release Pilot falls back to. Pass: less load than the naive client, every change shown within 5 minutes (both paths), and every approval given elsewhere shown within 30 s.`,
  ].join('\n');
  return { title: `Team of ${PROJECTS * TEAM} (issue 12)`, markdown, ok };
}

function fmtDelay(delays: number[] | undefined, pick: (d: number[]) => number): string {
  return delays && delays.length > 0 ? fmt(pick(delays) / 1000) : '';
}

async function simulate(factory: ClientFactory, minutes: number, options: { readonly graphql?: boolean } = {}): Promise<TeamRun> {
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  const random = seeded(12);
  const teams = Array.from({ length: PROJECTS }, (_, p) => buildTeam(state, p));
  const server = await startGitLabServer({ clock, state, tickOnRequest: false, requestLogLimit: 1, rateLimitPerMinute: 100_000, graphql: options.graphql ?? true });
  try {
    for (const team of teams) {
      team.master = start(state, team, 'master', team.developers[1]!);
      team.dev = start(state, team, 'dev', team.developers[0]!);
      // Half the developers already have an MR whose pipeline ran.
      for (let i = 0; i < TEAM; i += 2) openMergeRequest(state, team, i, true);
    }
    const t0 = Date.now();
    server.advance(20 * 60_000);
    if (process.env.TEAM_BENCH_TRACE) console.log(`setup advance ${Date.now() - t0} ms`);

    let requests = 0;
    let bytes = 0;
    let notModified = 0;
    let graphql = 0;
    const byPath = new Map<string, number>();
    const onRequest = (event: RequestEvent): void => {
      if (process.env.TEAM_BENCH_TRACE) {
        const key = event.path.replace(/\?.*/, '').replace(/\d+/g, 'N') + (event.path.includes('updated_after') ? ' (feed)' : '');
        byPath.set(key, (byPath.get(key) ?? 0) + 1);
      }
      requests++;
      bytes += event.bytes;
      if (event.notModified) notModified++;
      if (event.path.startsWith('/api/graphql')) graphql++;
    };
    const instance = instanceFromUrl(server.url);
    const editors: Editor[] = [];
    const startAt = new Map<number, { team: Team; index: number }[]>();
    for (const team of teams) {
      for (let index = 0; index < TEAM; index++) {
        const second = Math.floor(random() * 30);
        startAt.set(second, [...(startAt.get(second) ?? []), { team, index }]);
      }
    }
    const expectations: Expectation[] = [];
    const delays = new Map<ChangeKind, number[]>();
    let missed = 0;
    const expect = (kind: ChangeKind, team: Team, who: (e: Editor) => boolean, shown: (e: Editor) => boolean, superseded?: () => boolean): void => {
      for (const editor of editors) {
        if (editor.team === team && who(editor)) expectations.push({ editor, kind, since: clock.now(), shown: () => shown(editor), ...(superseded ? { superseded } : {}) });
      }
    };
    const laneOf = (e: Editor, id: string) => e.client.snapshot?.lanes.find((l) => l.lane.id === id);

    // The flow's events, per project, at seeded times (seconds from the editors' start).
    const events: { at: number; run: () => void }[] = [];
    for (const team of teams) {
      const approveAt = 60 + Math.floor(random() * 600);
      events.push({ at: approveAt, run: () => {
        const job = state.findJob(team.master, 'deploy-prod');
        const deployment = job ? state.deploymentOfJob(job) : undefined;
        if (!job || !deployment || deployment.status !== 'blocked') return;
        approveDeployment(state, team.lead, deployment, 'approved', null);
        expect('approval given elsewhere', team, () => true, (e) => {
          const known = e.client.deployment(job.id);
          return known !== undefined && (known.status !== 'blocked' || known.pendingApprovals === 0);
        });
      } });
      events.push({ at: approveAt + 120, run: () => {
        const job = state.findJob(team.master, 'deploy-prod');
        if (job?.status === 'manual') playJob(state, team.lead, job);
      } });
      events.push({ at: 120 + Math.floor(random() * 900), run: () => {
        const job = state.findJob(team.dev, 'deploy-canary');
        if (job?.status === 'manual') playJob(state, team.lead, job);
      } });
      const mergeAt = 600 + Math.floor(random() * 600);
      events.push({ at: mergeAt, run: () => {
        const pipeline = start(state, team, 'dev', team.developers[0]!, 'Merge a feature');
        team.dev = pipeline;
        expect('pipeline started elsewhere', team, () => true, (e) => laneOf(e, 'dev')?.pipeline?.pipeline.id === pipeline.id);
      } });
      for (let i = 0; i < TEAM; i++) {
        const at = 30 + Math.floor(random() * (minutes * 60 - 120));
        events.push({ at, run: () => {
          if (!team.mergeRequests[i]) {
            const mr = openMergeRequest(state, team, i);
            expect('MR opened for the branch', team, (e) => e.index === i, (e) => laneOf(e, 'mr')?.mergeRequest?.iid === mr.iid);
          } else {
            state.addCommit(team.project, { branch: team.branches[i]!, title: 'Address review', author: team.developers[i]! });
            const mr = team.mergeRequests[i]!;
            const pipeline = createPipeline(state, team.project, { ref: `refs/merge-requests/${mr.iid}/head`, user: team.developers[i]!, source: 'merge_request_event', mergeRequestIid: mr.iid });
            expect('pipeline started elsewhere', team, (e) => e.index === i, (e) => laneOf(e, 'mr')?.pipeline?.pipeline.id === pipeline.id);
          }
        } });
      }
    }
    events.sort((a, b) => a.at - b.at);

    // Pipeline status transitions of dev and master, as every editor of the project should see them.
    const lastStatus = new Map<number, string>();
    const watchStatuses = (): void => {
      for (const team of teams) {
        for (const [laneId, pipeline] of [['dev', team.dev], ['master', team.master]] as const) {
          if (lastStatus.get(pipeline.id) === pipeline.status) continue;
          const known = lastStatus.has(pipeline.id);
          lastStatus.set(pipeline.id, pipeline.status);
          if (!known) continue;
          const status = pipeline.status;
          expect('pipeline status change', team, () => true, (e) => {
            const view = laneOf(e, laneId)?.pipeline;
            return view?.pipeline.id === pipeline.id && view.pipeline.status === status;
          }, () => pipeline.status !== status || (laneId === 'dev' ? team.dev : team.master) !== pipeline);
        }
      }
    };

    requests = 0;
    bytes = 0;
    notModified = 0;
    graphql = 0;
    const begin = clock.now();
    for (let second = 0; second < minutes * 60; second++) {
      server.advance(1000);
      for (const { team, index } of startAt.get(second) ?? []) {
        const api = createGitbeakerApi({ instance, token: tokenOf(team, index), onRequest, now: () => clock.now() });
        const plainApi = createGitbeakerApi({ instance, token: tokenOf(team, index), onRequest, etagCacheSize: 0, now: () => clock.now() });
        const sha = team.project.branches.get(team.branches[index]!);
        const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: team.branches[index]!, ...(sha ? { currentCommit: sha } : {}) });
        const client = await factory({ server, clock, lanes, api, plainApi, projectPath: projectPath(team.project) });
        editors.push({ team, index, client });
      }
      while (events.length > 0 && events[0]!.at <= second) events.shift()!.run();
      server.tick();
      watchStatuses();
      await Promise.all(editors.map((e) => e.client.step()));
      if (process.env.TEAM_BENCH_TRACE && second % 60 === 0) console.log(`minute ${second / 60}: ${requests} requests, ${Date.now() - t0} ms`);
      for (let i = expectations.length - 1; i >= 0; i--) {
        const x = expectations[i]!;
        if (x.shown()) {
          delays.set(x.kind, [...(delays.get(x.kind) ?? []), clock.now() - x.since]);
          expectations.splice(i, 1);
        } else if (x.superseded?.()) {
          expectations.splice(i, 1);
        } else if (clock.now() - x.since > 5 * 60_000) {
          missed++;
          if (process.env.TEAM_BENCH_TRACE) console.log(`missed: ${x.kind}, editor ${x.editor.team.project.id}/${x.editor.index}`, JSON.stringify(x.editor.client.snapshot?.lanes.map((l) => [l.lane.id, l.mergeRequest?.iid, l.pipeline?.pipeline.id, l.pipeline?.status, l.error?.message])));
          expectations.splice(i, 1);
        }
      }
    }
    const seconds = (clock.now() - begin) / 1000;
    if (process.env.TEAM_BENCH_TRACE) console.log(`simulated ${seconds} s, ${requests} requests`, [...byPath].sort((a, b) => b[1] - a[1]).slice(0, 12));
    return { requestsPerSecond: requests / seconds, kbPerSecond: bytes / 1024 / seconds, notModifiedShare: notModified / Math.max(1, requests), graphqlShare: graphql / Math.max(1, requests), delays, missed, minutes };
  } finally {
    await server.close();
  }
}

function projectPath(project: Project): string {
  return `${project.namespace}/${project.path}`;
}

function tokenOf(team: Team, index: number): string {
  return `glpat-team-${team.project.id}-${index}`;
}

function buildTeam(state: FakeGitLabState, p: number): Team {
  const developers = Array.from({ length: TEAM }, (_, i) => state.addUser({ username: `dev-${p}-${i}` }));
  const lead = state.addUser({ username: `lead-${p}` });
  const mergeRequests: (MergeRequest | undefined)[] = Array.from({ length: TEAM }, () => undefined);
  const holder: { project?: Project } = {};
  const project = state.addProject({
    path: `team-${p}/service`,
    defaultBranch: 'master',
    members: [...developers.map((user) => ({ user, access: ACCESS.developer })), { user: lead, access: ACCESS.maintainer }],
    ciConfig: DEMO_CI_CONFIG,
    resolveSpec: (ref, source) => demoSpecFor(ref, source, (r) => {
      const iid = /^refs\/merge-requests\/(\d+)\/head$/.exec(r)?.[1];
      return iid && holder.project ? state.findMergeRequest(holder.project, Number(iid))?.sourceBranch : undefined;
    }),
  });
  holder.project = project;
  state.addBranch(project, 'dev', 'master');
  const branches = developers.map((_, i) => {
    const name = `feature/${p}-${i}`;
    state.addBranch(project, name, 'dev');
    return name;
  });
  developers.forEach((user, i) => state.addToken({ user, value: `glpat-team-${project.id}-${i}`, scopes: ['api'] }));
  state.protectEnvironment(project, { name: 'production', deployAccess: [{ accessLevel: ACCESS.maintainer }], approvalRules: [{ accessLevel: ACCESS.maintainer, requiredApprovals: 1 }] });
  const placeholder = undefined as unknown as Pipeline;
  return { project, developers, lead, branches, mergeRequests, master: placeholder, dev: placeholder };
}

function start(state: FakeGitLabState, team: Team, ref: 'dev' | 'master', by: User, commit?: string): Pipeline {
  if (commit) state.addCommit(team.project, { branch: ref, title: commit, author: by });
  return createPipeline(state, team.project, { ref, user: by, source: 'push' });
}

/** Opens an MR for developer i's branch at the commit their editor has checked out (a push, when `push`). */
function openMergeRequest(state: FakeGitLabState, team: Team, i: number, push = false): MergeRequest {
  const branch = team.branches[i]!;
  if (push) state.addCommit(team.project, { branch, title: `Feature ${i}`, author: team.developers[i]! });
  const mr = state.addMergeRequest(team.project, { sourceBranch: branch, targetBranch: 'dev', title: `Feature ${i}`, author: team.developers[i]! });
  team.mergeRequests[i] = mr;
  createPipeline(state, team.project, { ref: `refs/merge-requests/${mr.iid}/head`, user: team.developers[i]!, source: 'merge_request_event', mergeRequestIid: mr.iid });
  return mr;
}
