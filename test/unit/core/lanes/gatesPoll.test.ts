import * as assert from 'node:assert/strict';
import { startGatesWaiting } from './support/gatesWaiting';
import type { GitLabApi, PipelineFilter, ReadResult } from '../../../../src/core/gitlab/client';
import { NetworkError, NotFoundError, RateLimitedError, UnauthorizedError } from '../../../../src/core/gitlab/errors';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import type { GraphqlAnswer, PipelineBasic } from '../../../../src/core/gitlab/models';
import type { RequestEvent } from '../../../../src/core/gitlab/transport';
import type { WaitingDeployment } from '../../../../src/core/lanes/gateDeployments';
import type { GatesPlanInput } from '../../../../src/core/lanes/gatesPoll';
import { GatesPoll, planGatesPoll } from '../../../../src/core/lanes/gatesPoll';
import { GATES_QUERY, gatesQueryVariables, gidNumber, readGatesAnswer } from '../../../../src/core/lanes/gatesQuery';
import type { LaneWatcher, WatchTarget } from '../../../../src/core/lanes/laneWatcher';
import type { RepoSnapshot } from '../../../../src/core/lanes/snapshot';
import type { DemoScenario, GitLabServer } from '../../../gitlab-server';
import { approveDeployment, createPipeline, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKENS, setJobStatus } from '../../../gitlab-server';

const WAITING: WaitingDeployment = { deploymentId: 7, deploymentIid: 3, readAt: 0 };
const DUE: GatesPlanInput = { hasGraphql: true, restUntil: 0, now: 30_000, fullRead: false, feedPlaced: true, waiting: [WAITING], everyMs: 30_000 };

describe('planGatesPoll: when a poll is the GraphQL one', () => {
  const cases: readonly [string, Partial<GatesPlanInput>, string][] = [
    ['an approval read is due', {}, 'ask'],
    ['the client has no GraphQL', { hasGraphql: false }, 'no-graphql'],
    ['the instance failed GraphQL lately', { restUntil: 60_000 }, 'resting-on-rest'],
    ['the instance failed GraphQL long ago', { restUntil: 29_000 }, 'ask'],
    ['every lane is read in full anyway', { fullRead: true }, 'full-read'],
    ['the feed has no cursor yet', { feedPlaced: false }, 'feed-not-placed'],
    ['nothing waits for approval', { waiting: [] }, 'nothing-waits'],
    ['the waiting deployment has no iid', { waiting: [{ deploymentId: 7, readAt: 0 }] }, 'nothing-waits'],
    ['two deployments wait (GitLab resolves approvals for one per request)', { waiting: [WAITING, { deploymentId: 8, deploymentIid: 4, readAt: 0 }] }, 'several-wait'],
    ['the approvals were read 10 s ago (a 3 s poll while something runs)', { waiting: [{ ...WAITING, readAt: 20_000 }] }, 'not-due'],
    ['the approvals were read 29.5 s ago (a timer a little early)', { waiting: [{ ...WAITING, readAt: 500 }] }, 'ask'],
  ];
  for (const [when, change, expected] of cases) {
    it(`${expected} when ${when}`, () => {
      const plan = planGatesPoll({ ...DUE, ...change });
      assert.equal(plan.ask ? 'ask' : plan.why, expected);
    });
  }
});

