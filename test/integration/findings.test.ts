import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReleasePilotApi } from '../../src/extension';
import type { TreeNode } from '../../src/core/lanes/treeModel';
import { Commands } from '../../src/vscode/ids';
import type { DemoScenario, GitLabServer, Pipeline } from '../gitlab-server';
import { buildDemoScenario, FakeClock, FakeGitLabState, failUnitTests, startGitLabServer } from '../gitlab-server';
import { activeExtension, eventually, workspaceUri } from './support';

function find(nodes: readonly TreeNode[], match: (n: TreeNode) => boolean): TreeNode | undefined {
  for (const node of nodes) {
    if (match(node)) return node;
    const inner = find(node.children, match);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Issue 15 in a real extension host: the MR pipeline of the demo project failed a unit test and its
 * lint job kept a Code Quality report; the failed test shows under its job in the Release Lanes and
 * both show as diagnostics in the sample workspace's files.
 */
describe('Findings from the pipeline against a local GitLab', function () {
  this.timeout(60_000);
  let server: GitLabServer;
  let demo: DemoScenario;
  let mr: Pipeline;
  let api: ReleasePilotApi;

  before(async () => {
    const port = Number(process.env.RELEASE_PILOT_TEST_GITLAB_PORT);
    assert.ok(port > 0, 'the harness must set RELEASE_PILOT_TEST_GITLAB_PORT');
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ port, clock, state });
    demo.start('master');
    demo.start('dev');
    mr = demo.start('mr');
    failUnitTests(state, mr);
    server.advance(20 * 60_000);
    api = (await activeExtension()).exports as ReleasePilotApi;
  });

  after(async () => {
    await vscode.commands.executeCommand(Commands.signOut, { url: server.url });
    await server.close();
  });

  it('shows the failed test under its job and the findings at their lines, linked to the job', async () => {
    const signedIn = await vscode.commands.executeCommand<boolean>(Commands.signIn, { url: server.url, token: demo.tokens.developer });
    assert.equal(signedIn, true);
    const failed = await eventually(() => find(api.lanesTree(), (n) => n.kind === 'finding' && n.label === 'checkout batches stock checks into one request'), 'a failed-test node', 30_000);
    assert.match(failed.description ?? '', /test\/checkout\.test\.ts:13/);
    assert.match(failed.id, new RegExp(`/job:${server.state.findJob(mr, 'unit-tests')?.id}/finding:`));

    const lintJob = server.state.findJob(mr, 'lint');
    const source = workspaceUri('src', 'checkout.ts');
    const quality = await eventually(() => vscode.languages.getDiagnostics(source).find((d) => d.source === 'GitLab CI' && typeof d.code === 'object' && d.code.value === 'complexity'), 'a code-quality diagnostic', 30_000);
    assert.equal(quality.range.start.line, 8);
    assert.equal(quality.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(typeof quality.code === 'object' ? quality.code.target.toString(true) : '', `${server.url}/group/demo-service/-/jobs/${lintJob?.id}`);

    const test = vscode.languages.getDiagnostics(workspaceUri('test', 'checkout.test.ts')).find((d) => d.source === 'GitLab CI');
    assert.equal(test?.range.start.line, 12);
    assert.match(test?.message ?? '', /Test failed in unit-tests: checkout batches stock checks/);

    const gone = find(api.lanesTree(), (n) => n.kind === 'finding' && n.label === 'src/legacy/cart.ts:40');
    assert.ok(gone, 'a finding in a file the working tree lacks is listed in the tree');
  });
});
