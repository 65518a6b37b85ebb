// Findings from the pipeline as a person meets them (issue 15): signed in to the local GitLab
// sandbox, the merge request's pipeline has come to rest and its lint job kept a Code Quality
// report; its findings show in the Problems panel with source "GitLab CI" and squiggles in
// src/checkout.ts. Takes findings.png (the README's picture); signs out at the end.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'mocha';
import { launchBrowser } from '../harness/browser.mjs';
import { SCREENSHOT_DIR } from '../harness/env.mjs';
import { WAIT, runCommand as runPaletteCommand } from './workbenchDriver.mjs';

describe('Findings from the pipeline against a GitLab sandbox', function () {
  this.timeout(300_000);
  /** The sandbox starts the merge request's first pipeline when it starts, in real time: findings show once it has run (about 90 s). */
  const PIPELINE_WAIT = { timeout: 200_000 };
  let browser;
  let page;

  const runCommand = (title) => runPaletteCommand(page, title);

  const answer = async (text, prompt) => {
    const box = page.locator('.quick-input-widget', { hasText: prompt });
    await box.waitFor(WAIT);
    await box.locator('input').fill(text);
    await page.keyboard.press('Enter');
  };

  before(async () => {
    const url = process.env.RELEASE_PILOT_E2E_URL;
    const folder = process.env.RELEASE_PILOT_E2E_WORKSPACE;
    if (!url || !folder || !process.env.RELEASE_PILOT_E2E_GITLAB_URL) throw new Error('run this through test/harness/run-e2e.mjs');
    browser = await launchBrowser();
    page = browser.page;
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor(WAIT);
    const container = page.locator('.part.activitybar').getByRole('tab', { name: /^Release Pilot/ });
    await container.waitFor(WAIT);
    await container.click();
  });

  after(async () => {
    if (page) {
      await runCommand('Release Pilot: Sign out of GitLab').catch(() => undefined);
      await page.locator('.notification-toast', { hasText: /Signed out of/ }).waitFor(WAIT).catch(() => undefined);
    }
    await browser?.close();
  });

  it('shows the lint job\'s Code Quality findings at their lines, from source GitLab CI', async () => {
    await runCommand('Release Pilot: Sign in to GitLab');
    await answer(process.env.RELEASE_PILOT_E2E_GITLAB_URL, 'GitLab instance URL');
    await answer(process.env.RELEASE_PILOT_E2E_GITLAB_TOKEN, 'Personal access token');
    await page.locator('.notification-toast', { hasText: /Signed in to .* as @dana/ }).waitFor(WAIT);
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor(WAIT);
    await page.keyboard.type('src/checkout.ts', { delay: 20 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'checkout.ts' }).first().waitFor(WAIT);
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-lines', { hasText: 'reserveStock' }).first().waitFor(WAIT);
    await runCommand('View: Focus Problems');
    const problems = page.locator('.part.panel .markers-panel');
    await problems.getByText(/Function 'reserveStock' has a complexity of 12/).first().waitFor(PIPELINE_WAIT);
    await problems.getByText(/GitLab CI/).first().waitFor(WAIT);
    await page.locator('.editor-instance .squiggly-warning').first().waitFor(WAIT);
    await runCommand('Notifications: Clear All Notifications');
    await page.locator('.notification-toast', { hasText: /Signed in to/ }).first().waitFor({ ...WAIT, state: 'hidden' });
    await page.mouse.move(1000, 450);
    await page.locator('.workbench-hover, .monaco-hover:not(.hidden)').first().waitFor({ ...WAIT, state: 'hidden' });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'findings.png') });
  });
});
