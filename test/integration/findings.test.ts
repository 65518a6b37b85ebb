import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReleasePilotApi } from '../../src/extension';
import type { DemoScenario, GitLabServer, Pipeline } from '../gitlab-server';
import { failUnitTests } from '../gitlab-server';
import type { DemoGitLab } from './support';
import { eventually, findNode, startDemoGitLab, workspaceUri } from './support';


/**
 * Issue 15 in a real extension host: the MR pipeline of the demo project failed a unit test and its
 * lint job kept a Code Quality report; the failed test shows under its job in the Release Lanes and
 * both show as diagnostics in the sample workspace's files.
 */
describe('Findings from the pipeline against a local GitLab', function () {
  this.timeout(60_000);
  let gitlab: DemoGitLab;
  let server: GitLabServer;
  let demo: DemoScenario;
  let mr: Pipeline;
  let api: ReleasePilotApi;

  before(async () => {
    gitlab = await startDemoGitLab();
    ({ server, demo, api } = gitlab);
    demo.start('master');
    demo.start('dev');
    mr = demo.start('mr');
    failUnitTests(gitlab.state, mr);
    server.advance(20 * 60_000);
  });

  after(() => gitlab.close());

  it('shows the failed test under its job and the findings at their lines, linked to the job', async () => {
    await gitlab.signIn();
    const failed = await eventually(() => findNode(api.lanesTree(), (n) => n.kind === 'finding' && n.label === 'checkout batches stock checks into one request'), 'a failed-test node', 30_000);
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

    const gone = findNode(api.lanesTree(), (n) => n.kind === 'finding' && n.label === 'src/legacy/cart.ts:40');
    assert.ok(gone, 'a finding in a file the working tree lacks is listed in the tree');
  });
});