describe('the gates query and its answer', () => {
  it('asks with GitLab\'s variable types: the iid as an ID string', () => {
    assert.deepEqual(gatesQueryVariables({ projectPath: 'g/p', updatedAfter: '2026-12-06T10:00:00.000Z', first: 100, deploymentIid: 3 }), { fullPath: 'g/p', updatedAfter: '2026-12-06T10:00:00.000Z', first: 100, deploymentIid: '3' });
    assert.match(GATES_QUERY, /\$fullPath: ID!, \$updatedAfter: Time!, \$first: Int!, \$deploymentIid: ID!/);
    assert.ok(GATES_QUERY.length < 10_000, 'under GraphqlController::MAX_QUERY_SIZE');
  });

  it('reads global IDs', () => {
    assert.equal(gidNumber('gid://gitlab/Ci::Pipeline/123'), 123);
    assert.equal(gidNumber('gid://gitlab/Project/5'), 5);
    assert.equal(gidNumber('123'), undefined);
    assert.equal(gidNumber(123), undefined);
  });

  const whole: GraphqlAnswer = {
    data: {
      project: {
        id: 'gid://gitlab/Project/5',
        pipelines: { nodes: [{ id: 'gid://gitlab/Ci::Pipeline/12', iid: '4', sha: 'abc', ref: 'refs/merge-requests/2/head', status: 'WAITING_FOR_RESOURCE', source: 'merge_request_event', createdAt: '2026-12-06T10:00:00Z', updatedAt: '2026-12-06T10:01:00Z', path: '/g/p/-/pipelines/12' }] },
        deployment: { iid: '3', status: 'BLOCKED', pendingApprovalCount: 0, approvals: [{ status: 'APPROVED', createdAt: '2026-12-06T10:02:00Z', comment: null, user: { id: 'gid://gitlab/User/9', username: 'riley', name: 'Riley' } }] },
      },
    },
  };

  it('turns a whole answer into the REST models the feed and gates read', () => {
    const read = readGatesAnswer(whole, 'https://git.example.com');
    assert.ok(read.ok);
    assert.deepEqual(read.pipelines, [{
      id: 12, iid: 4, project_id: 5, sha: 'abc', ref: 'refs/merge-requests/2/head', status: 'waiting_for_resource', source: 'merge_request_event',
      created_at: '2026-12-06T10:00:00Z', updated_at: '2026-12-06T10:01:00Z', web_url: 'https://git.example.com/g/p/-/pipelines/12',
    }]);
    assert.deepEqual(read.deployment, { status: 'blocked', pendingApprovals: 0, approvals: [{ user: { id: 9, username: 'riley', name: 'Riley' }, status: 'approved', created_at: '2026-12-06T10:02:00Z', comment: null }] });
  });

  const broken: readonly [string, GraphqlAnswer][] = [
    ['errors beside data', { ...whole, errors: [{ message: '"approvals" field can be requested only for 1 Deployment(s) at a time.' }] }],
    ['errors alone (a field this GitLab lacks)', { errors: [{ message: "Field 'pendingApprovalCount' doesn't exist on type 'Deployment'" }] }],
    ['no project', { data: { project: null } }],
    ['no data', {}],
    ['a pipeline without status', { data: { project: { id: 'gid://gitlab/Project/5', pipelines: { nodes: [{ id: 'gid://gitlab/Ci::Pipeline/12', sha: 'a', ref: 'm', createdAt: 'x', updatedAt: 'y' }] }, deployment: null } } }],
    ['a deployment with an unknown status', { data: { project: { id: 'gid://gitlab/Project/5', pipelines: { nodes: [] }, deployment: { status: 'WAITING' } } } }],
  ];
  for (const [what, answer] of broken) {
    it(`does not stand in for the REST reads with ${what}`, () => {
      assert.equal(readGatesAnswer(answer, '').ok, false);
    });
  }

  it('keeps the feed when the deployment is gone (its gate is read the REST way)', () => {
    const read = readGatesAnswer({ data: { project: { id: 'gid://gitlab/Project/5', pipelines: { nodes: [] }, deployment: null } } }, '');
    assert.deepEqual(read, { ok: true, pipelines: [] });
  });
});

/** A client whose GraphQL fails as told, counting what it is asked. */
function fakeApi(graphql: () => Promise<ReadResult<GraphqlAnswer>>): { api: Pick<GitLabApi, 'pipelines' | 'graphql' | 'instance'>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    api: {
      instance: instanceFromUrl('https://git.example.com'),
      pipelines: (_project, _filter?: PipelineFilter): Promise<ReadResult<PipelineBasic[]>> => {
        calls.push('rest');
        return Promise.resolve({ data: [], unchanged: false });
      },
      graphql: () => {
        calls.push('graphql');
        return graphql();
      },
    },
  };
}

