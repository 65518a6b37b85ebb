// The Release Lanes as a person meets them: sign in through the command palette to the local
// GitLab-compatible sandbox (started by test/harness/run-e2e.mjs, which also made the workspace a
// git repository whose remote points at it), then watch the three lanes fill in. The screenshot
// of the lanes is the one the README shows (copied there by `npm run screenshots`). Signs out at the end so other checks see a fresh start.
import { after, before, describe, it } from 'mocha';
import { WAIT, clearHover, openWorkbench, runCommand as runPaletteCommand, screenshot, showReleasePilot, signInToSandbox, signOutAndClose } from './workbenchDriver.mjs';

describe('Release Lanes against a GitLab sandbox', function () {
  this.timeout(180_000);
  let browser;
  let page;

  const runCommand = (title) => runPaletteCommand(page, title);

  const lanes = () => page.locator('.part.sidebar .pane', { hasText: 'Release Lanes' });

  before(async () => {
    browser = await openWorkbench({ gitlab: true });
    page = browser.page;
    await showReleasePilot(page);
  });

  after(() => signOutAndClose(browser));

  it('offers to sign in, and signs in with the instance URL and a token', async () => {
    await lanes().locator('.welcome-view-content', { hasText: /Sign in to GitLab/ }).waitFor(WAIT);
    await signInToSandbox(page);
  });

  it('shows the merge-request, dev and master lanes with their pipelines', async () => {
    const tree = lanes().locator('.monaco-list-row');
    await tree.filter({ hasText: /^Merge request !1/ }).first().waitFor(WAIT);
    await tree.filter({ hasText: /^dev/ }).first().waitFor(WAIT);
    await tree.filter({ hasText: /^master/ }).first().waitFor(WAIT);
    await tree.filter({ hasText: /^#\d+ · / }).first().waitFor(WAIT);
    await page.locator('.part.statusbar', { hasText: /#\d+/ }).first().waitFor(WAIT);
    // Widen the sidebar so the lanes read in full, and clear toasts and hovers from the picture.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      const edge = sidebar.x + sidebar.width;
      await page.mouse.move(edge + 1, sidebar.y + 300);
      await page.mouse.down();
      await page.mouse.move(edge + 260, sidebar.y + 300, { steps: 5 });
      await page.mouse.up();
    }
    await runCommand('Notifications: Clear All Notifications');
    // A waiting gate's notice is a progress notification: it closes only when the gate stops waiting,
    // and clearing leaves it, so it stays in the picture; the sign-in toast goes.
    await page.locator('.notification-toast', { hasText: /Signed in to/ }).first().waitFor({ ...WAIT, state: 'hidden' });
    await clearHover(page, { x: 1000, y: 450 });
    await screenshot(page, 'lanes'); // `npm run screenshots` puts it in the README
  });

  it('shows what is deployed where in the Environments view, production waiting for approval', async () => {
    // The view starts collapsed (it reads GitLab only once expanded); give it the sidebar for this picture.
    const header = page.locator('.part.sidebar .pane-header', { hasText: 'Environments' });
    const lanesHeader = page.locator('.part.sidebar .pane-header', { hasText: 'Release Lanes' });
    await header.waitFor(WAIT);
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    if ((await lanesHeader.getAttribute('aria-expanded')) === 'true') await lanesHeader.click();
    const environments = page.locator('.part.sidebar .pane', { hasText: 'Environments' }).locator('.monaco-list-row');
    await environments.filter({ hasText: /^production\/canary/ }).first().waitFor(WAIT);
    await environments.filter({ hasText: /master @ [0-9a-f]{8}/ }).first().waitFor(WAIT);
    await environments.filter({ hasText: /^next: waiting for approval/ }).first().waitFor(WAIT);
    await clearHover(page, { x: 1000, y: 450 });
    await screenshot(page, 'environments'); // `npm run screenshots` puts it in the README
    // Leave the sidebar as it was for the checks that follow.
    await lanesHeader.click();
    await header.click();
  });
});
