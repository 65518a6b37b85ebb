/**
 * The pipeline preview in a real extension host: the CodeLens provider and the Preview Pipeline
 * command as the editor runs them, first offline (lanes from the settings' defaults and the
 * workspace's branch), then against the local GitLab server (a lane pipeline GitLab ran for the
 * same commit, and GitLab's dry run). The evaluation itself is covered by test/unit/core/preview.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { PreviewComparison } from '../../src/core/preview';
import type { ReleasePilotApi } from '../../src/extension';
import { Commands } from '../../src/vscode/ids';
import type { PreviewShown } from '../../src/vscode/preview/pipelinePreviewPanel';
import type { DemoScenario, GitLabServer } from '../gitlab-server';
import type { FakeGitLabState } from '../gitlab-server';
import { createPipeline } from '../gitlab-server';
import { lintCi } from '../gitlab-server/ciLint';
import type { DemoGitLab } from './support';
import { activeExtension, eventually, startDemoGitLab, workspaceUri } from './support';
import { WindowAnswers } from './windowAnswers';

/** Each CodeLens title by the job name on its line. */
async function lensesOf(uri: vscode.Uri, until: (titles: Map<string, string>) => boolean): Promise<Map<string, string>> {
  const document = await vscode.workspace.openTextDocument(uri);
  return eventually(async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = new Map<string, string>();
    for (const lens of lenses.filter((l) => l.command?.command === Commands.previewPipeline)) {
      const job = /^([^\s#][^:]*(?::[^:\s]+)*):/.exec(document.lineAt(lens.range.start.line).text)?.[1];
      if (job && lens.command) titles.set(job, lens.command.title);
    }
    return until(titles) ? titles : undefined;
  }, 'the lane CodeLenses', 20_000);
}

const names = (shown: PreviewShown): string[] => shown.stages.flatMap((s) => s.jobs.map((j) => j.name));

describe('Pipeline preview in the editor', function () {
  this.timeout(90_000);
  let answers: WindowAnswers | undefined;
  const answer = (...args: ConstructorParameters<typeof WindowAnswers>): WindowAnswers => {
    answers?.dispose();
    answers = new WindowAnswers(...args);
    return answers;
  };

  before(async () => {
    await activeExtension();
  });
  afterEach(async () => {
    answers?.dispose();
    answers = undefined;
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('puts a CodeLens above each job saying which lanes run it, in the entry file and in an included one', async () => {
    const entry = await lensesOf(workspaceUri('.gitlab-ci.yml'), (t) => t.size >= 5);
    assert.deepEqual(Object.fromEntries(entry), {
      'deploy:review': 'MR',
      'stop:review': 'MR (manual)',
      'deploy:staging': 'dev',
      'integration-tests': 'MR · dev',
      production: 'master (manual)',
    });
    const release = await lensesOf(workspaceUri('.gitlab', 'ci', 'release.yml'), (t) => t.size >= 2);
    assert.deepEqual(Object.fromEntries(release), { canary: 'dev', clear: 'master' });
  });

  it('follows an edit: a job no lane runs gets "Runs in no lane" and a warning', async () => {
    const uri = workspaceUri('.gitlab-ci.yml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(document.lineCount, 0), '\nrelease-notes:\n  stage: prod\n  script: notes\n  rules:\n    - if: $CI_COMMIT_TAG\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const titles = await lensesOf(uri, (t) => t.has('release-notes'));
    assert.equal(titles.get('release-notes'), 'Runs in no lane');
    const warning = await eventually(
      () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'preview-job-in-no-lane'),
      'the jobs-in-no-lane warning',
      20_000,
    );
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.lineAt(warning.range.start.line).text, 'release-notes:');
    assert.match(warning.message, /release-notes.*none of the lanes \(MR, dev, master\)/);
  });

  it('Preview Pipeline... draws the chosen lane\'s stages and jobs', async () => {
    await vscode.window.showTextDocument(workspaceUri('.gitlab-ci.yml'));
    const asked = answer({ 'Preview the pipeline of': 'dev' });
    const shown = await vscode.commands.executeCommand<PreviewShown | undefined>(Commands.previewPipeline);
    assert.ok(shown, 'a preview was shown');
    assert.deepEqual(asked.asked, ['Preview the pipeline of']);
    assert.equal(shown.title, 'Push to dev');
    assert.equal(shown.created, true);
    assert.deepEqual(shown.stages.map((s) => s.stage), ['build', 'package', 'deploy', 'test', 'canary']);
    assert.ok(names(shown).includes('canary') && !names(shown).includes('deploy:review'));
  });

  it('previews a branch the person names, as a push', async () => {
    answer({ 'Preview the pipeline of': 'Another branch', 'Branch to preview': 'master' });
    const shown = await vscode.commands.executeCommand<PreviewShown | undefined>(Commands.previewPipeline, { uri: workspaceUri('.gitlab-ci.yml') });
    assert.ok(shown);
    assert.equal(shown.title, 'Push to master');
    assert.ok(names(shown).includes('production') && names(shown).includes('clear'));
  });

  describe('against GitLab', () => {
    let gitlab: DemoGitLab;
    let server: GitLabServer;
    let state: FakeGitLabState;
    let demo: DemoScenario;
    let api: ReleasePilotApi;

    before(async () => {
      gitlab = await startDemoGitLab();
      ({ server, state, demo, api } = gitlab);
      await gitlab.signIn();
    });
    after(() => gitlab.close());

    it("shows the jobs GitLab created for the same commit that the preview did not predict, and the reverse", async () => {
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspaceUri().fsPath, encoding: 'utf8' }).trim();
      // GitLab's MR pipeline for the commit the workspace is on: one predicted job missing, one unexpected.
      createPipeline(state, demo.project, {
        ref: `refs/merge-requests/${demo.mergeRequest.iid}/head`,
        sha: head,
        user: demo.users.developer,
        source: 'merge_request_event',
        mergeRequestIid: demo.mergeRequest.iid,
        spec: {
          stages: ['build', 'package', 'deploy', 'test'],
          jobs: [
            { name: 'lint', stage: 'build' }, { name: 'unit-tests', stage: 'build' }, { name: 'package', stage: 'package' },
            { name: 'deploy:review', stage: 'deploy' }, { name: 'stop:review', stage: 'deploy', when: 'manual' },
            { name: 'security-scan', stage: 'test' },
          ],
        },
      });
      await api.refreshLanes();
      await eventually(() => (api.lanesTree().some((n) => n.label.startsWith('Merge request !')) ? true : undefined), 'the MR lane', 20_000);
      const shown = await vscode.commands.executeCommand<PreviewShown | undefined>(Commands.previewPipeline, { uri: workspaceUri('.gitlab-ci.yml'), lane: 'mr' });
      assert.ok(shown);
      assert.equal(shown.title, `Merge request: ${demo.mergeRequest.sourceBranch} into ${demo.mergeRequest.targetBranch}`);
      assert.equal(shown.comparisons.length, 1);
      const [comparison] = shown.comparisons;
      assert.match(comparison?.subject ?? '', new RegExp(`pipeline #\\d+ \\(${head.slice(0, 8)}\\)`));
      assert.deepEqual(comparison?.diff, { unpredicted: ['security-scan'], missing: ['integration-tests'] });
    });

    it('says when the lane\'s pipeline ran for another commit', async () => {
      // The demo's dev branch has no pipeline yet; start one on its head, which is not the workspace's commit.
      demo.start('dev');
      await api.refreshLanes();
      const again = await vscode.commands.executeCommand<PreviewShown | undefined>(Commands.previewPipeline, { uri: workspaceUri('.gitlab-ci.yml'), lane: 'dev' });
      assert.ok(again);
      assert.match(again.comparisons[0]?.note ?? '', /another commit/);
    });

    it("Validate with GitLab shows GitLab's refusal of the configuration in the preview", async () => {
      // The local server's lint does not read include:local files, so the workspace's needs on included jobs fail there.
      const shown = await vscode.commands.executeCommand<PreviewShown | undefined>(Commands.previewPipeline, { uri: workspaceUri('.gitlab-ci.yml'), lane: 'dev' });
      assert.ok(shown);
      const comparison = await vscode.commands.executeCommand<PreviewComparison | undefined>(Commands.validatePreviewWithGitLab);
      assert.equal(comparison?.subject, "GitLab's dry run of a push to dev");
      assert.match(comparison?.note ?? '', /^GitLab refused the configuration: .*undefined need: package/);
    });

    it("Validate with GitLab runs GitLab's dry run on the ref and compares its jobs with the preview", async () => {
      const uri = workspaceUri('.gitlab-ci.yml');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), [
        'stages: [build, deploy]',
        'build:\n  stage: build\n  script: make',
        'docs:\n  stage: build\n  script: make docs\n  rules:\n    - if: $CI_COMMIT_BRANCH == "dev"',
        'deploy:\n  stage: deploy\n  script: deploy\n  rules:\n    - if: $CI_COMMIT_BRANCH == "master"',
        '',
      ].join('\n'));
      assert.ok(await vscode.workspace.applyEdit(edit));
      const shown = await vscode.commands.executeCommand<PreviewShown | undefined>(Commands.previewPipeline, { uri, lane: 'dev' });
      assert.ok(shown);
      assert.deepEqual(names(shown), ['build', 'docs']);
      const before = server.requests.entries({ method: 'POST' }).length;
      const comparison = await vscode.commands.executeCommand<PreviewComparison | undefined>(Commands.validatePreviewWithGitLab);
      const lint = server.requests.entries({ method: 'POST' }).slice(before).filter((r) => /\/ci\/lint$/.test(r.path));
      assert.equal(lint.length, 1, 'one dry run was sent');
      assert.ok(comparison?.diff, comparison?.note);
      // Every job GitLab listed is either predicted or shown as unpredicted; a predicted job is missing exactly when GitLab did not list it.
      const listed = new Set((lintCi(document.getText(), { includeJobs: true }).jobs ?? []).map((j) => j.name));
      assert.ok(listed.has('build'));
      for (const name of listed) assert.ok(names(shown).includes(name) || comparison.diff.unpredicted.includes(name), `${name} is accounted for`);
      for (const name of names(shown)) assert.equal(comparison.diff.missing.includes(name), !listed.has(name), `${name} is missing only when GitLab did not list it`);
    });
  });
});

