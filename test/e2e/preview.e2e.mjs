// The pipeline preview as a person meets it in the installed .vsix: the lanes CodeLens above each
// job of .gitlab-ci.yml, then Preview Pipeline... for the dev lane drawn as stage columns. The two
// screenshots are the README's (copied there by `npm run screenshots`).
import { after, before, describe, it } from 'mocha';
import { WAIT, clearHover, openFile, openWorkbench, runCommand as runPaletteCommand, screenshot as takeScreenshot } from './workbenchDriver.mjs';

describe('Pipeline preview in the installed extension', function () {
  this.timeout(180_000);
  let browser;
  let page;

  const screenshot = async (name) => {
    await clearHover(page);
    await takeScreenshot(page, name);
  };

  before(async () => {
    browser = await openWorkbench();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
  });

  it('shows above each job which lanes run it', async () => {
    await openFile(page, '.gitlab-ci.yml');
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
