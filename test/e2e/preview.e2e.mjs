// The pipeline preview as a person meets it in the installed .vsix: the lanes CodeLens above each
// job of .gitlab-ci.yml, then Preview Pipeline... for the dev lane drawn as stage columns. The two
// screenshots are the README's (copied there by `npm run screenshots`).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'mocha';
import { launchBrowser } from '../harness/browser.mjs';
import { SCREENSHOT_DIR } from '../harness/env.mjs';
import { WAIT, runCommand as runPaletteCommand } from './workbenchDriver.mjs';

describe('Pipeline preview in the installed extension', function () {
  this.timeout(180_000);
  let browser;
  let page;

  const screenshot = async (name) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.mouse.move(150, 700); // no hover in the picture
    await page.locator('.workbench-hover, .monaco-hover:not(.hidden)').first().waitFor({ ...WAIT, state: 'hidden' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
  };

  before(async () => {
    const url = process.env.RELEASE_PILOT_E2E_URL;
    const folder = process.env.RELEASE_PILOT_E2E_WORKSPACE;
    if (!url || !folder) throw new Error('run this through test/harness/run-e2e.mjs');
    browser = await launchBrowser();
    page = browser.page;
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor(WAIT);
  });

  after(async () => {
    await browser?.close();
  });

  it('shows above each job which lanes run it', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor(WAIT);
    await input.fill('.gitlab-ci.yml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '.gitlab-ci.yml' }).first().waitFor(WAIT);
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: '.gitlab-ci.yml' }).waitFor(WAIT);
    // Go to the production job near the end: the lenses of the jobs above it are in view then (off-screen ones are hidden).
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor(WAIT);
    await page.keyboard.type('90');
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .codelens-decoration', { hasText: 'MR · dev' }).first().waitFor(WAIT);
    await page.locator('.editor-instance .codelens-decoration', { hasText: 'master (manual)' }).first().waitFor(WAIT);
    await screenshot('preview-codelens');
  });

  it('Preview Pipeline... draws the stages and jobs of the chosen lane', async () => {
    await runPaletteCommand(page, 'Release Pilot: Preview Pipeline...');
    await page.locator('.quick-input-widget', { hasText: 'Preview the pipeline of' }).waitFor(WAIT);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Push to dev' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'Pipeline Preview: dev' }).waitFor(WAIT);
    const content = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await content.locator('.stage h2', { hasText: 'canary' }).waitFor(WAIT);
    await content.locator('.job', { hasText: 'deploy:staging' }).waitFor(WAIT);
    await screenshot('preview-pipeline');
  });
});
