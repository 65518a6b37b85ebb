import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/vscode/ids';
import { activeExtension, eventually, workspaceUri } from './support';

/** Edits a document in memory (as typing would) and returns a function that reverts it. */
async function edit(_document: vscode.TextDocument, apply: (e: vscode.WorkspaceEdit) => void): Promise<void> {
  const change = new vscode.WorkspaceEdit();
  apply(change);
  assert.ok(await vscode.workspace.applyEdit(change), 'edit was not applied');
}

async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

function lineOf(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.includes(text)) return i;
  throw new Error(`"${text}" not found in ${document.uri.fsPath}`);
}

const errorsWith = (uri: vscode.Uri, code: string): vscode.Diagnostic[] | undefined => {
  const found = vscode.languages.getDiagnostics(uri).filter((d) => d.code === code && d.severity === vscode.DiagnosticSeverity.Error);
  return found.length ? found : undefined;
};

describe('GitLab CI language service in the editor', function () {
  this.timeout(30_000);
  const main = workspaceUri('.gitlab-ci.yml');
  const build = workspaceUri('.gitlab', 'ci', 'build.yml');

  before(async () => {
    await activeExtension();
  });

  afterEach(async () => {
    for (const uri of [main, build]) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
      if (doc?.isDirty) await revert(doc);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows no errors for the valid sample project', async () => {
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    // The file is checked on open; an edit + revert round trip proves the check ran.
    await edit(document, (e) => e.insert(main, new vscode.Position(0, 0), '# touched\n'));
    await eventually(() => (vscode.languages.getDiagnostics(main).length === 0 ? true : undefined), 'a clean result for the sample project');
    const errors = vscode.languages.getDiagnostics(main).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => d.message), []);
  });

  it('reports a wrong `when` value at its exact range while typing, and clears it when fixed', async () => {
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    const line = lineOf(document, 'allow_failure: false') ;
    const lineText = document.lineAt(line).text;
    await edit(document, (e) => e.replace(main, new vscode.Range(line, 0, line, lineText.length), '  when: sometimes'));
    const [problem] = await eventually(() => errorsWith(main, 'schema-enum'), 'a schema-enum error on the edited line');
    assert.equal(problem?.range.start.line, line);
    assert.equal(document.getText(problem.range), 'sometimes');
    assert.match(problem.message, /on_success, on_failure, always, manual, delayed/);
    await edit(document, (e) => e.replace(main, new vscode.Range(line, 0, line, '  when: sometimes'.length), '  when: manual'));
    await eventually(() => (errorsWith(main, 'schema-enum') ? undefined : true), 'the error to go away');
  });

  it('re-checks .gitlab-ci.yml when an included file changes', async () => {
    const document = await vscode.workspace.openTextDocument(build);
    await vscode.window.showTextDocument(document);
    const line = lineOf(document, 'package:');
    await edit(document, (e) => e.replace(build, new vscode.Range(line, 0, line, 'package:'.length), 'packaging:'));
    const [problem] = await eventually(() => errorsWith(main, 'needs-undefined-job'), 'needs-undefined-job on .gitlab-ci.yml');
    assert.match(problem!.message, /needs `package`/);
  });

  it('completes stage names after `stage:`', async () => {
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    const line = lineOf(document, 'stage: test');
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('stage: ') + 'stage: '.length);
    await edit(document, (e) => e.replace(main, new vscode.Range(position, position.translate(0, 'test'.length)), ''));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', main, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const stage of ['build', 'package', 'deploy', 'test', 'canary', 'clear', 'prod']) assert.ok(labels.includes(stage), `${stage} not offered: ${labels.join(', ')}`);
  });

  it('completes job keywords at the nesting level of the cursor', async () => {
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    const line = lineOf(document, 'integration-tests:') + 1;
    await edit(document, (e) => e.insert(main, new vscode.Position(line, 0), '  art\n'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', main, new vscode.Position(line, 5));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('artifacts'));
    assert.ok(!labels.includes('stages'), 'top-level keywords are not offered inside a job');
  });

  it('goes from a needs entry to the job defined in the included file', async () => {
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    const line = lineOf(document, 'needs: [package]');
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('package') + 2);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', main, position);
    assert.equal(locations.length, 1);
    const target = locations[0]!;
    const uri = 'uri' in target ? target.uri : target.targetUri;
    const range = 'range' in target ? target.range : target.targetRange;
    assert.equal(uri.fsPath, build.fsPath);
    const buildDoc = await vscode.workspace.openTextDocument(build);
    assert.equal(buildDoc.lineAt(range.start.line).text, 'package:');
  });

  it('opens the merged configuration read-only with extends resolved', async () => {
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    const merged = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(Commands.showMergedConfiguration, main);
    assert.ok(merged, 'no merged document');
    const text = merged.getText();
    assert.match(text, /^production:/m);
    assert.match(text, /deployer rollout --image "\$IMAGE" --environment "\$CI_ENVIRONMENT_NAME"/, 'the production job got .deploy-base script');
    assert.match(text, /^canary:/m, 'jobs of included files are merged in');
    assert.doesNotMatch(text, /^include:/m);
  });
});
