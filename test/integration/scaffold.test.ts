/**
 * "Create Release Pipeline" in a real extension host, through the real command, its questions
 * answered like a person would (WindowAnswers): the files it writes are checked by the
 * extension's own diagnostics, and nothing is replaced without consent.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/vscode/ids';
import type { WindowAnswer } from './windowAnswers';
import { WindowAnswers } from './windowAnswers';
import { activeExtension, eventually, workspaceUri } from './support';

interface Outcome {
  readonly kind: 'written' | 'cancelled';
  readonly include?: string;
  readonly reason?: string;
}

const read = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const errorsOf = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

/** The lane CodeLens title above each of `jobs` once all have one (the lenses follow the analysis, so wait). */
async function laneLenses(uri: vscode.Uri, jobs: readonly string[]): Promise<Record<string, string>> {
  const document = await vscode.workspace.openTextDocument(uri);
  return eventually(async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles: Record<string, string> = {};
    for (const lens of lenses) {
      const job = /^([\w-]+):/.exec(document.lineAt(lens.range.start.line).text)?.[1];
      if (lens.command?.command === Commands.previewPipeline && job && jobs.includes(job)) titles[job] = lens.command.title;
    }
    return jobs.every((job) => job in titles) ? titles : undefined;
  }, `lane CodeLenses above ${jobs.join(', ')}`, 20_000);
}

/**
 * The extension reports the file clean. An empty list alone could mean "not checked yet", so a
 * syntax error is typed in first and must appear, then undone and must go away.
 */
async function assertCheckedClean(uri: vscode.Uri): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const end = document.lineAt(document.lineCount - 1).range.end;
  await editor.edit((b) => b.insert(end, '\nbroken: [unclosed\n'));
  await eventually(() => (errorsOf(uri).length > 0 ? true : undefined), `the extension to report the syntax error typed into ${uri.fsPath}`);
  await vscode.commands.executeCommand('undo');
  await eventually(() => (document.getText().includes('broken: [unclosed') ? undefined : true), 'the undo');
  await document.save();
  const left = await eventually(() => (errorsOf(uri).length === 0 ? [] : undefined), `no errors in ${uri.fsPath} (still: ${errorsOf(uri).map((d) => d.message).join('; ')})`);
  assert.deepEqual(left, []);
}

