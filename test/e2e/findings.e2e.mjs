// Findings from the pipeline as a person meets them (issue 15): signed in to the local GitLab
// sandbox, the merge request's pipeline has come to rest and its lint job kept a Code Quality
// report; its findings show in the Problems panel with source "GitLab CI" and squiggles in
// src/checkout.ts. Takes findings.png (the README's picture); signs out at the end.
import { after, before, describe, it } from 'mocha';
import { WAIT, clearHover, openWorkbench, runCommand as runPaletteCommand, screenshot, showReleasePilot, signInToSandbox, signOutAndClose } from './workbenchDriver.mjs';

describe('Findings from the pipeline against a GitLab sandbox', function () {
  this.timeout(300_000);
  /** The sandbox starts the merge request's first pipeline when it starts, in real time: findings show once it has run (about 90 s). */
  const PIPELINE_WAIT = { timeout: 200_000 };
  let browser;
  let page;

  const runCommand = (title) => runPaletteCommand(page, title);

  before(async () => {
    browser = await openWorkbench({ gitlab: true });
    page = browser.page;
    await showReleasePilot(page);
  });

  after(() => signOutAndClose(browser));

  it('shows the lint job\'s Code Quality findings at their lines, from source GitLab CI', async () => {
    await signInToSandbox(page);
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
    await clearHover(page, { x: 1000, y: 450 });
    await screenshot(page, 'findings'); // `npm run screenshots` puts it in the README
  });
});