describe('GatesPoll: falling back to REST', () => {
  const FILTER: PipelineFilter = { updatedAfter: '2026-12-06T10:00:00.000Z', perPage: 100, maxPages: 1 };
  const request = (api: Pick<GitLabApi, 'pipelines' | 'graphql' | 'instance'>, now: number) => ({ api, projectPath: 'g/p', fullRead: false, feedPlaced: true, waiting: [{ ...WAITING, readAt: now - 30_000 }], onApproval: () => undefined });

  const failures: readonly [string, () => Promise<never>, number][] = [
    ['a 404 (no GraphQL, or a proxy in front)', () => Promise.reject(new NotFoundError({ host: 'git.example.com' })), 6 * 60 * 60_000],
    ['a 401 for a token scope', () => Promise.reject(new UnauthorizedError({ host: 'git.example.com' })), 60 * 60_000],
    ['a network failure', () => Promise.reject(new NetworkError({ host: 'git.example.com', failure: 'reset' })), 15 * 60_000],
  ];
  for (const [what, fail, restMs] of failures) {
    it(`after ${what}, sends nothing more that poll (the feed learns nothing), reads REST from the next, and asks GraphQL again only after a long while`, async () => {
      let now = 100_000;
      const gates = new GatesPoll(() => now);
      const { api, calls } = fakeApi(fail);
      assert.deepEqual(await gates.feedApi(request(api, now)).pipelines('g/p', FILTER), { data: [], unchanged: true });
      assert.deepEqual(calls, ['graphql']);
      now += 30_000;
      await gates.feedApi(request(api, now)).pipelines('g/p', FILTER);
      assert.deepEqual(calls, ['graphql', 'rest']);
      for (let i = 0; i < 9; i++) {
        now += 30_000;
        await gates.feedApi(request(api, now)).pipelines('g/p', FILTER);
      }
      assert.equal(calls.filter((c) => c === 'graphql').length, 1, 'not probed again every poll');
      now = 100_000 + restMs;
      await gates.feedApi(request(api, now)).pipelines('g/p', FILTER);
      assert.equal(calls.at(-1), 'graphql', 'probed again after the interval');
    });
  }

  it('falls back when GraphQL answers with errors', async () => {
    const gates = new GatesPoll(() => 100_000);
    const { api, calls } = fakeApi(() => Promise.resolve({ data: { errors: [{ message: 'Field doesn\'t exist' }] }, unchanged: false }));
    assert.deepEqual(await gates.feedApi(request(api, 100_000)).pipelines('g/p', FILTER), { data: [], unchanged: true });
    assert.deepEqual(calls, ['graphql']);
    assert.equal(gates.plan(request(api, 100_000)).ask, false);
  });

  it('lets a 429 through to the poller (its Retry-After is honoured) and keeps GraphQL', async () => {
    const gates = new GatesPoll(() => 100_000);
    const { api, calls } = fakeApi(() => Promise.reject(new RateLimitedError({ host: 'git.example.com', retryAfterSeconds: 90 })));
    await assert.rejects(gates.feedApi(request(api, 100_000)).pipelines('g/p', FILTER), (e: unknown) => e instanceof RateLimitedError && e.retryAfterSeconds === 90);
    assert.deepEqual(calls, ['graphql']);
    assert.equal(gates.plan(request(api, 100_000)).ask, true);
  });
});

const POLL_MS = 30_000;

