import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, Views } from '../../src/vscode/ids';
import { activeExtension, EXTENSION_ID } from './support';

describe('Release Pilot in a real VS Code', () => {
  it('activates', async () => {
    const extension = await activeExtension();
    assert.equal(extension.isActive, true);
    assert.equal(extension.id, EXTENSION_ID);
  });

  it('registers every command it declares', async () => {
    await activeExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(Commands).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands declared in src/vscode/ids.ts but not registered: ${missing.join(', ')}`);
  });

  it('lets the Release Lanes view be focused', async () => {
    await activeExtension();
    // `<view id>.focus` only exists when the view is contributed; it reveals the container too.
    await assert.doesNotReject(Promise.resolve(vscode.commands.executeCommand(`${Views.lanes}.focus`)));
  });
});
