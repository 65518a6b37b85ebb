/**
 * The release use cases (core/release/actions, core/release/notify) against the local
 * GitLab-compatible server: a small host over the real lane store and the real adapter, and a
 * scripted Asker that answers like a person. The commands that run them are exercised through
 * the real editor in test/integration/releaseCommands.test.ts.
 */
import * as assert from 'node:assert/strict';
import type { Asker, PickItem } from '../../../../../src/core/asker';
import type { GitLabApi } from '../../../../../src/core/gitlab/client';
import { createGitbeakerApi } from '../../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../../src/core/gitlab/instance';
import type { RepoConnection } from '../../../../../src/core/lanes/repoConnection';
import { buildLanes } from '../../../../../src/core/lanes/lanes';
import { LaneStore } from '../../../../../src/core/lanes/laneStore';
import type { RepoSnapshot } from '../../../../../src/core/lanes/snapshot';
import type { Logger } from '../../../../../src/core/logger';
import { decideDeployment, pendingApprovals } from '../../../../../src/core/release/actions/approvalActions';
import type { Confirmation } from '../../../../../src/core/release/actions/confirmation';
import { InFlightGuard } from '../../../../../src/core/release/actions/inFlightGuard';
import { cancelJob, cancelPipeline, playJob, retryJob, startPipeline } from '../../../../../src/core/release/actions/jobActions';
import { promote } from '../../../../../src/core/release/actions/promote';
import type { ReleaseDeps, ReleaseHost } from '../../../../../src/core/release/actions/releaseDeps';
import { freshGate } from '../../../../../src/core/release/actions/releaseDeps';
import { compileGatePatterns } from '../../../../../src/core/release/gates/gatePatterns';
import type { EventButton } from '../../../../../src/core/release/notify/releaseEvents';
import type { NoticeAction, NoticeBoard } from '../../../../../src/core/release/notify/noticeBoard';
import { ReleaseNotifier } from '../../../../../src/core/release/notify/releaseNotifier';
import type { DemoScenario, GitLabServer, Job } from '../../../../gitlab-server';
import { buildDemoScenario, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, FakeGitLabState, FakeClock, setJobStatus, startGitLabServer } from '../../../../gitlab-server';
import { eventually } from '../../../../support/eventually';

const REPO = '/workspace/demo-service';
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const patterns = compileGatePatterns(undefined).patterns;
const noBrowser = (): Promise<boolean> => Promise.resolve(true);

/** Answers queued by the test; every question and message is recorded. */
class ScriptedUi implements Asker {
  readonly confirmations: Confirmation[] = [];
  readonly inputs: { title: string; value?: string }[] = [];
  readonly messages: { severity: string; message: string; buttons: readonly string[] }[] = [];
  confirmAnswer = true;
  /** Holds confirmations until this many are open at once: two clicks confirmed together. */
  holdConfirmsUntil = 0;
  private held: (() => void)[] = [];
  inputAnswers: (string | undefined)[] = [];
  pickAnswer: (items: readonly PickItem<unknown>[]) => unknown = () => undefined;
  messageAnswer: (message: string, buttons: readonly string[]) => string | undefined = () => undefined;

  confirm(question: { message: string; detail?: string; confirm: string }): Promise<boolean> {
    this.confirmations.push(question as Confirmation);
    if (this.holdConfirmsUntil === 0) return Promise.resolve(this.confirmAnswer);
    return new Promise((resolve) => {
      this.held.push(() => resolve(this.confirmAnswer));
      if (this.held.length >= this.holdConfirmsUntil) for (const release of this.held.splice(0)) release();
    });
  }
  pick<T>(items: readonly PickItem<T>[]): Promise<T | undefined> {
    return Promise.resolve(this.pickAnswer(items) as T | undefined);
  }
  input(options: { title: string; value?: string }): Promise<string | undefined> {
    this.inputs.push({ title: options.title, ...(options.value !== undefined ? { value: options.value } : {}) });
    return Promise.resolve(this.inputAnswers.length ? this.inputAnswers.shift() : '');
  }
  inform(severity: 'info' | 'warning' | 'error', message: string, buttons: readonly string[] = []): Promise<string | undefined> {
    this.messages.push({ severity, message, buttons });
    return Promise.resolve(this.messageAnswer(message, buttons));
  }
  lastWarning(): string | undefined {
    return this.messages.filter((m) => m.severity === 'warning').at(-1)?.message;
  }
}

