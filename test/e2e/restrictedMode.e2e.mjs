// Workspace trust in a real host: the packaged extension in a code-server of its own with VS Code's
// workspace trust ON (every other check switches it off), on a folder nobody trusted, which opens in
// Restricted Mode (`security.workspace.trust.startupPrompt: never`, as after closing the prompt).
// The folder is a repository whose remote is a local GitLab-compatible server started here, so its
// request log is this test's alone, and its workspace settings name another project and gate
// patterns (restricted settings, package.json `capabilities.untrustedWorkspaces`).
// What must hold untrusted: a broken .gitlab-ci.yml still gets its diagnostics; the lanes say they
// need trust; VS Code reports the workspace's restricted settings as not applied; GitLab hears
// nothing. Then the person trusts the folder: the lanes start without a reload, and only now does
// the workspace's project setting reach GitLab.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { createProfile, startCodeServer } from '../harness/code-server.mjs';
import { OUTPUT_DIR } from '../harness/env.mjs';
import { copyWorkspace } from '../harness/workspace.mjs';
import { WAIT, answerInput, openFile, openWorkbench, runCommand, screenshot, showReleasePilot } from './workbenchDriver.mjs';

const require = createRequire(import.meta.url);
/** The compiled local GitLab-compatible server (`npm run compile-tests`), run in this process for its request log. */
const gitlab = require('../../out/test/gitlab-server/index.js');

/** The project the workspace's settings name instead of the remote's (a restricted setting). */
const SETTINGS_PROJECT = 'group/named-by-workspace-settings';

/** A misspelt keyword: offline validation must flag it, trusted or not. */
const BROKEN_CI = `stages: [build]

build-job:
  stage: build
  scirpt: make
`;

describe('Restricted Mode (workspace trust on, folder not trusted)', function () {
  this.timeout(240_000);
  let server;
  let codeServer;
  let browser;
  let page;

  before(async () => {
    const bin = process.env.RELEASE_PILOT_E2E_CODE_SERVER_BIN;
    const extensionsDir = process.env.RELEASE_PILOT_E2E_EXTENSIONS_DIR;
    if (!bin || !extensionsDir) throw new Error('RELEASE_PILOT_E2E_* are not set: run this through test/harness/run-e2e.mjs');
    const clock = new gitlab.FakeClock();
    const state = new gitlab.FakeGitLabState(clock);
    gitlab.buildDemoScenario(state);
    server = await gitlab.startGitLabServer({ clock, state });
    const folder = copyWorkspace('restricted', { gitlabPort: Number(new URL(server.url).port) });
    writeFileSync(path.join(folder, '.gitlab-ci.yml'), BROKEN_CI);
    mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({
      'releasePilot.gitlab.projectPath': SETTINGS_PROJECT,
      'releasePilot.release.gatePatterns': { canary: ['^build-job$'] },
    }, null, 2));
    const profile = createProfile('e2e-restricted', { workspaceTrust: true, extensionsDir });
    codeServer = await startCodeServer(bin, profile, { logFile: path.join(OUTPUT_DIR, 'logs', 'e2e-restricted-server.log'), quiet: true });
    browser = await openWorkbench({ url: codeServer.url, folder });
    page = browser.page;
  });

  // What the workbench showed when a check failed (test-output/screenshots/).
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(page, 'restricted-mode-failure');
      console.log((await page.locator('.part.sidebar').innerText().catch(() => '')).slice(0, 2000));
    }
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await server?.close();
  });

  it('opens the folder in Restricted Mode', async () => {
    await page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).first().waitFor(WAIT);
  });

  it('still flags a misspelt keyword in .gitlab-ci.yml (offline validation works untrusted)', async () => {
    await openFile(page, '.gitlab-ci.yml');
    await page.locator('.editor-instance .squiggly-error').first().waitFor(WAIT);
    await runCommand(page, 'View: Focus Problems');
    await page.locator('.part.panel .markers-panel').getByText(/unknown keyword .scirpt. in job .build-job. \(did you mean .script.\?\)/).first().waitFor(WAIT);
  });

  it('says the lanes need trust, logs why, and sends nothing to GitLab', async () => {
    await showReleasePilot(page);
    await page.locator('.part.sidebar .welcome-view-content', { hasText: /This workspace is in Restricted Mode/ }).waitFor(WAIT);
    // The extension's own word that it took the restricted path (so it had every chance to call GitLab).
    await runCommand(page, 'Release Pilot: Show Log');
    await page.locator('.part.panel .view-lines', { hasText: /Restricted\sMode:\s\.gitlab-ci\.yml\schecking\sworks/ }).waitFor(WAIT);
    const seen = server.requests.entries().map((r) => `${r.method} ${r.path}`);
    if (seen.length > 0) throw new Error(`GitLab was called from a Restricted Mode window: ${seen.join(', ')}`);
  });

  it('has VS Code mark the workspace\'s restricted settings as not applied', async () => {
    await runCommand(page, 'Preferences: Open Workspace Settings');
    const search = page.locator('.settings-editor .suggest-input-container textarea, .settings-editor .search-container input').first();
    await search.waitFor(WAIT);
    for (const [id, title] of [['releasePilot.gitlab.projectPath', 'Gitlab: Project Path'], ['releasePilot.release.gatePatterns', 'Release: Gate Patterns']]) {
      await search.fill(id);
      // The setting's row carries VS Code's indicator for a workspace value it does not apply untrusted.
      await page.locator('.settings-editor .setting-item-contents', { hasText: title }).filter({ hasText: 'Requires workspace trust' }).first().waitFor(WAIT);
    }
  });

  it('starts the lanes once the folder is trusted, and only then uses the workspace\'s project', async () => {
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.locator('.workspace-trust-editor').getByRole('button', { name: 'Trust', exact: true }).first().click();
    await page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).first().waitFor({ ...WAIT, state: 'hidden' });
    await page.locator('.part.sidebar .welcome-view-content', { hasText: /Sign in to GitLab/ }).waitFor(WAIT);
    await runCommand(page, 'Release Pilot: Sign in to GitLab');
    await answerInput(page, server.url, 'GitLab instance URL');
    await answerInput(page, gitlab.DEMO_TOKENS.developer, 'Personal access token');
    await page.locator('.notification-toast', { hasText: /Signed in to .* as @dana/ }).waitFor(WAIT);
    // The trusted workspace's projectPath now decides the project (which this server does not hold).
    await page.locator('.part.sidebar .monaco-list-row', { hasText: SETTINGS_PROJECT }).first().waitFor(WAIT);
    const project = encodeURIComponent(SETTINGS_PROJECT);
    if (!server.requests.entries().some((r) => r.path.includes(project))) throw new Error(`no request named ${SETTINGS_PROJECT}`);
  });
});
