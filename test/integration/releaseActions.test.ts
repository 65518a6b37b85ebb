/**
 * The release features in a real extension host, against the local GitLab-compatible server
 * started in-process. Until the harness signs the extension in to that server with a git
 * workspace pointing at it, the features are built here with a small host over the real lane
 * store and the real adapter, and a scripted ReleaseUi that answers like a person.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GitLabApi } from '../../src/core/gitlab/client';
import { createGitbeakerApi } from '../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../src/core/gitlab/instance';
import type { Logger } from '../../src/core/logger';
import { buildLanes } from '../../src/core/pipelines/lanes';
import { LaneStore } from '../../src/core/pipelines/laneStore';
import type { RepoSnapshot } from '../../src/core/pipelines/snapshot';
import type { Confirmation } from '../../src/core/release/actions/confirmation';
import type { RepoConnection } from '../../src/vscode/lanes/lanesController';
import { pendingApprovals } from '../../src/vscode/release/approvalActions';
import { playJob } from '../../src/vscode/release/jobActions';
import { logUri, parseLogUri } from '../../src/vscode/release/logUri';
import { freshGate } from '../../src/vscode/release/releaseContext';
import type { ReleaseHost } from '../../src/vscode/release/releaseHost';
import type { ReleaseFeatures } from '../../src/vscode/release/registerReleaseFeatures';
import { registerReleaseFeatures } from '../../src/vscode/release/registerReleaseFeatures';
import type { NoticeAction, PickItem, ReleaseUi } from '../../src/vscode/release/releaseUi';
import type { DemoScenario, GitLabServer, Job } from '../gitlab-server';
import { buildDemoScenario, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, FakeGitLabState, ManualClock, setJobStatus, startGitLabServer } from '../gitlab-server';
import { activeExtension, eventually } from './support';

const REPO = '/workspace/demo-service';
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Answers queued by the test; every question and message is recorded. */
class ScriptedUi implements ReleaseUi {
  readonly confirmations: Confirmation[] = [];
  readonly inputs: { title: string; value?: string }[] = [];
  readonly messages: { severity: string; message: string; buttons: readonly string[] }[] = [];
  confirmAnswer = true;
  inputAnswers: (string | undefined)[] = [];
  pickAnswer: (items: readonly PickItem<unknown>[]) => unknown = () => undefined;
  messageAnswer: (message: string, buttons: readonly string[]) => string | undefined = () => undefined;

  confirm(confirmation: Confirmation): Promise<boolean> {
    this.confirmations.push(confirmation);
    return Promise.resolve(confirmation.level === 'none' || this.confirmAnswer);
  }
  pick<T>(items: readonly PickItem<T>[]): Promise<T | undefined> {
    return Promise.resolve(this.pickAnswer(items) as T | undefined);
  }
  input(options: { title: string; value?: string }): Promise<string | undefined> {
    this.inputs.push({ title: options.title, ...(options.value !== undefined ? { value: options.value } : {}) });
    return Promise.resolve(this.inputAnswers.length ? this.inputAnswers.shift() : '');
  }
  notify(severity: 'info' | 'warning' | 'error', message: string, buttons: readonly string[] = []): Promise<string | undefined> {
    this.messages.push({ severity, message, buttons });
    return Promise.resolve(this.messageAnswer(message, buttons));
  }
  readonly notices: { message: string; action?: NoticeAction; ended: boolean }[] = [];
  standing(message: string, action: NoticeAction | undefined, ended: Promise<void>): void {
    const notice: { message: string; action?: NoticeAction; ended: boolean } = { message, ...(action ? { action } : {}), ended: false };
    this.notices.push(notice);
    void ended.then(() => {
      notice.ended = true;
    });
  }
  lastWarning(): string | undefined {
    return this.messages.filter((m) => m.severity === 'warning').at(-1)?.message;
  }
}

/** LanesController's part the release features use, over the real lane store and adapter. */
class ServerHost implements ReleaseHost {
  private readonly store = new LaneStore();
  private readonly emitter = new vscode.EventEmitter<{ readonly snapshots: readonly RepoSnapshot[] }>();
  readonly onDidRefresh = this.emitter.event;
  readonly conn: RepoConnection;

