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

  it('declares limited Restricted Mode support, and starts the release features in this trusted workspace', async () => {
    const extension = await activeExtension();
    const capabilities = (extension.packageJSON as { capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: unknown } } }).capabilities;
    assert.equal(capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.ok(Array.isArray(capabilities?.untrustedWorkspaces?.restrictedConfigurations));
    // The harness opens a trusted window (code-server runs with --disable-workspace-trust), so the
    // features that need trust registered during activation; Restricted Mode itself is covered by
    // the manifest's unit test.
    assert.equal(vscode.workspace.isTrusted, true);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of [Commands.playJob, Commands.checkCanaryHealth, Commands.refreshLanes]) assert.ok(registered.has(id), id);
  });
});