/** The gates-waiting state against the local server, with its GraphQL endpoint. */
describe('LaneWatcher with GraphQL against the local GitLab-compatible server (gates waiting)', () => {
  let server: GitLabServer;
  let demo: DemoScenario;
  let events: RequestEvent[];
  let watcher: LaneWatcher;
  let repo: WatchTarget;

  beforeEach(async () => {
    ({ server, demo, events, watcher, repo } = await startGatesWaiting({ onFeatureHead: true }));
  });
  afterEach(async () => {
    await server.close();
  });

  const lane = (snapshot: RepoSnapshot | undefined, id: string) => snapshot?.lanes.find((l) => l.lane.id === id);
  const production = (snapshot: RepoSnapshot | undefined) => Object.values(lane(snapshot, 'master')?.deployments ?? {}).find((d) => d.environment.name === 'production');
  /** One timed poll after `ms`; clears the request events first so the caller sees this poll's. */
  async function pollAtPace(ms: number): Promise<RepoSnapshot> {
    server.advance(ms);
    events.length = 0;
    const result = await watcher.refresh([repo], 'timer');
    assert.equal(result.error, undefined, String(result.error));
    return result.snapshots[0]!;
  }
  async function poll(): Promise<RepoSnapshot> {
    server.advance(POLL_MS);
    const result = await watcher.refresh([repo], 'timer');
    assert.equal(result.error, undefined, String(result.error));
    return result.snapshots[0]!;
  }

  it('costs 2 requests a minute, the same question answered 304 while nothing moves', async () => {
    await watcher.refresh([repo], 'start');
    await poll();
    events.length = 0;
    for (let i = 0; i < 10; i++) await poll();
    assert.deepEqual(events.map((e) => e.path.replace(/\?.*/, '')), Array<string>(10).fill('/api/graphql'));
    assert.ok(events.every((e) => e.notModified), JSON.stringify(events.map((e) => e.status)));
  });

  it('shows an approval given elsewhere on the next 30 s poll', async () => {
    const first = (await watcher.refresh([repo], 'start')).snapshots[0]!;
    const prod = production(first)!;
    assert.equal(prod.pendingApprovals, undefined, 'the list does not carry approvals');
    await poll();
    const riley = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.reviewer });
    await riley.approveDeployment(DEMO_PROJECT_PATH, prod.deploymentId);
    const after = await poll();
    assert.equal(production(after)?.pendingApprovals, 0);
    assert.deepEqual(production(after)?.approvals?.map((a) => [a.user.username, a.status]), [['riley', 'approved']]);
  });

  it('shows a pipeline started elsewhere and a new MR for the branch at the next poll', async () => {
    await watcher.refresh([repo], 'start');
    await poll();
    const started = demo.start('dev', { commit: 'Another change', by: demo.users.reviewer });
    const afterDev = await poll();
    assert.equal(lane(afterDev, 'dev')?.pipeline?.pipeline.id, started.id);
    // The MR is closed and another opened for the branch elsewhere; its MR pipeline runs on the checked-out commit.
    demo.mergeRequest.state = 'closed';
    const reopened = server.state.addMergeRequest(demo.project, { sourceBranch: DEMO_FEATURE_BRANCH, targetBranch: 'dev', title: 'Second try', author: demo.users.reviewer });
    createPipeline(server.state, demo.project, { ref: `refs/merge-requests/${reopened.iid}/head`, user: demo.users.reviewer, source: 'merge_request_event', mergeRequestIid: reopened.iid });
    server.tick();
    let shown = false;
    for (let i = 0; i < 2 && !shown; i++) shown = lane(await poll(), 'mr')?.mergeRequest?.iid === reopened.iid;
    assert.ok(shown, 'the new MR shows');
  });

  it('keeps the approval within 30 s when a run ends between two GraphQL reads (the next poll is a rest period away)', async () => {
    const first = (await watcher.refresh([repo], 'start')).snapshots[0]!;
    const prod = production(first)!;
    // An MR pipeline runs: the poller's pace is 3 s, the approval is read with the feed every 30 s.
    const running = demo.start('mr', { commit: 'Review fixes' });
    await pollAtPace(3_000);
    for (let i = 0; i < 12 && !events.some((e) => e.path.startsWith('/api/graphql')); i++) await pollAtPace(3_000);
    assert.ok(events.some((e) => e.path.startsWith('/api/graphql')), 'a GraphQL read while the MR pipeline runs');
    // Approved right after that GraphQL read; the MR pipeline ends 6 s later.
    approveDeployment(server.state, demo.users.reviewer, server.state.deployments.get(prod.deploymentId)!, 'approved', null);
    const approvedAt = server.clock.now();
    await pollAtPace(3_000);
    await pollAtPace(3_000);
    assert.equal(running.status === 'success', false, 'still running until told to finish');
    for (const job of server.state.jobsOf(running)) if (job.status !== 'success') setJobStatus(server.state, job, 'success');
    // From here the poller's pace follows what the lanes show, as the real poller's does.
    let pace = 3_000;
    let shownAfter: number | undefined;
    for (let i = 0; i < 5 && shownAfter === undefined; i++) {
      const result = await watcher.refresh([repo], 'timer');
      if (production(result.snapshots[0])?.pendingApprovals === 0) shownAfter = server.clock.now() - approvedAt;
      pace = result.activity === 'active' ? 3_000 : 30_000;
      server.advance(pace);
    }
    assert.ok(shownAfter !== undefined && shownAfter <= 30_000, `shown after ${String(shownAfter)} ms`);
  });

  it('falls back to REST with GraphQL switched off, probing it once in place of a feed read (3 a minute, no more), and the approval still shows within a minute', async () => {
    server.setGraphql(false);
    const first = (await watcher.refresh([repo], 'start')).snapshots[0]!;
    const prod = production(first)!;
    events.length = 0;
    for (let i = 0; i < 6; i++) await poll();
    const paths = events.map((e) => e.path.replace(/\?.*/, ''));
    assert.equal(paths.filter((p) => p === '/api/graphql').length, 1, JSON.stringify(paths));
    // The probe stood in for one feed read: 3 minutes cost what the REST path alone costs, 3 a minute.
    assert.equal(paths.filter((p) => p.endsWith('/pipelines')).length, 5, JSON.stringify(paths));
    assert.equal(paths.length, 9, JSON.stringify(paths));
    const riley = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.reviewer });
    await riley.approveDeployment(DEMO_PROJECT_PATH, prod.deploymentId);
    let seen = false;
    for (let i = 0; i < 2 && !seen; i++) seen = production(await poll())?.pendingApprovals === 0;
    assert.ok(seen, 'the approval shows within two polls');
  });

  it('honours a 429 with Retry-After on the GraphQL request, and asks GraphQL again after it', async () => {
    await watcher.refresh([repo], 'start');
    server.faults.rateLimit({ match: '/api/graphql', times: 1, retryAfterSec: 120 });
    server.advance(POLL_MS);
    events.length = 0;
    const limited = await watcher.refresh([repo], 'timer');
    assert.equal(limited.error?.kind, 'rate-limited');
    assert.equal((limited.error as RateLimitedError | undefined)?.retryAfterSeconds, 120);
    assert.deepEqual(events.map((e) => e.path.replace(/\?.*/, '')), ['/api/graphql'], 'no REST read behind the 429');
    assert.equal(lane(limited.snapshots[0], 'master')?.pipeline?.status, 'manual', 'the lanes still show');
    server.advance(120_000);
    events.length = 0;
    const after = await watcher.refresh([repo], 'timer');
    assert.equal(after.error, undefined);
    assert.deepEqual(events.map((e) => e.path.replace(/\?.*/, '')), ['/api/graphql']);
  });
});