  constructor(readonly api: GitLabApi, canAct: boolean) {
    const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: DEMO_FEATURE_BRANCH });
    this.conn = { repoKey: REPO, projectPath: DEMO_PROJECT_PATH, api, canAct, lanes };
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
  async refreshNow(): Promise<void> {
    const result = await this.store.refresh([{ repoKey: REPO, projectPath: DEMO_PROJECT_PATH, api: this.api, lanes: this.conn.lanes }], { force: true });
    this.emitter.fire(result);
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

describe('Release actions in a real VS Code, against the local GitLab server', function () {
  this.timeout(60_000);
  let server: GitLabServer;
  let demo: DemoScenario;
  let memory: Map<string, unknown>;
  const opened: { features: ReleaseFeatures; host: ServerHost }[] = [];
  let scheme = 0;

  /** The release features as Dana (developer), Riley (reviewer) or Dana's read-only token. */
  function featuresAs(who: 'developer' | 'reviewer' | 'readOnly', ui = new ScriptedUi()): { features: ReleaseFeatures; host: ServerHost; ui: ScriptedUi } {
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: demo.tokens[who], timeoutMs: 5000 });
    const host = new ServerHost(api, who !== 'readOnly');
    const features = registerReleaseFeatures({
      host, logger: silent, ui,
      memory: { get: <T>(key: string) => memory.get(key) as T | undefined, update: (key, value) => Promise.resolve(void memory.set(key, value)), keys: () => [...memory.keys()] },
      logScheme: `release-pilot-log-test${scheme++}`,
      logPace: { growingMs: 150, tricklingMaxMs: 300, quietMaxMs: 500, waitingMs: 200, statusEveryMs: 1_000 },
    });
    opened.push({ features, host });
    return { features, host, ui };
  }

  const jobOf = (pipelineId: number, name: string): Job => {
    const job = [...server.state.jobs.values()].find((j) => j.pipelineId === pipelineId && j.name === name && !j.retried);
    assert.ok(job, `job ${name} of pipeline ${pipelineId}`);
    return job;
  };
  const posts = (path: RegExp): number => server.requests.entries({ method: 'POST' }).filter((r) => path.test(r.path)).length;

  before(async () => {
    await activeExtension();
  });
  beforeEach(async () => {
    const clock = new ManualClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
    memory = new Map();
  });
  afterEach(async () => {
    for (const { features, host } of opened.splice(0)) {
      features.dispose();
      host.dispose();
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
  });

  it('registers its commands in the extension', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ['releasePilot.promote', 'releasePilot.playJob', 'releasePilot.approveDeployment', 'releasePilot.followJobLog', 'releasePilot.startPipeline']) {
      assert.ok(registered.has(id), `${id} is registered`);
    }
  });

  it('starts a pipeline on the lane branch with variables, and offers the same variables next time', async () => {
    const { features, ui } = featuresAs('developer');
    ui.inputAnswers = ['dev', 'DEPLOY_REASON=integration test', 'TRAFFIC=5', ''];
    const created = await features.startPipeline({ repoKey: REPO, laneId: 'dev' });
    assert.ok(created);
    assert.equal(ui.inputs[0]?.value, 'dev', 'the lane branch is offered');
    const stored = server.state.pipelines.get(created.id)!;
    assert.deepEqual(stored.variables.map((v) => [v.key, v.value]), [['DEPLOY_REASON', 'integration test'], ['TRAFFIC', '5']]);
    assert.equal(stored.ref, 'dev');

    ui.inputs.length = 0;
    ui.inputAnswers = ['dev', undefined];
    assert.equal(await features.startPipeline({ repoKey: REPO, laneId: 'dev' }), undefined, 'Escape on the variables backs out');
    assert.equal(ui.inputs[1]?.value, 'DEPLOY_REASON=integration test');
  });

  it('plays canary after a short confirmation, then production after approval by someone else, with the full confirmation', async () => {
    const dana = featuresAs('developer');
    const dev = demo.start('dev');
    server.advance(240_000);
    const canary = jobOf(dev.id, 'deploy-canary');
    assert.equal(canary.status, 'manual');
    const played = await dana.features.play({ repoKey: REPO, jobId: canary.id });
    assert.equal(played?.id, canary.id);
    assert.equal(dana.ui.confirmations.at(-1)?.level, 'short');
    assert.equal(canary.status, 'pending');

    const master = demo.start('master', { commit: 'Batch stock checks' });
    server.advance(240_000);
    const prod = jobOf(master.id, 'deploy-prod');
    assert.equal(await dana.features.play({ repoKey: REPO, jobId: prod.id }), undefined);
    assert.match(dana.ui.lastWarning() ?? '', /cannot be played now: GitLab refuses to play it until the deployment is approved/);
    assert.equal(posts(/\/play$/), 1, 'nothing was sent for the blocked production job');

    const riley = featuresAs('reviewer');
    riley.ui.inputAnswers = ['canary looked healthy'];
    const approval = await riley.features.decide('approve', { repoKey: REPO, jobId: prod.id });
    assert.equal(approval?.status, 'approved');
    assert.equal(riley.ui.confirmations.at(-1)?.level, 'full');

    const before = dana.ui.confirmations.length;
    dana.ui.confirmAnswer = false;
    assert.equal(await dana.features.play({ repoKey: REPO, jobId: prod.id }), undefined, 'declining the modal sends nothing');
    assert.equal(prod.status, 'manual');
    dana.ui.confirmAnswer = true;
    assert.ok(await dana.features.play({ repoKey: REPO, jobId: prod.id }));
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
    assert.ok(await riley.features.decide('approve', { repoKey: REPO, jobId: jobOf(master.id, 'deploy-prod').id }));
    assert.ok(await dana.features.play({ repoKey: REPO, jobId: jobOf(master.id, 'deploy-prod').id }));
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
    const canary = await features.promote({ repoKey: REPO, laneId: 'dev' });
    assert.equal(canary.gate?.job.name, 'deploy-canary');
    assert.equal(jobOf(dev.id, 'deploy-canary').status, 'pending');
    const prod = await features.promote({ repoKey: REPO, laneId: 'master' });
    assert.equal(prod.gate?.kind, 'production');
    assert.deepEqual(offered, [['play', 'play-with-variables', 'open-in-browser'], ['approve', 'reject', 'open-in-browser']]);
  });

  it('refuses self-approval in plain words, and rejects with a comment when another maintainer says no', async () => {
    const dana = featuresAs('developer');
    const master = demo.start('master');
    server.advance(240_000);
    const prod = jobOf(master.id, 'deploy-prod');
    dana.ui.inputAnswers = [''];
    assert.equal(await dana.features.decide('approve', { repoKey: REPO, jobId: prod.id }), undefined);
    assert.match(dana.ui.lastWarning() ?? '', /does not let the person who triggered a deployment approve it/);

    const riley = featuresAs('reviewer');
    riley.ui.pickAnswer = (items) => items[0]?.value;
    riley.ui.inputAnswers = ['error rate doubled on canary'];
    const rejection = await riley.features.decide('reject', undefined);
    assert.equal(rejection?.status, 'rejected');
    assert.equal(rejection?.comment, 'error rate doubled on canary');
    assert.equal(prod.status, 'failed');
  });

  it('sends a play once even when clicked twice, and explains a job someone else already played', async () => {
    const dana = featuresAs('developer');
    const dev = demo.start('dev');
    server.advance(240_000);
    const canary = jobOf(dev.id, 'deploy-canary');
    const [first, second] = await Promise.all([dana.features.play({ repoKey: REPO, jobId: canary.id }), dana.features.play({ repoKey: REPO, jobId: canary.id })]);
    assert.equal([first, second].filter(Boolean).length, 1);
    assert.equal(posts(/\/play$/), 1);

    // Someone else plays the next canary between our read and our click: GitLab's refusal, in plain words.
    const other = featuresAs('developer');
    const dev2 = demo.start('dev');
    server.advance(240_000);
    const canary2 = jobOf(dev2.id, 'deploy-canary');
    const stale = await freshGate(other.features.deps, other.host.api, DEMO_PROJECT_PATH, canary2.id);
    assert.ok(await dana.features.play({ repoKey: REPO, jobId: canary2.id }));
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
    const retried = await features.retryJob({ repoKey: REPO, jobId: lint.id });
    assert.ok(retried && retried.id !== lint.id, 'a new job');
    const compile = jobOf(dev.id, 'compile');
    setJobStatus(server.state, compile, 'running');
    const canceled = await features.cancelJob({ repoKey: REPO, jobId: compile.id });
    assert.equal(canceled?.status, 'canceled');
    const pipeline = await features.cancelPipeline({ repoKey: REPO, pipelineId: dev.id });
    assert.equal(pipeline?.status, 'canceled');
  });

  it('re-checks the action table on fresh state before a write: no retry of a passed production deployment', async () => {
    const dana = featuresAs('developer');
    const master = demo.start('master');
    server.advance(240_000);
    const prod = jobOf(master.id, 'deploy-prod');
    const riley = featuresAs('reviewer');
    riley.ui.inputAnswers = [''];
    assert.ok(await riley.features.decide('approve', { repoKey: REPO, jobId: prod.id }));
    assert.ok(await dana.features.play({ repoKey: REPO, jobId: prod.id }));
    server.advance(120_000);
    assert.equal(jobOf(master.id, 'deploy-prod').status, 'success');
    assert.equal(await dana.features.retryJob({ repoKey: REPO, jobId: prod.id }), undefined);
    assert.match(dana.ui.lastWarning() ?? '', /deploy-prod cannot be retried now: already deployed/);
    assert.equal(posts(/\/retry$/), 0, 'nothing was sent');
    assert.equal(await dana.features.cancelPipeline({ repoKey: REPO, pipelineId: master.id }), undefined);
    assert.match(dana.ui.lastWarning() ?? '', /cannot be canceled now: it is success/);
    assert.equal(posts(/\/cancel$/), 0);
  });

  it('explains that a read-only token cannot act, without sending anything', async () => {
    const { features, ui } = featuresAs('readOnly');
    const dev = demo.start('dev');
    server.advance(240_000);
    assert.equal(await features.play({ repoKey: REPO, jobId: jobOf(dev.id, 'deploy-canary').id }), undefined);
    assert.match(ui.lastWarning() ?? '', /read-only token.*api scope/);
    assert.equal(posts(/./), 0);
  });

  it('follows a job log live: it grows while the test watches, escape codes parsed out, sections foldable, and stops when the job ends', async () => {
    const { features } = featuresAs('developer');
    const dev = demo.start('dev');
    server.advance(3_000);
    const unit = jobOf(dev.id, 'unit-tests');
    assert.equal(unit.status, 'running');
    const editor = await features.followLog({ repoKey: REPO, jobId: unit.id });
    const uri = editor.document.uri;
    const first = await eventually(() => (features.logs.linesOf(uri).length > 0 ? features.logs.linesOf(uri).length : undefined), 'the first lines');
    assert.match(editor.document.getText(), /Running with gitlab-runner/);
    assert.ok(!editor.document.getText().includes(`${String.fromCharCode(27)}[`), 'no raw escape codes in the document');
    server.advance(8_000);
    await eventually(() => (features.logs.linesOf(uri).length > first ? true : undefined), 'more lines after the job printed more');
    server.advance(30_000);
    await eventually(() => (features.logs.statusOf(uri) === 'success' ? true : undefined), 'the end of the job');
    const doc = await eventually(() => (editor.document.getText().includes('Job succeeded') ? editor.document : undefined), 'the verdict line in the editor');
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    assert.ok((folds ?? []).length >= 2, 'runner sections fold');
    assert.equal(features.logs.followerOf(uri)?.done, true, 'reading stopped');

    // After a window reload VS Code reopens the tab from its URI alone: instance, project and job are in it.
    const lint = jobOf(dev.id, 'lint');
    const address = { instanceUrl: server.url, projectPath: DEMO_PROJECT_PATH, jobId: lint.id, jobName: 'lint' };
    const restored = logUri(address, features.logs.scheme);
    assert.deepEqual(parseLogUri(restored), address);
    const reopened = await vscode.workspace.openTextDocument(restored);
    assert.match(reopened.getText(), /Running with gitlab-runner/);
  });

  it('notifies once when the dev lane reaches its canary gate, with a Play action, and closes the notice once it was played', async () => {
    const { features, host, ui } = featuresAs('developer');
    const dev = demo.start('dev');
    server.advance(240_000);
    await host.refreshNow();
    const shown = await features.notifier.whenIdle();
    assert.deepEqual(shown.map((e) => e.kind), ['gate-ready']);
    const notice = ui.notices.find((n) => /Canary gate deploy-canary is ready to play/.test(n.message));
    assert.ok(notice?.action, 'a standing notice with an action');
    const canary = jobOf(dev.id, 'deploy-canary');
    assert.deepEqual([notice.action.command, notice.action.arguments], ['releasePilot.playJob', [{ repoKey: REPO, projectId: dev.projectId, pipelineId: dev.id, jobId: canary.id }]]);
    await host.refreshNow();
    assert.deepEqual(await features.notifier.whenIdle(), [], 'not announced twice');
    assert.equal(notice.ended, false, 'still true: still shown');
    assert.ok(await features.play(notice.action.arguments[0] as { repoKey: string; jobId: number }));
    await host.refreshNow();
    await features.notifier.whenIdle();
    await eventually(() => (notice.ended ? true : undefined), 'the notice closed once the canary was played');
    assert.deepEqual(features.notifier.standingKeys, []);

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
