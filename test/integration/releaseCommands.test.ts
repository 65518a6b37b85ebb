/**
 * The release commands in a real extension host, black-box: the extension is signed in to the
 * local GitLab-compatible server the workspace's git remote points at (the harness gives its
 * port), the tests run the real commands on nodes of the real Release Lanes tree, answer the
 * editor's questions like a person (WindowAnswers), and observe GitLab's state and request log.
 * The use cases behind the commands are covered in test/unit/core/release/actions/useCases.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/core/lanes/treeModel';
import type { ReleasePilotApi } from '../../src/extension';
import { Commands, Schemes } from '../../src/vscode/ids';
import type { DemoScenario, FakeGitLabState, GitLabServer, Job } from '../gitlab-server';
import type { DemoGitLab } from './support';
import { eventually, findNode, startDemoGitLab } from './support';
import { WindowAnswers } from './windowAnswers';

describe('Release commands, through the real editor against a local GitLab', function () {
  this.timeout(90_000);
  let gitlab: DemoGitLab;
  let server: GitLabServer;
  let state: FakeGitLabState;
  let demo: DemoScenario;
  let api: ReleasePilotApi;
  let answers: WindowAnswers | undefined;

  const jobOf = (pipelineId: number, name: string): Job => {
    const job = [...state.jobs.values()].find((j) => j.pipelineId === pipelineId && j.name === name && !j.retried);
    assert.ok(job, `job ${name} of pipeline ${pipelineId}`);
    return job;
  };
  const posts = (path: RegExp): number => server.requests.entries({ method: 'POST' }).filter((r) => path.test(r.path)).length;
  /** The node of a job as the tree shows it after a refresh. */
  const nodeOf = async (job: Job): Promise<TreeNode> => {
    await api.refreshLanes();
    return eventually(() => findNode(api.lanesTree(), (n) => n.id.endsWith(`/job:${job.id}`)), `job ${job.name} (${job.id}) in the lanes`, 20_000);
  };
  const answer = (...args: ConstructorParameters<typeof WindowAnswers>): WindowAnswers => {
    answers?.dispose();
    answers = new WindowAnswers(...args);
    return answers;
  };
  const signInAs = async (who: 'developer' | 'readOnly'): Promise<void> => {
    await gitlab.signIn(who);
    await api.refreshLanes();
    await eventually(() => (api.lanesTree().some((n) => n.label === 'dev') ? true : undefined), 'the lanes after signing in', 20_000);
  };

  before(async () => {
    gitlab = await startDemoGitLab();
    ({ server, state, demo, api } = gitlab);
    await signInAs('developer');
  });
  afterEach(async () => {
    answers?.dispose();
    answers = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => gitlab.close());

  it('registers its commands in the extension', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of [Commands.promote, Commands.playJob, Commands.approveDeployment, Commands.followJobLog, Commands.startPipeline]) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('plays the canary gate from its node only after the short confirmation, sending one request', async () => {
    const dev = demo.start('dev');
    server.advance(240_000);
    const canary = jobOf(dev.id, 'deploy-canary');
    const node = await nodeOf(canary);

    const declined = answer();
    assert.equal(await vscode.commands.executeCommand(Commands.playJob, node.id), undefined, 'dismissing the modal sends nothing');
    assert.match(declined.messages.find((m) => m.modal)?.message ?? '', /^Deploy to canary\b/);
    assert.equal(posts(/\/play$/), 0);

    const agreed = answer({ 'Deploy to': true });
    const played = await vscode.commands.executeCommand<{ id: number } | undefined>(Commands.playJob, node.id);
    assert.equal(played?.id, canary.id);
    assert.equal(agreed.messages.find((m) => m.modal)?.buttons[0], 'Deploy to canary');
    assert.equal(posts(/\/play$/), 1);
    assert.equal(canary.status, 'pending');
  });

  it('starts a pipeline on the lane branch with the variables typed in', async () => {
    const lane = findNode(api.lanesTree(), (n) => n.kind === 'lane' && n.label === 'dev');
    assert.ok(lane, 'the dev lane');
    answer({ '(2/2)': ['DEPLOY_REASON=integration test', 'TRAFFIC=5', ''] });
    const created = await vscode.commands.executeCommand<{ id: number } | undefined>(Commands.startPipeline, lane.id);
    assert.ok(created, 'a pipeline was created');
    const stored = state.pipelines.get(created.id);
    assert.equal(stored?.ref, 'dev', 'the lane branch is offered and kept');
    assert.deepEqual(stored?.variables.map((v) => [v.key, v.value]), [['DEPLOY_REASON', 'integration test'], ['TRAFFIC', '5']]);
  });

  it('follows a running job log from its node: it grows as the job prints, folds its sections, and stops at the verdict', async () => {
    const dev = demo.start('dev');
    server.advance(3_000);
    const unit = jobOf(dev.id, 'unit-tests');
    assert.equal(unit.status, 'running');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(Commands.followJobLog, (await nodeOf(unit)).id);
    assert.ok(editor, 'a log editor opened');
    assert.equal(editor.document.uri.scheme, Schemes.jobLog);
    const first = await eventually(() => (/Running with gitlab-runner/.test(editor.document.getText()) ? editor.document.lineCount : undefined), 'the first lines');
    assert.ok(!editor.document.getText().includes('\u001b['), 'escape codes are rendered, not shown');
    server.advance(8_000);
    await eventually(() => (editor.document.lineCount > first ? true : undefined), 'more lines after the job printed more', 30_000);
    server.advance(30_000);
    await eventually(() => (/Job succeeded/.test(editor.document.getText()) ? true : undefined), 'the verdict line', 45_000);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', editor.document.uri);
    assert.ok((folds ?? []).length >= 2, 'runner sections fold');
  });

  it('announces a canary gate once as a notice with Play in the status bar, and closes both once it was played', async () => {
    const dev = demo.start('dev');
    server.advance(240_000);
    const canary = jobOf(dev.id, 'deploy-canary');
    const shown = answer({ 'Deploy to': true });
    await api.refreshLanes();
    const notice = await eventually(() => shown.progress.find((p) => /Canary gate deploy-canary is ready to play/.test(p.title)), 'the gate notice', 20_000);
    assert.equal(notice.location, vscode.ProgressLocation.Notification, 'a notification the extension can close');
    const action = await eventually(() => shown.statusItems.find((s) => typeof s.item.command === 'object' && s.item.command.command === Commands.playJob), 'Play in the status bar', 20_000);
    await api.refreshLanes();
    assert.equal(shown.progress.filter((p) => p.title === notice.title).length, 1, 'not announced twice');
    assert.equal(notice.ended, false, 'still waiting to be played: still shown');
    const command = action.item.command as vscode.Command;
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
    assert.notEqual(canary.status, 'manual', 'the canary played from the status bar');
    await api.refreshLanes();
    await eventually(() => (notice.ended && action.disposed ? true : undefined), 'the notice and its status bar action gone once the canary was played', 20_000);
  });

  it('checks a token in the status bar, and that progress ends with the check, accepted or refused', async () => {
    const shown = answer();
    await signInAs('developer');
    const title = `Checking your token with ${server.url}...`;
    const accepted = shown.progress.filter((p) => p.title === title);
    assert.equal(accepted.length, 1, shown.progress.map((p) => p.title).join(' | '));
    assert.equal(accepted[0]!.location, vscode.ProgressLocation.Window, 'in the status bar, not a notification that could outlive the check');
    assert.equal(accepted[0]!.ended, true, 'the progress ended with the sign-in');
    assert.ok(shown.messages.some((m) => m.message.startsWith(`Signed in to ${server.url} as @`)), 'the outcome is a message of its own');
    await vscode.commands.executeCommand(Commands.signIn, { url: server.url, token: 'glpat-NotARealToken0000' });
    const all = shown.progress.filter((p) => p.title === title);
    assert.equal(all.length, 2);
    assert.equal(all[1]!.ended, true, 'a refused token ends the progress too');
    await signInAs('developer');
  });

  it('explains that a read-only token cannot act, without sending anything', async () => {
    const dev = demo.start('dev');
    server.advance(240_000);
    await signInAs('readOnly');
    const before = posts(/./);
    const told = answer();
    assert.equal(await vscode.commands.executeCommand(Commands.playJob, (await nodeOf(jobOf(dev.id, 'deploy-canary'))).id), undefined);
    assert.match(told.messages.find((m) => m.severity === 'warning')?.message ?? '', /read-only token.*api scope/);
    assert.equal(posts(/./), before);
  });
});
