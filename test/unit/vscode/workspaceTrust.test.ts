import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, Settings } from '../../../src/vscode/ids';
import { REPO_ROOT } from '../../support/paths';

interface TrustManifest {
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; enablement?: string }[];
    viewsWelcome: { view: string; contents: string; when?: string }[];
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as TrustManifest;

/** What works in Restricted Mode: reading and checking files, nothing that reaches a server on the repository's word. */
const UNTRUSTED_COMMANDS: readonly string[] = [Commands.showMergedConfiguration, Commands.showLog, Commands.createReleasePipeline];
/** Settings a repository could use to aim the extension at another project, host or gate. */
const RESTRICTED_SETTINGS: readonly string[] = [Settings.projectPath, Settings.remoteName, Settings.canaryPrometheusUrl, Settings.gatePatterns];

describe('package.json: workspace trust', () => {
  const declared = manifest.capabilities?.untrustedWorkspaces;

  it('declares limited support for untrusted workspaces, with a description', () => {
    assert.equal(declared?.supported, 'limited');
    assert.ok((declared?.description ?? '').length > 40);
  });

  it('restricts exactly the settings that choose the project, remote, Prometheus and gates', () => {
    assert.deepEqual([...(declared?.restrictedConfigurations ?? [])].sort(), [...RESTRICTED_SETTINGS].sort());
    for (const id of RESTRICTED_SETTINGS) assert.ok(manifest.contributes.configuration.properties[id], `${id} is a contributed setting`);
  });

  it('enables every command that reaches GitLab or Prometheus only in a trusted workspace', () => {
    const gated = manifest.contributes.commands.filter((c) => /(^|&& )isWorkspaceTrusted( &&|$)/.test(c.enablement ?? '')).map((c) => c.command);
    const expected = Object.values(Commands).filter((id) => !UNTRUSTED_COMMANDS.includes(id));
    assert.deepEqual(gated.sort(), [...expected].sort());
    for (const id of UNTRUSTED_COMMANDS) {
      const command = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(command && !(command.enablement ?? '').includes('isWorkspaceTrusted'), `${id} works in Restricted Mode`);
    }
  });

  it('explains Restricted Mode in the lanes view, and shows the other welcomes only when trusted', () => {
    const lanes = manifest.contributes.viewsWelcome.filter((w) => w.view === 'releasePilot.lanes');
    const restricted = lanes.filter((w) => w.when?.includes('!isWorkspaceTrusted'));
    assert.equal(restricted.length, 1);
    assert.match(restricted[0]!.contents, /command:workbench\.trust\.manage/);
    for (const welcome of lanes) {
      if (welcome === restricted[0] || welcome.when === 'workbenchState == empty') continue;
      assert.match(welcome.when ?? '', /^isWorkspaceTrusted && /, welcome.contents.slice(0, 40));
    }
  });
});