/** Records the standing notices the notifier posts, and whether each has ended. */
class RecordingBoard implements NoticeBoard {
  readonly notices: { message: string; action?: NoticeAction; ended: boolean }[] = [];
  post(message: string, action: NoticeAction | undefined, ended: Promise<void>): void {
    const notice: { message: string; action?: NoticeAction; ended: boolean } = { message, ...(action ? { action } : {}), ended: false };
    this.notices.push(notice);
    void ended.then(() => {
      notice.ended = true;
    });
  }
}

/** The lanes and connections as the release use cases see them, over the real lane store and adapter. */
class ServerHost implements ReleaseHost {
  private readonly store = new LaneStore();
  private readonly listeners = new Set<(refresh: { readonly snapshots: readonly RepoSnapshot[] }) => void>();
  readonly conn: RepoConnection;

  constructor(readonly api: GitLabApi, canAct: boolean, projectSetByWorkspace = false) {
    const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: DEMO_FEATURE_BRANCH });
    this.conn = { repoKey: REPO, projectPath: DEMO_PROJECT_PATH, api, canAct, lanes, ...(projectSetByWorkspace ? { projectSetByWorkspace } : {}) };
  }
  connection(repoKey: string): RepoConnection | undefined {
    return repoKey === REPO ? this.conn : undefined;
  }
  allConnections(): RepoConnection[] {
    return [this.conn];
  }
  snapshot(repoKey: string): RepoSnapshot | undefined {
    return this.store.snapshot(repoKey);
  }
  onDidRefresh(listener: (refresh: { readonly snapshots: readonly RepoSnapshot[] }) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  async refreshNow(): Promise<void> {
    const result = await this.store.refresh([{ repoKey: REPO, projectPath: DEMO_PROJECT_PATH, api: this.api, lanes: this.conn.lanes }], { force: true });
    for (const listener of this.listeners) listener(result);
  }
}

