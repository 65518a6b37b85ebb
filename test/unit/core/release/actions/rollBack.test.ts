/**
 * Roll Back... against the local GitLab-compatible server: GitLab's own rollback (the target
 * deployment's job run again, once), the confirmation that says what goes back, approvals, the
 * refusals in plain words, and nothing sent twice.
 */
import * as assert from 'node:assert/strict';
import type { ConfirmQuestion, PickItem, PickOptions } from '../../../../../src/core/asker';
import type { GitLabApi } from '../../../../../src/core/gitlab/client';
import { createGitbeakerApi } from '../../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../../src/core/gitlab/instance';
import type { Job as ApiJob } from '../../../../../src/core/gitlab/models';
import { buildLanes } from '../../../../../src/core/lanes/lanes';
import type { RepoConnection } from '../../../../../src/core/lanes/repoConnection';
import type { Logger } from '../../../../../src/core/logger';
import { InFlightGuard } from '../../../../../src/core/release/actions/inFlightGuard';
import type { ReleaseDeps } from '../../../../../src/core/release/actions/releaseDeps';
import type { ReleaseTarget } from '../../../../../src/core/release/actions/releaseTarget';
import { rollBack } from '../../../../../src/core/release/actions/rollBack';
import { compileGatePatterns } from '../../../../../src/core/release/gates/gatePatterns';
import type { DemoScenario, GitLabServer } from '../../../../gitlab-server';
import { ACCESS, approveDeployment, buildDemoScenario, DEMO_PROJECT_PATH, eraseJob, FakeClock, FakeGitLabState, playCanary, playJob, releaseToProduction, startGitLabServer } from '../../../../gitlab-server';
import { ScriptedAsker } from '../../../../support/scriptedAsker';
import type { ScriptedAnswer } from '../../../../support/scriptedAsker';

const REPO = '/workspace/demo-service';
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A ScriptedAsker that also keeps each confirmation whole, and can hold confirmations until several are open (a double click). */
class RollbackAsker extends ScriptedAsker {
  readonly confirmations: ConfirmQuestion[] = [];
  readonly picks: { title: string; items: readonly PickItem<unknown>[] }[] = [];
  holdConfirmsUntil = 0;
  private held: (() => void)[] = [];

  override pick<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    this.picks.push({ title: options.title, items });
    return super.pick(items, options);
  }

  override async confirm(question: ConfirmQuestion): Promise<boolean> {
    this.confirmations.push(question);
    const answer = await super.confirm(question);
    if (this.holdConfirmsUntil === 0) return answer;
    return new Promise((resolve) => {
      this.held.push(() => resolve(answer));
      if (this.held.length >= this.holdConfirmsUntil) for (const release of this.held.splice(0)) release();
    });
  }
}