describe('Create Release Pipeline (scaffold)', function () {
  this.timeout(60_000);
  let answers: WindowAnswers | undefined;
  /** Runs the command on `folder`, answering its questions from `script`. */
  const create = async (folder: vscode.Uri, script: Readonly<Record<string, WindowAnswer>>): Promise<Outcome> => {
    answers = new WindowAnswers(script);
    try {
      const outcome = await vscode.commands.executeCommand<Outcome | undefined>(Commands.createReleasePipeline, folder);
      assert.ok(outcome, 'the command returned its outcome');
      return outcome;
    } finally {
      answers.dispose();
    }
  };

  before(async () => {
    await activeExtension();
  });

  it('is a command of the extension', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('releasePilot.createReleasePipeline'));
  });

  describe('in a project without a CI file', () => {
    const folder = (): vscode.Uri => workspaceUri('scaffold-fresh');
    before(async () => {
      await vscode.workspace.fs.createDirectory(folder());
    });
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(folder(), { recursive: true });
    });

    it('writes a .gitlab-ci.yml with the answers, opens it, and the extension finds no error in it', async () => {
      const outcome = await create(folder(), { 'integration branch': 'develop', 'release branch': 'main', 'how the code is built': 'Python', 'canary nodes': 'canary-eu' });
      assert.equal(outcome.kind, 'written');
      const uri = vscode.Uri.joinPath(folder(), '.gitlab-ci.yml');
      const text = await read(uri);
      assert.match(text, /RELEASE_DEV_BRANCH: develop/);
      assert.match(text, /name: canary-eu/);
      assert.match(text, /image: python:3\.12-slim/);
      // The code check comes first, and every report is both a report and an archive file.
      assert.match(text, /^code-check:\n {2}stage: build\n/m);
      assert.match(text, /ruff check --output-format=gitlab --output-file=gl-code-quality-report\.json/);
      assert.match(text, /paths:\n {6}- gl-code-quality-report\.json\n {4}reports:\n {6}codequality: gl-code-quality-report\.json/);
      assert.match(text, /paths:\n {6}- junit\.xml\n {6}- coverage\.xml\n {4}reports:\n {6}junit: junit\.xml\n {6}coverage_report:/);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
      await assertCheckedClean(uri);
    });

    it('sends the pipeline to .gitlab/ci/ once the project has a CI file of its own, and includes it from there', async () => {
      const uri = vscode.Uri.joinPath(folder(), '.gitlab-ci.yml');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# mine\nlint:\n  script: [make lint]\n'));
      // The file is open from the previous test: wait until the editor has seen the change on disk.
      await eventually(() => (vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath)?.getText().startsWith('# mine') === false ? undefined : true), 'the editor to reload the file');
      const outcome = await create(folder(), { 'how the code is built': 'Go' });
      assert.equal(outcome.kind === 'written' ? outcome.include : outcome.reason, 'applied');
      const root = await read(uri);
      assert.ok(root.includes('# mine\nlint:\n  script: [make lint]\n'), root);
      assert.match(root, /local: '?\.gitlab\/ci\/release-pilot\.yml/);
      assert.match(await read(vscode.Uri.joinPath(folder(), '.gitlab', 'ci', 'release-pilot.yml')), /image: golang/);
    });
  });

  describe('in a project that has a .gitlab-ci.yml', () => {
    const root = (): vscode.Uri => workspaceUri('.gitlab-ci.yml');
    const included = (): vscode.Uri => workspaceUri('.gitlab', 'ci', 'release-pilot.yml');
    let original = '';
    before(async () => {
      original = await read(root());
    });
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.writeFile(root(), new TextEncoder().encode(original));
      await vscode.workspace.fs.delete(included()).then(undefined, () => undefined);
    });

    it('writes .gitlab/ci/release-pilot.yml, includes it from .gitlab-ci.yml (undoably), and both check clean', async () => {
      const outcome = await create(workspaceUri(), { 'how the code is built': 'Node.js' });
      assert.equal(outcome.kind, 'written');
      assert.equal(outcome.include, 'applied');
      assert.match(await read(root()), /release-pilot\.yml/);
      assert.ok((await read(root())).startsWith(original.split('\n')[0] ?? ''), 'the rest of the root file is kept');
      assert.match(await read(included()), /stage: canary/);
      await assertCheckedClean(included());
      // The lanes the editor previews (MR, dev, master) run the checks; SonarQube waits for its CI/CD variables.
      assert.deepEqual(await laneLenses(included(), ['code-check', 'unit-test', 'sonarqube']), {
        'code-check': 'MR · dev · master',
        'unit-test': 'MR · dev · master',
        sonarqube: 'No lane while unset: $SONAR_HOST_URL, $SONAR_TOKEN',
      });
    });

    it('asks before replacing the included file and keeps it when told no', async () => {
      const before = await read(included());
      const outcome = await create(workspaceUri(), { 'how the code is built': 'Docker' });
      assert.equal(outcome.kind, 'cancelled');
      assert.equal(await read(included()), before);
      assert.match(answers?.messages.find((m) => m.modal)?.message ?? '', /already exists\. Replace it/);
    });

    it('replaces the included file when the person agrees, without including it twice', async () => {
      const outcome = await create(workspaceUri(), { 'how the code is built': 'Docker', 'already exists': true });
      assert.equal(outcome.kind, 'written');
      assert.match(await read(included()), /docker build --pull --target test/);
      assert.equal((await read(root())).match(/release-pilot\.yml/g)?.length, 1);
    });
  });
});
