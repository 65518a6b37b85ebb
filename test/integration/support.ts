import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReleasePilotApi } from '../../src/extension';
import { Commands } from '../../src/vscode/ids';
import type { DemoScenario, GitLabServer } from '../gitlab-server';
import { buildDemoScenario, FakeClock, FakeGitLabState, startGitLabServer } from '../gitlab-server';

export const EXTENSION_ID = 'release-pilot.release-pilot';

/** The extension under test, activated. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
  await extension.activate();
  return extension;
}

/** A file of the sample workspace (test/fixtures/workspace) the host was opened on. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the extension host was started without a workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...segments));
}

export { eventually } from '../support/eventually';

/** Depth-first search of a rendered tree (the lanes, the environments). */
export function findNode<N extends { readonly children: readonly N[] }>(nodes: readonly N[], match: (n: N) => boolean): N | undefined {
  for (const node of nodes) {
    if (match(node)) return node;
    const inner = findNode(node.children, match);
    if (inner) return inner;
  }
  return undefined;
}

/** The demo project on the local GitLab-compatible server, with the extension's test API. */
export interface DemoGitLab {
  readonly server: GitLabServer;
  readonly state: FakeGitLabState;
  readonly demo: DemoScenario;
  readonly clock: FakeClock;
  readonly api: ReleasePilotApi;
  /** Signs in through the real command with one of the demo tokens; fails the test when refused. */
  signIn(who?: keyof DemoScenario['tokens']): Promise<void>;
  /** Signs out and stops the server. */
  close(): Promise<void>;
}

/**
 * Starts the demo project's server on the port the harness pointed the workspace's git remote at
 * (RELEASE_PILOT_TEST_GITLAB_PORT). Its clock only moves when the test says so.
 */
export async function startDemoGitLab(): Promise<DemoGitLab> {
  const port = Number(process.env['RELEASE_PILOT_TEST_GITLAB_PORT']);
  assert.ok(port > 0, 'the harness must set RELEASE_PILOT_TEST_GITLAB_PORT');
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  const demo = buildDemoScenario(state);
  const server = await startGitLabServer({ port, clock, state });
  const api = (await activeExtension()).exports as ReleasePilotApi;
  return {
    server, state, demo, clock, api,
    async signIn(who = 'developer') {
      assert.equal(await vscode.commands.executeCommand<boolean>(Commands.signIn, { url: server.url, token: demo.tokens[who] }), true, `signing in as ${who}`);
    },
    async close() {
      await vscode.commands.executeCommand(Commands.signOut, { url: server.url });
      await server.close();
    },
  };
}