describe('Roll Back... against the local GitLab server', function () {
  this.timeout(20_000);
  let server: GitLabServer;
  let demo: DemoScenario;
  let followed: { target: ReleaseTarget; job?: ApiJob }[];

  function depsAs(token: string, ask: RollbackAsker): ReleaseDeps {
    const api: GitLabApi = createGitbeakerApi({ instance: instanceFromUrl(server.url), token, timeoutMs: 5000 });
    const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: 'dev' });
    const connection: RepoConnection = { repoKey: REPO, projectPath: DEMO_PROJECT_PATH, api, canAct: true, lanes };
    return {
      host: {
        connection: (key) => (key === REPO ? connection : undefined), allConnections: () => [connection], snapshot: () => undefined,
        refreshNow: () => Promise.resolve(), onDidRefresh: () => ({ dispose: () => undefined }),
      },
      ask, logger: silent, guard: new InFlightGuard(), watched: { pipelines: new Set(), jobs: new Set() },
      patterns: () => compileGatePatterns(undefined).patterns,
      signIn: () => Promise.resolve(undefined),
      openLog: (target, job) => {
        followed.push({ target, ...(job ? { job } : {}) });
        return Promise.resolve(undefined);
      },
      openPlay: () => Promise.resolve(undefined),
      memory: { get: () => undefined, update: () => Promise.resolve() },
    };
  }
  const asker = (answers: Record<string, ScriptedAnswer> = {}): RollbackAsker => new RollbackAsker({ 'Roll back': true, ...answers });
  const retries = (): number => server.requests.entries({ method: 'POST' }).filter((r) => /\/jobs\/\d+\/retry$/.test(r.path)).length;

  beforeEach(async () => {
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
    followed = [];
  });
  afterEach(async () => {
    await server.close();
  });

  it('rolls the canary back to the previous deployment: shows what leaves, re-runs that job once and follows its log', async () => {
    const first = playCanary(server, demo, 'Cache product lookups harder');
    playCanary(server, demo, 'Retry payment webhooks');
    const target = server.state.findJob(first, 'deploy-canary')!;
    const ask = asker();
    const rerun = (await rollBack(depsAs(demo.tokens.developer, ask), { repoKey: REPO, environment: 'canary', now: server.state.clock.now() }))?.job;
    assert.ok(rerun);
    assert.equal(server.state.jobs.get(target.id)?.retried, true, 'the target deployment\'s own job was re-run');
    assert.equal(retries(), 1);
    assert.match(ask.picks[0]!.items[0]!.description ?? '', /^previous · #\d+ by @dana/);
    const confirmation = ask.confirmations[0]!;
    assert.match(confirmation.message, /^Roll back canary to dev @ [0-9a-f]{8} "Cache product lookups harder"\?$/);
    assert.match(confirmation.detail ?? '', /Back to: dev @ [0-9a-f]{8} Cache product lookups harder, deployed by @dana at \S+ \(deployment #\d+\)/);
    assert.match(confirmation.detail ?? '', /Approvals: none required; the job starts at once\./);
    assert.match(confirmation.detail ?? '', /What goes back: 1 commit leaves the environment \(from GitLab\):\n {2}[0-9a-f]{8} Retry payment webhooks/);
    assert.equal(confirmation.confirm, 'Roll back canary');
    assert.deepEqual(followed.map((f) => f.target.jobId), [rerun.id]);
    server.advance(120_000);
    const canary = (await depsAs(demo.tokens.developer, ask).host.connection(REPO)!.api.deployments(DEMO_PROJECT_PATH, { environment: 'canary', status: 'success', orderBy: 'id', sort: 'desc', perPage: 1 })).data[0];
    assert.equal(canary?.sha, first.sha, 'the canary runs the earlier commit again');
  });

  it('sends nothing when the person says no', async () => {
    playCanary(server, demo, 'One');
    playCanary(server, demo, 'Two');
    const ask = new RollbackAsker({});
    assert.equal(await rollBack(depsAs(demo.tokens.developer, ask), { repoKey: REPO, environment: 'canary' }), undefined);
    assert.equal(ask.confirmations.length, 1);
    assert.equal(retries(), 0);
  });

  it('sends one rollback when Roll Back is confirmed twice at once (double click)', async () => {
    playCanary(server, demo, 'One');
    playCanary(server, demo, 'Two');
    const ask = asker();
    ask.holdConfirmsUntil = 2;
    const deps = depsAs(demo.tokens.developer, ask);
    const results = await Promise.all([rollBack(deps, { repoKey: REPO, environment: 'canary' }), rollBack(deps, { repoKey: REPO, environment: 'canary' })]);
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(retries(), 1);
    assert.ok(ask.messages.some((m) => /already on its way to GitLab: it is sent once/.test(m.message)));
  });

  it('rolls production back through its approvals: the confirmation says so and the re-run waits for an approver', async () => {
    const v1 = releaseToProduction(server, demo, 'Ship v1');
    releaseToProduction(server, demo, 'Ship v2');
    const ask = asker();
    const started = await rollBack(depsAs(demo.tokens.developer, ask), { repoKey: REPO });
    assert.equal(started?.environment, 'production');
    const rerun = started?.job;
    assert.equal(ask.picks[0]!.title, 'Roll back which environment?');
    assert.equal(ask.picks[0]!.items[0]!.label, 'production', 'production is offered first');
    assert.match(ask.confirmations[0]!.detail ?? '', /Approvals: 1 required\. The re-run waits until they are given/);
    assert.match(ask.confirmations[0]!.detail ?? '', /What goes back: 1 commit leaves the environment \(from GitLab\):\n {2}[0-9a-f]{8} Ship v2/);
    assert.equal(rerun?.status, 'manual');
    assert.deepEqual(followed, [], 'nothing runs yet, so no log is opened');
    assert.match(ask.messages.at(-1)!.message, /waits for approval/);
    const job = server.state.jobs.get(rerun.id)!;
    const deployment = server.state.deploymentOfJob(job)!;
    assert.equal(deployment.status, 'blocked');
    approveDeployment(server.state, demo.users.reviewer, deployment, 'approved', null);
    server.advance(1000);
    playJob(server.state, demo.users.developer, job);
    server.advance(120_000);
    assert.equal(deployment.status, 'success');
    assert.equal(deployment.sha, v1.sha);
  });

  it('says in plain words when GitLab refuses: archived job, not allowed to deploy, job gone', async () => {
    playCanary(server, demo, 'One');
    playCanary(server, demo, 'Two');
    server.state.archiveBuildsInSeconds = 60;
    const archivedAsk = asker();
    assert.equal(await rollBack(depsAs(demo.tokens.developer, archivedAsk), { repoKey: REPO, environment: 'canary' }), undefined);
    assert.match(archivedAsk.messages.at(-1)!.message, /^GitLab will not run the job of that deployment again: it is archived/);
    server.state.archiveBuildsInSeconds = null;

    // Devin may run pipelines but not deploy to the canary, which only maintainers may.
    const devin = server.state.addUser({ username: 'devin', name: 'Devin Developer' });
    server.state.addMember(demo.project, devin, ACCESS.developer);
    server.state.addToken({ user: devin, value: 'glpat-devin', scopes: ['api'] });
    server.state.protectEnvironment(demo.project, { name: 'canary', deployAccess: [{ accessLevel: ACCESS.maintainer }], approvalRules: [] });
    const devinAsk = asker();
    assert.equal(await rollBack(depsAs('glpat-devin', devinAsk), { repoKey: REPO, environment: 'canary' }), undefined);
    assert.match(devinAsk.messages.at(-1)!.message, /^GitLab refused: you may not deploy to this environment/);

    const goneAsk = asker();
    const deps = depsAs(demo.tokens.developer, goneAsk);
    const pick = goneAsk.pick.bind(goneAsk);
    // The job disappears between the pick and the write (its pipeline deleted meanwhile).
    goneAsk.pick = async (items, options) => {
      const value = await pick(items, options);
      const deployable = (value as { deployment?: { deployable?: { id: number } } } | undefined)?.deployment?.deployable;
      if (deployable) server.state.jobs.delete(deployable.id);
      return value;
    };
    assert.equal(await rollBack(deps, { repoKey: REPO, environment: 'canary' }), undefined);
    assert.match(goneAsk.messages.at(-1)!.message, /^GitLab no longer finds the job of that deployment/);
    assert.equal(retries(), 3, 'each refusal was one request, never retried');
  });

  it('warns about an erased job, and offers a commit deployed twice once, through its newest deployment', async () => {
    const first = playCanary(server, demo, 'One');
    playCanary(server, demo, 'Two');
    eraseJob(server.state, server.state.findJob(first, 'deploy-canary')!);
    const ask = asker();
    const rerun = (await rollBack(depsAs(demo.tokens.developer, ask), { repoKey: REPO, environment: 'canary' }))?.job;
    assert.ok(rerun);
    assert.match(ask.picks[0]!.items[0]!.detail ?? '', /its job was erased/);
    assert.match(ask.confirmations[0]!.detail ?? '', /Warning: its job was erased/);
    server.advance(120_000);
    // Now "One" runs there (re-run) and "Two" before it: rolling back again offers "Two" first, and "One" no more.
    const again = asker();
    await rollBack(depsAs(demo.tokens.developer, again), { repoKey: REPO, environment: 'canary' });
    const labels = again.picks[0]!.items.map((i) => i.label);
    assert.match(labels[0]!, / Two$/);
    assert.ok(!labels.some((l) => / One$/.test(l)), labels.join(' | '));
  });

  it('tells the person when there is nothing to roll back to', async () => {
    playCanary(server, demo, 'Only one');
    const ask = asker();
    assert.equal(await rollBack(depsAs(demo.tokens.developer, ask), { repoKey: REPO, environment: 'canary' }), undefined);
    assert.match(ask.messages.at(-1)!.message, /no earlier successful deployment of another commit/);
    assert.equal(await rollBack(depsAs(demo.tokens.developer, ask), { repoKey: REPO, environment: 'production' }), undefined);
    assert.match(ask.messages.at(-1)!.message, /Nothing has been deployed to production successfully yet/);
  });
});
