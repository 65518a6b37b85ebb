/**
 * The Environments view and Roll Back... in a real extension host against the local GitLab:
 * the view shows what runs where once it is read, and production is rolled back through the real
 * command, its pick and its modal answered like a person (WindowAnswers). The use cases are
 * covered in test/unit/core/release/actions/rollBack.test.ts and test/unit/core/environments.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EnvironmentNode } from '../../src/core/environments/environmentTree';
import type { ReleasePilotApi } from '../../src/extension';
import { Commands, Schemes, Views } from '../../src/vscode/ids';
import type { DemoScenario, GitLabServer, Pipeline } from '../gitlab-server';
import { approveDeployment, playCanary, playJob, releaseToProduction } from '../gitlab-server';
import type { DemoGitLab } from './support';
import { eventually, findNode, startDemoGitLab } from './support';
import { WindowAnswers } from './windowAnswers';


describe('Environments and rollback, through the real editor against a local GitLab', function () {
  this.timeout(90_000);
  let gitlab: DemoGitLab;
  let server: GitLabServer;
  let demo: DemoScenario;
  let api: ReleasePilotApi;
  let answers: WindowAnswers | undefined;
  let v1: Pipeline;

  const retries = (): number => server.requests.entries({ method: 'POST' }).filter((r) => /\/jobs\/\d+\/retry$/.test(r.path)).length;
  const environmentNode = (name: string): EnvironmentNode | undefined => findNode(api.environmentsTree(), (n) => n.kind === 'environment' && n.label === name);

  before(async () => {
    gitlab = await startDemoGitLab();
    ({ server, demo, api } = gitlab);
    v1 = releaseToProduction(server, demo, 'Ship v1');
    releaseToProduction(server, demo, 'Ship v2');
    playCanary(server, demo, 'Cache product lookups harder');
    await gitlab.signIn();
    await api.refreshLanes();
    await eventually(() => (api.lanesTree().some((n) => n.label === 'dev') ? true : undefined), 'the lanes after signing in', 20_000);
  });
  afterEach(async () => {
    answers?.dispose();
    answers = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => gitlab.close());

  it('shows each environment with what runs there, grouped, once the view is opened', async () => {
    const before = server.requests.entries({}).filter((r) => r.path.endsWith('/environments')).length;
    await vscode.commands.executeCommand(`${Views.environments}.focus`);
    const production = await eventually(() => environmentNode('production'), 'production in the Environments view', 20_000);
    assert.ok(server.requests.entries({}).filter((r) => r.path.endsWith('/environments')).length > before, 'opening the view read the environments');
    assert.deepEqual(api.environmentsTree().map((n) => n.label), ['dev', 'production/canary', 'production']);
    assert.match(production.description ?? '', /^master @ [0-9a-f]{8} Ship v2 · @dana · /);
    assert.match(environmentNode('canary')?.description ?? '', /^dev @ [0-9a-f]{8} Cache product lookups harder · @dana/);
    assert.match(production.contextValue, /\bdeployed\b/);
  });

  it('compares the canary with production (what a promotion would ship) and opens a commit\'s diff from GitLab', async () => {
    await vscode.commands.executeCommand(Commands.refreshEnvironments);
    await eventually(() => environmentNode('canary'), 'the canary in the Environments view', 20_000);
    answers = new WindowAnswers({ 'what a promotion would ship': 'Cache product lookups harder' });
    const range = await vscode.commands.executeCommand<{ commits: { title: string }[]; source: string } | undefined>(Commands.compareEnvironments);
    assert.deepEqual(range?.commits.map((c) => c.title), ['Cache product lookups harder', 'Cache product lookups']);
    assert.equal(range?.source, 'gitlab', 'the clone has none of the sandbox\'s commits');
    assert.match(answers.asked.find((t) => /what a promotion would ship/.test(t)) ?? '', /^canary has 2 commits that production has not: what a promotion would ship \(from GitLab\)$/);
    const editor = await eventually(() => (vscode.window.activeTextEditor?.document.uri.scheme === Schemes.commitDiff ? vscode.window.activeTextEditor : undefined), 'the commit diff editor', 10_000);
    assert.equal(editor.document.languageId, 'diff');
    assert.match(editor.document.getText(), /\+- Cache product lookups harder/);
  });

  it('rolls production back to the previous deployment: one re-run, which waits for approval, then deploys the old commit', async () => {
    await vscode.commands.executeCommand(Commands.refreshEnvironments);
    const production = await eventually(() => environmentNode('production'), 'production in the Environments view', 20_000);
    answers = new WindowAnswers({ 'Roll back production': true });
    const started = await vscode.commands.executeCommand<{ job: { id: number; status: string } } | undefined>(Commands.rollBackEnvironment, production.id);
    assert.ok(started, 'the rollback started');
    assert.equal(retries(), 1);
    assert.equal(started.job.status, 'manual');
    const modal = answers.messages.find((m) => m.modal);
    assert.match(modal?.message ?? '', /^Roll back production to master @ [0-9a-f]{8} "Ship v1"\?$/);
    assert.match(modal?.detail ?? '', /What goes back: 1 commit leaves the environment \(from GitLab\):\n {2}[0-9a-f]{8} Ship v2/);
    assert.match(modal?.detail ?? '', /Approvals: 1 required/);
    await eventually(() => answers!.messages.find((m) => /waits for approval/.test(m.message)), 'the note that the rollback waits for approval', 10_000);
    await eventually(() => (environmentNode('production')?.children[0]?.label.startsWith('next: waiting for approval') ? true : undefined), 'the waiting rollback under production', 20_000);

    // Riley approves, Dana plays: production runs Ship v1 again.
    const job = server.state.jobs.get(started.job.id)!;
    approveDeployment(server.state, demo.users.reviewer, server.state.deploymentOfJob(job)!, 'approved', null);
    server.advance(1000);
    playJob(server.state, demo.users.developer, job);
    server.advance(120_000);
    await vscode.commands.executeCommand(Commands.refreshEnvironments);
    await eventually(() => (environmentNode('production')?.description?.includes(`${v1.sha.slice(0, 8)} Ship v1`) ? true : undefined), 'production back on Ship v1', 20_000);
    assert.equal(retries(), 1, 'sent once');
  });
});
