// What the end-to-end checks do with the workbench, the way a person would: shared by the
// *.e2e.mjs files (this file is not a test itself).
export const WAIT = { timeout: 60_000 };

/** Runs a command by its title through the command palette. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor(WAIT);
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor(WAIT);
  await page.keyboard.press('Enter');
}
