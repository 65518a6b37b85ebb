// `npm run screenshots`: refreshes the README's pictures on purpose, never as a side effect of a
// test run. Runs the end-to-end level (the packaged .vsix in code-server, driven in Chromium),
// which writes its screenshots under test-output/screenshots/ only, and copies the chosen ones
// into media/screenshots/ when every check passed. Review them with `git diff` before committing.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, SCREENSHOT_DIR } from '../test/harness/env.mjs';
import { run } from '../test/harness/processes.mjs';

/** test-output/screenshots/<name>.png -> media/screenshots/<name>.png: the ones the README shows. */
const README_SCREENSHOTS = ['activity-bar', 'diagnostics', 'environments', 'findings', 'lanes', 'preview-codelens', 'preview-pipeline'];
const MEDIA_DIR = path.join(REPO_ROOT, 'media', 'screenshots');

async function main() {
  for (const name of README_SCREENSHOTS) rmSync(path.join(SCREENSHOT_DIR, `${name}.png`), { force: true }); // never copy an old run's
  // scripts/test.mjs builds, packages and installs what the level needs, as CI does.
  await run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'test.mjs'), 'e2e'], { cwd: REPO_ROOT, label: 'the end-to-end level', timeoutMs: 30 * 60_000 });
  const missing = README_SCREENSHOTS.filter((name) => !existsSync(path.join(SCREENSHOT_DIR, `${name}.png`)));
  if (missing.length > 0) throw new Error(`the end-to-end run took no ${missing.join(', ')} screenshot(s) in ${path.relative(REPO_ROOT, SCREENSHOT_DIR)}`);
  mkdirSync(MEDIA_DIR, { recursive: true });
  for (const name of README_SCREENSHOTS) {
    copyFileSync(path.join(SCREENSHOT_DIR, `${name}.png`), path.join(MEDIA_DIR, `${name}.png`));
    console.log(`media/screenshots/${name}.png refreshed`);
  }
  console.log('Check them with `git diff --stat media/` (and an image viewer) before committing.');
}

main().catch((error) => {
  console.error(`screenshots not refreshed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
