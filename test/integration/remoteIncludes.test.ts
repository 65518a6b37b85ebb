import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { Commands, Schemes } from '../../src/vscode/ids';
import type { DemoScenario, GitLabServer } from '../gitlab-server';
import { PLATFORM_PROJECT_PATH, startIncludesServer } from '../gitlab-server';
import { activeExtension, eventually, workspaceUri } from './support';
import { WindowAnswers } from './windowAnswers';

/**
 * Includes from another project and a CI template, read through the signed-in local GitLab
 * (issue 14): the workspace's repository names the instance through its `origin` remote. Before
 * they are read, a `needs` typo hides behind "may come from an include" (a warning); once read it
 * is an error, `.build-base` from the other project opens read-only, and with the server gone
 * the next analysis still has the files (the include cache).
 */
describe('Remote includes through the signed-in GitLab', function () {
  this.timeout(60_000);
  const file = workspaceUri('shared-ci.gitlab-ci.yml');
  const config = [
    'include:',
    `  - project: ${PLATFORM_PROJECT_PATH}`,
    '    file: /ci/build.yml',
    '  - template: Jobs/Code-Quality.gitlab-ci.yml',
    '',
    'stages: [build, test]',
    '',
    'compile:',
    '  extends: .build-base',
    '',
    'report:',
    '  stage: test',
    '  needs: [compile, code_quality, compyle]',
    '  script: [echo report]',
    '',
  ].join('\n');
  let server: GitLabServer;
  let serverUrl: string;
  let running = false;

  before(async () => {
    const port = Number(process.env.RELEASE_PILOT_TEST_GITLAB_PORT);
    assert.ok(port > 0, 'the harness must set RELEASE_PILOT_TEST_GITLAB_PORT');
    let demo: DemoScenario;
    ({ server, demo } = await startIncludesServer({ port }));
    running = true;
    serverUrl = server.url;
    await activeExtension();
    fs.writeFileSync(file.fsPath, config);
    const signedIn = await vscode.commands.executeCommand<boolean>(Commands.signIn, { url: serverUrl, token: demo.tokens.developer });
    assert.equal(signedIn, true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(Commands.clearIncludeCache);
    await vscode.commands.executeCommand(Commands.signOut, { url: serverUrl });
    fs.rmSync(file.fsPath, { force: true });
    if (running) await server.close();
  });

  const diagnostics = (code: string): vscode.Diagnostic[] => vscode.languages.getDiagnostics(file).filter((d) => d.code === code);

  it('makes a `needs` typo an exact error once the included files are read', async () => {
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const typo = await eventually(() => {
      const found = diagnostics('needs-undefined-job');
      const pending = vscode.languages.getDiagnostics(file).some((d) => d.code === 'include-remote-pending');
      return !pending && found.length === 1 && found[0]?.severity === vscode.DiagnosticSeverity.Error ? found[0] : undefined;
    }, 'the typo as an error, nothing pending', 30_000);
    assert.match(typo.message, /compyle/);
    // Jobs and templates of the included files are known: nothing else is flagged.
    const errors = vscode.languages.getDiagnostics(file).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => d.code), ['needs-undefined-job']);
    assert.deepEqual(server.requests.entries().filter((r) => r.path.includes('/repository/files/')).length > 0, true);
  });

  it('goes to the definition of `.build-base` in the other project, opened read-only', async () => {
    const document = await vscode.workspace.openTextDocument(file);
    const line = document.getText().split('\n').findIndex((l) => l.includes('extends: .build-base'));
    const character = document.lineAt(line).text.indexOf('.build-base') + 2;
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', file, new vscode.Position(line, character));
    const target = locations[0];
    assert.ok(target, 'a definition was found');
    const uri = 'targetUri' in target ? target.targetUri : target.uri;
    assert.equal(uri.scheme, Schemes.remoteInclude);
    assert.match(uri.path, /platform\/ci-templates\/.*\/ci\/build\.yml$/);
    const remote = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(remote);
    assert.match(remote.getText(), /^\.build-base:/m);
    // Opened as GitLab CI (not plain YAML), so hover and navigation work inside it too.
    const shown = await eventually(() => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === 'gitlab-ci'), 'the include checked as GitLab CI');
    // Navigation works inside it: its own `extends: .common` leads to the file it includes from its project.
    const inner = shown.getText().split('\n').findIndex((l) => l.includes('extends: .common'));
    const innerTargets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, new vscode.Position(inner, shown.lineAt(inner).text.indexOf('.common') + 2));
    const common = innerTargets[0];
    assert.ok(common, 'a definition inside the included file');
    assert.match(('targetUri' in common ? common.targetUri : common.uri).path, /\/ci\/common\.yml$/);
    // A content provider's document: nothing can write it back (no file system serves the scheme).
    assert.equal(vscode.workspace.fs.isWritableFileSystem(Schemes.remoteInclude), undefined);
    await vscode.window.showTextDocument(shown);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# changed\n');
    await vscode.workspace.applyEdit(edit);
    assert.equal(await shown.save(), false, 'the included file cannot be saved');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('links the include entries to the files they brought in', async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', file);
    const targets = links.map((l) => l.target?.scheme === Schemes.remoteInclude ? l.target.path : '').filter(Boolean);
    assert.ok(targets.some((p) => p.endsWith('/ci/build.yml')), `links: ${targets.join(', ')}`);
    assert.ok(targets.some((p) => p.includes('Jobs/Code-Quality')), `links: ${targets.join(', ')}`);
  });

  it('analyses again from the cache once GitLab is gone', async () => {
    await server.close();
    running = false;
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(file, new vscode.Position(0, 0), '# analysed again without GitLab\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await eventually(() => {
      const typo = diagnostics('needs-undefined-job')[0];
      return typo && typo.range.start.line === 13 && typo.severity === vscode.DiagnosticSeverity.Error ? true : undefined;
    }, 'the re-analysis (one line down) still knows the included jobs', 20_000);
    // The extension sets string codes only.
    const codes = vscode.languages.getDiagnostics(file).map((d) => (typeof d.code === 'string' ? d.code : ''));
    assert.ok(!codes.includes('include-remote-unreachable') && !codes.includes('include-remote-pending'), `codes: ${codes.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
  it('asks before downloading an include:remote; after "Cancel" the include offers a quick fix that allows the host', async () => {
    const remoteFile = workspaceUri('remote-ci.gitlab-ci.yml');
    // Unscripted modals are dismissed: the person answers "not now".
    const answers = new WindowAnswers();
    try {
      fs.writeFileSync(remoteFile.fsPath, ['include:', '  - remote: https://ci.example.invalid/shared/ci.yml', '', 'job:', '  script: [echo]', ''].join('\n'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(remoteFile));
      const finding = await eventually(
        () => vscode.languages.getDiagnostics(remoteFile).find((d) => d.code === 'include-remote-host-not-allowed'),
        'the finding left after "not now"',
        20_000,
      );
      assert.match(finding.message, /Release Pilot: Allow Remote Include Host/);
      const asked = answers.messages.filter((m) => m.modal);
      assert.deepEqual(asked.map((m) => m.message), ['Allow Release Pilot to download CI includes from https://ci.example.invalid?']);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', remoteFile, finding.range);
      const allow = actions.find((a) => a.title === 'Allow downloads of CI includes from https://ci.example.invalid');
      assert.ok(allow, `actions: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(allow.command?.command, Commands.allowRemoteIncludeHost);
      assert.deepEqual(allow.command.arguments, ['https://ci.example.invalid']);
    } finally {
      answers.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(remoteFile.fsPath, { force: true });
    }
  });
});
