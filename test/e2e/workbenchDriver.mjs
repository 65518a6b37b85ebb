// What the end-to-end checks do with the workbench, the way a person would: shared by the
// *.e2e.mjs files (this file is not a test itself).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../harness/browser.mjs';
import { SCREENSHOT_DIR } from '../harness/env.mjs';

export const WAIT = { timeout: 60_000 };

/**
 * Opens the workbench of the harness's code-server on its workspace folder; `gitlab` also
 * requires the local GitLab-compatible server the harness starts; `url` and `folder` open another
 * code-server or folder than the harness's. Returns the browser (its
 * `page` is the workbench): close it in `after`.
 */
export async function openWorkbench({ gitlab = false, url = process.env.RELEASE_PILOT_E2E_URL, folder = process.env.RELEASE_PILOT_E2E_WORKSPACE } = {}) {
  if (!url || !folder || (gitlab && !process.env.RELEASE_PILOT_E2E_GITLAB_URL)) {
    throw new Error('RELEASE_PILOT_E2E_* are not set: run this through test/harness/run-e2e.mjs');
  }
  const browser = await launchBrowser();
  await browser.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await browser.page.locator('.monaco-workbench').waitFor(WAIT);
  return browser;
}

/**
 * Runs a command by its title through the command palette. Right after a fresh workbench loads, the
 * palette can open before the extension's contributions are known and then never lists them, so
 * a palette that does not offer the command within a few seconds is closed and opened again.
 */
export async function runCommand(page, title) {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor(WAIT);
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: Math.min(10_000, Math.max(1, deadline - Date.now())) });
      break;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/** Opens a workspace file through Quick Open and waits for its tab. */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor(WAIT);
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor(WAIT);
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor(WAIT);
}

/** Moves the mouse to an empty spot (bottom left by default) and waits until no hover is left in the picture. */
export async function clearHover(page, at = { x: 150, y: 700 }) {
  await page.mouse.move(at.x, at.y);
  await page.locator('.workbench-hover, .monaco-hover:not(.hidden)').first().waitFor({ ...WAIT, state: 'hidden' });
}

/** Saves a screenshot under test-output/ (`npm run screenshots` copies the README's). */
export async function screenshot(page, name) {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

/** Answers the open input box whose prompt matches: replaces its text and presses Enter. */
export async function answerInput(page, text, prompt) {
  const box = page.locator('.quick-input-widget', { hasText: prompt });
  await box.waitFor(WAIT);
  await box.locator('input').fill(text);
  await page.keyboard.press('Enter');
}

/** Opens the Release Pilot container in the activity bar and waits for its views. */
export async function showReleasePilot(page) {
  const container = page.locator('.part.activitybar').getByRole('tab', { name: /^Release Pilot/ });
  await container.waitFor(WAIT);
  await container.click();
  await page.locator('.part.sidebar .pane-header', { hasText: 'Release Lanes' }).waitFor(WAIT);
}

/** Signs in through the command palette to the harness's GitLab sandbox, as the demo developer. */
export async function signInToSandbox(page) {
  await runCommand(page, 'Release Pilot: Sign in to GitLab');
  await answerInput(page, process.env.RELEASE_PILOT_E2E_GITLAB_URL, 'GitLab instance URL');
  await answerInput(page, process.env.RELEASE_PILOT_E2E_GITLAB_TOKEN, 'Personal access token');
  await page.locator('.notification-toast', { hasText: /Signed in to .* as @dana/ }).waitFor(WAIT);
}

/** Signs out (best effort) and closes the browser: the `after` of checks that signed in. */
export async function signOutAndClose(browser) {
  const page = browser?.page;
  if (page) {
    await runCommand(page, 'Release Pilot: Sign out of GitLab').catch(() => undefined);
    await page.locator('.notification-toast', { hasText: /Signed out of/ }).waitFor(WAIT).catch(() => undefined);
  }
  await browser?.close();
}
