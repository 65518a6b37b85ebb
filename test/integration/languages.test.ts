import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../src/vscode/ids';
import { workspaceUri } from './support';

describe('GitLab CI language', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const files: [string, string[]][] = [
    ['the root .gitlab-ci.yml', ['.gitlab-ci.yml']],
    ['an included file under .gitlab/ci/', ['.gitlab', 'ci', 'build.yml']],
  ];

  for (const [what, segments] of files) {
    it(`is the language of ${what}`, async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
      await vscode.window.showTextDocument(document);
      assert.equal(document.languageId, LANGUAGE_ID);
    });
  }

  it('leaves other YAML files of the workspace alone', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('deploy', 'values.yml'));
    assert.notEqual(document.languageId, LANGUAGE_ID);
  });
});
