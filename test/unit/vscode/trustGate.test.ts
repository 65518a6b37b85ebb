import { strict as assert } from 'node:assert';
import type { Logger } from '../../../src/core/logger';
import type { WorkspaceTrust } from '../../../src/vscode/trustGate';
import { registerWhenTrusted } from '../../../src/vscode/trustGate';

/**
 * The workspace-trust gate (`whenTrusted` in src/vscode/workspaceTrust.ts delegates to it) with a
 * fake workspace. Not run in the real host: the harness starts code-server and Electron with
 * `--disable-workspace-trust`, which makes every folder trusted, and VS Code offers an extension
 * no way to revoke or grant trust without the person's dialog; a Restricted-Mode window would
 * need a code-server run of its own with trust enabled.
 */
class FakeWorkspace implements WorkspaceTrust {
  private listeners: (() => void)[] = [];
  constructor(public isTrusted: boolean) {}

  onDidGrantWorkspaceTrust(listener: () => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  }

  grant(): void {
    this.isTrusted = true;
    for (const listener of [...this.listeners]) listener();
  }

  get waiting(): number {
    return this.listeners.length;
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('registerWhenTrusted (workspace trust)', () => {
  it('registers the release features at once in a trusted workspace', () => {
    let registered = 0;
    const waiting = registerWhenTrusted(new FakeWorkspace(true), recordingLogger(), () => void registered++);
    assert.equal(registered, 1);
    assert.equal(waiting, undefined);
  });

  it('registers nothing in an untrusted workspace, says why, and registers once when trust is granted', () => {
    const workspace = new FakeWorkspace(false);
    const logger = recordingLogger();
    let registered = 0;
    const waiting = registerWhenTrusted(workspace, logger, () => void registered++);
    assert.equal(registered, 0, 'no GitLab, lanes, release or canary feature before trust');
    assert.ok(waiting, 'a subscription the caller owns');
    assert.match(logger.lines.join('\n'), /^info: Restricted Mode: .*start once this workspace is trusted/m);
    workspace.grant();
    assert.equal(registered, 1);
    assert.equal(workspace.waiting, 0, 'stops listening once registered');
    workspace.grant();
    assert.equal(registered, 1, 'never twice');
  });

  it('never registers when the window closes before trust is granted', () => {
    const workspace = new FakeWorkspace(false);
    let registered = 0;
    registerWhenTrusted(workspace, recordingLogger(), () => void registered++)?.dispose();
    workspace.grant();
    assert.equal(registered, 0);
  });

  it('logs a failure to start after the grant instead of throwing into the editor', () => {
    const workspace = new FakeWorkspace(false);
    const logger = recordingLogger();
    registerWhenTrusted(workspace, logger, () => {
      throw new Error('no Git extension');
    });
    assert.doesNotThrow(() => workspace.grant());
    assert.match(logger.lines.join('\n'), /^error: Release Pilot could not start its release features: no Git extension$/m);
  });
});
