// The packaged extension in a real VS Code (code-server) in a real browser, checked the way a
// person would: by what the workbench shows. Run by test/harness/run-e2e.mjs, which installs
// the .vsix, starts the server and passes its address in RELEASE_PILOT_E2E_URL. Each `it` is
// one assertion group; they share one browser page and run in order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'mocha';
import { holds, waitUntil } from '../harness/deadline.mjs';
import { WAIT, clearHover, openFile, openWorkbench, runCommand as runPaletteCommand, screenshot as takeScreenshot } from './workbenchDriver.mjs';
import { REPO_ROOT } from '../harness/env.mjs';

/** The first sentence of each welcome text package.json gives the lanes view, as rendered. */
function lanesWelcomeOpenings() {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  return manifest.contributes.viewsWelcome
    .filter((welcome) => welcome.view === 'releasePilot.lanes')
    .map((welcome) => welcome.contents.split('\n')[0].replace(/`/g, '').split(/(?<=\.)\s/)[0]);
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('Release Pilot installed from its .vsix', function () {
  this.timeout(120_000);
  let browser;
  let page;

  const screenshot = (name) => takeScreenshot(page, name);

  /** Runs a command by its title through the command palette, as a person would. */
  const runCommand = (title) => runPaletteCommand(page, title);

  before(async () => {
    browser = await openWorkbench();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the Release Pilot container in the activity bar', async () => {
    const container = page.locator('.part.activitybar').getByRole('tab', { name: /^Release Pilot/ });
    await container.waitFor(WAIT);
    await container.click();
    await page.locator('.part.sidebar .composite.title', { hasText: /Release Pilot/i }).waitFor(WAIT);
  });

  it('shows the Release Lanes view and its welcome text', async () => {
    const sidebar = page.locator('.part.sidebar');
    await sidebar.getByText(/Release Lanes/i).first().waitFor(WAIT);
    const openings = new RegExp(lanesWelcomeOpenings().map(escapeRegExp).join('|'));
    await sidebar.locator('.welcome-view-content', { hasText: openings }).waitFor(WAIT);
  });

  it('opens .gitlab-ci.yml as GitLab CI', async () => {
    await openFile(page, '.gitlab-ci.yml');
    await page.locator('.part.statusbar [id="status.editor.mode"]', { hasText: 'GitLab CI' }).waitFor(WAIT);
    // Tokens other than plain text (mtk1) mean the grammar has coloured the file.
    await page.locator('.editor-instance .view-line span[class^="mtk"]:not(.mtk1)').first().waitFor(WAIT);
    await clearHover(page); // empty sidebar: no activity-bar or editor hover in the picture
    await page.locator('.part.statusbar', { hasText: 'Activating Extensions' }).waitFor({ ...WAIT, state: 'hidden' });
    await screenshot('activity-bar');
  });

  it('flags a misspelt keyword as you type, with a suggestion, in the editor and the Problems panel', async () => {
    // Under `stage: test` of the integration-tests job (1-based line numbers, for Go to Line).
    const lines = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', '.gitlab-ci.yml'), 'utf8').split('\n');
    const job = lines.indexOf('integration-tests:');
    const stageLine = lines.findIndex((line, i) => i > job && line === '  stage: test') + 1;
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor(WAIT);
    await page.keyboard.type(String(stageLine));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('scirpt: npm test', { delay: 20 });
    await page.locator('.editor-instance .squiggly-error').first().waitFor(WAIT);
    await runCommand('View: Focus Problems');
    const problems = page.locator('.part.panel .markers-panel');
    await problems.getByText(/unknown keyword .scirpt. in job .integration-tests. \(did you mean .script.\?\)/).first().waitFor(WAIT);
    await clearHover(page);
    await screenshot('diagnostics');
    await runCommand('File: Revert File');
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ ...WAIT, state: 'hidden' });
  });

  it('activated and logs to the Release Pilot output channel', async () => {
    await runCommand('Release Pilot: Show Log');
    const panel = page.locator('.part.panel');
    await panel.locator('select.monaco-select-box').first().waitFor(WAIT);
    const selectedChannel = () => panel.locator('select.monaco-select-box').first().evaluate((select) => select.options[select.selectedIndex]?.text);
    await waitUntil(async () => holds((await selectedChannel()) === 'Release Pilot'), { what: 'the Output view to show the "Release Pilot" channel', deadlineMs: WAIT.timeout, intervalMs: 100 });
    await panel.locator('.view-lines', { hasText: /Release\sPilot\s.*\sactivated/ }).waitFor(WAIT);
    await screenshot('output-channel');
  });
});