describe('release use cases against the local GitLab server', function () {
  this.timeout(20_000);
  let server: GitLabServer;
  let demo: DemoScenario;
  let memory: Map<string, unknown>;
  const opened: { dispose(): void }[] = [];

  /** The release use cases as Dana (developer), Riley (reviewer) or Dana's read-only token. */
  function featuresAs(who: 'developer' | 'reviewer' | 'readOnly', ui = new ScriptedUi(), options: { projectSetByWorkspace?: boolean } = {}) {
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: demo.tokens[who], timeoutMs: 5000 });
    const host = new ServerHost(api, who !== 'readOnly', options.projectSetByWorkspace);
    const store = { get: <T>(key: string) => memory.get(key) as T | undefined, update: (key: string, value: unknown) => Promise.resolve(void memory.set(key, value)) };
    // What this window set in motion survives a reload through the workspace memory (the glue's RememberedIds).
    const remembered = (key: string): Set<number> => {
      const set = new Set<number>((memory.get(key) as number[] | undefined) ?? []);
      const add = set.add.bind(set);
      set.add = (id: number) => {
        add(id);
        memory.set(key, [...set]);
        return set;
      };
      return set;
    };
    const watched = { pipelines: remembered('pipelines'), jobs: remembered('jobs') };
    const deps: ReleaseDeps = {
      host, ask: ui, logger: silent, guard: new InFlightGuard(() => undefined), watched, memory: store,
      patterns: () => patterns,
      signIn: () => Promise.resolve(undefined),
      openLog: () => Promise.resolve(undefined),
      openPlay: (target) => playJob(deps, target),
    };
    const act = (button: EventButton, target: { repoKey: string; jobId?: number }): Promise<unknown> => (button === 'play' ? playJob(deps, target) : Promise.resolve(undefined));
    const board = new RecordingBoard();
    const notifier = new ReleaseNotifier({ host, ask: ui, logger: silent, watched, patterns: () => patterns, memory: store, act, board, enabled: () => ({ gates: true, startedPipelines: true, playedJobs: true }) });
    const features = { deps, notifier, dispose: () => notifier.dispose() };
    opened.push(features);
    return { features, host, ui, board };
  }

  const jobOf = (pipelineId: number, name: string): Job => {
    const job = [...server.state.jobs.values()].find((j) => j.pipelineId === pipelineId && j.name === name && !j.retried);
    assert.ok(job, `job ${name} of pipeline ${pipelineId}`);
    return job;
  };
  const posts = (path: RegExp): number => server.requests.entries({ method: 'POST' }).filter((r) => path.test(r.path)).length;

  beforeEach(async () => {
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
    memory = new Map();
  });
  afterEach(async () => {
    for (const features of opened.splice(0)) features.dispose();
    await server.close();
  });

  it('starts a pipeline on the lane branch with variables, and offers the same variables next time', async () => {
    const { features, ui } = featuresAs('developer');
    ui.inputAnswers = ['dev', 'DEPLOY_REASON=integration test', 'TRAFFIC=5', ''];
    const created = await startPipeline(features.deps, { repoKey: REPO, laneId: 'dev' });
    assert.ok(created);
    assert.equal(ui.inputs[0]?.value, 'dev', 'the lane branch is offered');
    const stored = server.state.pipelines.get(created.id)!;
    assert.deepEqual(stored.variables.map((v) => [v.key, v.value]), [['DEPLOY_REASON', 'integration test'], ['TRAFFIC', '5']]);
    assert.equal(stored.ref, 'dev');

    ui.inputs.length = 0;
    ui.inputAnswers = ['dev', undefined];
    assert.equal(await startPipeline(features.deps, { repoKey: REPO, laneId: 'dev' }), undefined, 'Escape on the variables backs out');
    assert.equal(ui.inputs[1]?.value, 'DEPLOY_REASON=integration test');
  });

  it('asks once, naming project and instance, before the first write to a project the workspace settings chose', async () => {
    const dev = demo.start('dev');
    server.advance(240_000);
    const compile = jobOf(dev.id, 'compile');
    const dana = featuresAs('developer', new ScriptedUi(), { projectSetByWorkspace: true });
    dana.ui.confirmAnswer = false;
    assert.equal(await retryJob(dana.features.deps, { repoKey: REPO, jobId: compile.id }), undefined);
    assert.equal(posts(/\/retry$/), 0, 'nothing is sent before the person confirms the project');
    const asked = dana.ui.confirmations[0];
    assert.ok(asked, 'the person is asked');
    assert.ok(asked.message.includes(DEMO_PROJECT_PATH) && asked.message.includes(server.url), `the question names ${DEMO_PROJECT_PATH} on ${server.url}: ${asked?.message}`);
    assert.equal(asked.confirm, `Act on ${DEMO_PROJECT_PATH}`);

    dana.ui.confirmAnswer = true;
    assert.ok(await retryJob(dana.features.deps, { repoKey: REPO, jobId: compile.id }));
    assert.equal(posts(/\/retry$/), 1);
    assert.equal(dana.ui.confirmations.length, 2, 'declined once, asked again, confirmed');

    const retried = jobOf(dev.id, 'compile');
    assert.ok(await cancelJob(dana.features.deps, { repoKey: REPO, jobId: retried.id }));
    assert.equal(dana.ui.confirmations.length, 2, 'a confirmed project is not asked about again');
    assert.equal(posts(/\/cancel$/), 1);
  });

  it('does not ask about the project when the person chose it (user settings or the remote)', async () => {
    const dev = demo.start('dev');
    server.advance(240_000);
    const dana = featuresAs('developer');
    assert.ok(await retryJob(dana.features.deps, { repoKey: REPO, jobId: jobOf(dev.id, 'compile').id }));
    assert.equal(dana.ui.confirmations.length, 0);
  });

  it('plays canary after a short confirmation, then production after approval by someone else, with the full confirmation', async () => {
    const dana = featuresAs('developer');
    const dev = demo.start('dev');
    server.advance(240_000);
    const canary = jobOf(dev.id, 'deploy-canary');
    assert.equal(canary.status, 'manual');
    const played = await playJob(dana.features.deps, { repoKey: REPO, jobId: canary.id });
    assert.equal(played?.id, canary.id);
    assert.equal(dana.ui.confirmations.at(-1)?.level, 'short');
    assert.equal(canary.status, 'pending');

    const master = demo.start('master', { commit: 'Batch stock checks' });
    server.advance(240_000);
    const prod = jobOf(master.id, 'deploy-prod');
    assert.equal(await playJob(dana.features.deps, { repoKey: REPO, jobId: prod.id }), undefined);
    assert.match(dana.ui.lastWarning() ?? '', /cannot be played now: GitLab refuses to play it until the deployment is approved/);
    assert.equal(posts(/\/play$/), 1, 'nothing was sent for the blocked production job');

    const riley = featuresAs('reviewer');
    riley.ui.inputAnswers = ['canary looked healthy'];
    const approval = await decideDeployment(riley.features.deps, 'approve', { repoKey: REPO, jobId: prod.id });
    assert.equal(approval?.status, 'approved');
    assert.equal(riley.ui.confirmations.at(-1)?.level, 'full');

    const before = dana.ui.confirmations.length;
    dana.ui.confirmAnswer = false;
    assert.equal(await playJob(dana.features.deps, { repoKey: REPO, jobId: prod.id }), undefined, 'declining the modal sends nothing');
    assert.equal(prod.status, 'manual');
    dana.ui.confirmAnswer = true;
    assert.ok(await playJob(dana.features.deps, { repoKey: REPO, jobId: prod.id }));
    const confirmation = dana.ui.confirmations.at(-1)!;
    assert.equal(dana.ui.confirmations.length, before + 2);
    assert.equal(confirmation.level, 'full');
    assert.match(confirmation.message, /^Deploy to production\? master @ [0-9a-f]{8} "Batch stock checks"$/);
    assert.match(confirmation.detail, /Environment: production \(production\)/);
    assert.match(confirmation.detail, /What ships: (first deployment|\d+ commits?)/);
    assert.match(confirmation.detail, /Approvals: (given|none pending)/);
    assert.equal(prod.status, 'pending');
  });

  it('lists deployments waiting for approval with the approvals so far and by whom', async () => {
    const dana = featuresAs('developer');
    const master = demo.start('master');
    server.advance(240_000);
    const [waiting] = await pendingApprovals(dana.features.deps);
    assert.equal(waiting?.deployment.environment.name, 'production');
    assert.equal(waiting?.summary, '0 of 1 approval given; approvers: Maintainers');
    const riley = featuresAs('reviewer');
    riley.ui.inputAnswers = [''];
    assert.ok(await decideDeployment(riley.features.deps, 'approve', { repoKey: REPO, jobId: jobOf(master.id, 'deploy-prod').id }));
    assert.ok(await playJob(dana.features.deps, { repoKey: REPO, jobId: jobOf(master.id, 'deploy-prod').id }));
    assert.match(dana.ui.confirmations.at(-1)!.detail, /Approvals: given \(1 of 1 approval given; approved by @riley; approvers: Maintainers\)/);
  });

  it('Promote finds the next gate of a lane and offers exactly the valid actions', async () => {
    const { features, host, ui } = featuresAs('developer');
    const dev = demo.start('dev');
    demo.start('master');
    server.advance(240_000);
    await host.refreshNow();
    const offered: unknown[][] = [];
    ui.pickAnswer = (items) => {
      offered.push(items.map((i) => i.value));
      return offered.length === 1 ? 'play' : undefined;
    };
    const canary = await promote(features.deps, { repoKey: REPO, laneId: 'dev' }, noBrowser);
    assert.equal(canary.gate?.job.name, 'deploy-canary');
    assert.equal(jobOf(dev.id, 'deploy-canary').status, 'pending');
    const prod = await promote(features.deps, { repoKey: REPO, laneId: 'master' }, noBrowser);
    assert.equal(prod.gate?.kind, 'production');
    assert.deepEqual(offered, [['play', 'play-with-variables', 'open-in-browser'], ['approve', 'reject', 'open-in-browser']]);
  });

  it('refuses self-approval in plain words, and rejects with a comment when another maintainer says no', async () => {
    const dana = featuresAs('developer');
    const master = demo.start('master');
    server.advance(240_000);
    const prod = jobOf(master.id, 'deploy-prod');
    dana.ui.inputAnswers = [''];
    assert.equal(await decideDeployment(dana.features.deps, 'approve', { repoKey: REPO, jobId: prod.id }), undefined);
    assert.match(dana.ui.lastWarning() ?? '', /does not let the person who triggered a deployment approve it/);

    const riley = featuresAs('reviewer');
    riley.ui.pickAnswer = (items) => items[0]?.value;
    riley.ui.inputAnswers = ['error rate doubled on canary'];
    const rejection = await decideDeployment(riley.features.deps, 'reject', undefined);
    assert.equal(rejection?.status, 'rejected');
    assert.equal(rejection?.comment, 'error rate doubled on canary');
    assert.equal(prod.status, 'failed');
  });

  it('sends a play once even when clicked twice, and explains a job someone else already played', async () => {
    const dana = featuresAs('developer');
    const dev = demo.start('dev');
    server.advance(240_000);
    const canary = jobOf(dev.id, 'deploy-canary');
    dana.ui.holdConfirmsUntil = 2;
    const [first, second] = await Promise.all([playJob(dana.features.deps, { repoKey: REPO, jobId: canary.id }), playJob(dana.features.deps, { repoKey: REPO, jobId: canary.id })]);
    assert.equal([first, second].filter(Boolean).length, 1);
    assert.equal(posts(/\/play$/), 1);
    dana.ui.holdConfirmsUntil = 0;

    // Someone else plays the next canary between our read and our click: GitLab's refusal, in plain words.
    const other = featuresAs('developer');
    const dev2 = demo.start('dev');
    server.advance(240_000);
    const canary2 = jobOf(dev2.id, 'deploy-canary');
    const stale = await freshGate(other.features.deps, other.host.conn, canary2.id);
    assert.ok(await playJob(dana.features.deps, { repoKey: REPO, jobId: canary2.id }));
    assert.equal(await playJob(other.features.deps, { repoKey: REPO, jobId: canary2.id }, { gate: stale }), undefined);
    assert.match(other.ui.lastWarning() ?? '', /will not play this job any more: someone may have played it already/);
    assert.equal(posts(/\/play$/), 3);
  });

  it('retries a failed job and cancels a running one and a whole pipeline', async () => {
    const { features } = featuresAs('developer');
    const dev = demo.start('dev');
    server.advance(3_000);
    const lint = jobOf(dev.id, 'lint');
    setJobStatus(server.state, lint, 'failed');
    const retried = await retryJob(features.deps, { repoKey: REPO, jobId: lint.id });
    assert.ok(retried && retried.id !== lint.id, 'a new job');
    const compile = jobOf(dev.id, 'compile');
    setJobStatus(server.state, compile, 'running');
    const canceled = await cancelJob(features.deps, { repoKey: REPO, jobId: compile.id });
    assert.equal(canceled?.status, 'canceled');
    const pipeline = await cancelPipeline(features.deps, { repoKey: REPO, pipelineId: dev.id });
    assert.equal(pipeline?.status, 'canceled');
  });

  it('re-checks the action table on fresh state before a write: no retry of a passed production deployment', async () => {
    const dana = featuresAs('developer');
    const master = demo.start('master');
    server.advance(240_000);
    const prod = jobOf(master.id, 'deploy-prod');
    const riley = featuresAs('reviewer');
    riley.ui.inputAnswers = [''];
    assert.ok(await decideDeployment(riley.features.deps, 'approve', { repoKey: REPO, jobId: prod.id }));
    assert.ok(await playJob(dana.features.deps, { repoKey: REPO, jobId: prod.id }));
    server.advance(120_000);
    assert.equal(jobOf(master.id, 'deploy-prod').status, 'success');
    assert.equal(await retryJob(dana.features.deps, { repoKey: REPO, jobId: prod.id }), undefined);
    assert.match(dana.ui.lastWarning() ?? '', /deploy-prod cannot be retried now: already deployed/);
    assert.equal(posts(/\/retry$/), 0, 'nothing was sent');
    assert.equal(await cancelPipeline(dana.features.deps, { repoKey: REPO, pipelineId: master.id }), undefined);
    assert.match(dana.ui.lastWarning() ?? '', /cannot be canceled now: it is success/);
    assert.equal(posts(/\/cancel$/), 0);
  });

  it('explains that a read-only token cannot act, without sending anything', async () => {
    const { features, ui } = featuresAs('readOnly');
    const dev = demo.start('dev');
    server.advance(240_000);
    assert.equal(await playJob(features.deps, { repoKey: REPO, jobId: jobOf(dev.id, 'deploy-canary').id }), undefined);
    assert.match(ui.lastWarning() ?? '', /read-only token.*api scope/);
    assert.equal(posts(/./), 0);
  });

  it('notifies once when the dev lane reaches its canary gate, with a Play action, and closes the notice once it was played', async () => {
    const { features, host, board } = featuresAs('developer');
    const dev = demo.start('dev');
    server.advance(240_000);
    await host.refreshNow();
    const shown = await features.notifier.whenIdle();
    assert.deepEqual(shown.map((e) => e.kind), ['gate-ready']);
    const notice = board.notices.find((n) => /Canary gate deploy-canary is ready to play/.test(n.message));
    assert.ok(notice?.action, 'a standing notice with an action');
    const canary = jobOf(dev.id, 'deploy-canary');
    assert.deepEqual([notice.action.button, notice.action.target], ['play', { repoKey: REPO, projectId: dev.projectId, pipelineId: dev.id, jobId: canary.id }]);
    await host.refreshNow();
    assert.deepEqual(await features.notifier.whenIdle(), [], 'not announced twice');
    assert.equal(notice.ended, false, 'still true: still shown');
    assert.ok(await playJob(features.deps, notice.action.target));
    await host.refreshNow();
    await features.notifier.whenIdle();
    await eventually(() => (notice.ended ? true : undefined), 'the notice closed once the canary was played');

    // The window reloads (same workspace memory); the canary it played finishes meanwhile.
    features.dispose();
    const reloaded = featuresAs('developer');
    server.advance(60_000);
    assert.equal(jobOf(dev.id, 'deploy-canary').status, 'success');
    await reloaded.host.refreshNow();
    const ended = await reloaded.features.notifier.whenIdle();
    assert.deepEqual(ended.map((e) => [e.kind, e.buttons]), [['job-finished', ['show-log', 'open-in-browser']]]);
    assert.match(reloaded.ui.messages.at(-1)?.message ?? '', /deploy-canary passed/);
  });
});
