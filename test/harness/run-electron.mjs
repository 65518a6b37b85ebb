// Integration level, desktop route: @vscode/test-electron downloads VS Code into .vscode-test/
// and runs out/test/integration/index.js in its extension host. For machines that can reach
// update.code.visualstudio.com; elsewhere scripts/test.mjs uses run-integration.mjs instead.
//   node test/harness/run-electron.mjs     (after `npm run build && npm run compile-tests`)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { createProfile, freePort } from './code-server.mjs';
import { CACHE_DIR, REPO_ROOT, sandboxEnv, say } from './env.mjs';
import { clearResults, readResults, recordHarnessFailure, resultsFile } from './results.mjs';
import { ensureSystemPackages } from './system-packages.mjs';
import { copyWorkspace } from './workspace.mjs';

const LEVEL = 'integration';
const VERSION = process.env.RELEASE_PILOT_VSCODE_VERSION ?? '1.100.3'; // the oldest VS Code package.json accepts

/** Electron needs a display: without one, run this script again under a virtual X server. */
function needsVirtualDisplay() {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.RELEASE_PILOT_UNDER_XVFB;
}

async function main() {
  clearResults(LEVEL);
  const profile = createProfile('electron');
  const gitlabPort = await freePort();
  const launchArgs = [
    copyWorkspace(LEVEL, { gitlabPort }), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
    '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir,
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
  say(`running the integration tests in VS Code ${VERSION} (desktop)`);
  let runError;
  await runTests({
    version: VERSION,
    cachePath: CACHE_DIR,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index'),
    launchArgs,
    extensionTestsEnv: { ...sandboxEnv(), RELEASE_PILOT_TEST_RESULTS: resultsFile(LEVEL), RELEASE_PILOT_TEST_GITLAB_PORT: String(gitlabPort) },
  }).catch((error) => {
    runError = error; // a failing test rejects too: then the results file says which
  });
  const results = readResults(LEVEL);
  if (!results) throw new Error(`VS Code did not run the tests: ${runError instanceof Error ? runError.message : String(runError ?? 'no results file')}`);
  say(`integration: ${results.passed.length} passed, ${results.failed.length} failed`);
  return results.failed.length === 0 ? 0 : 1;
}

if (needsVirtualDisplay()) {
  ensureSystemPackages(['xvfb']);
  const self = fileURLToPath(import.meta.url);
  const rerun = spawnSync('xvfb-run', ['-a', process.execPath, self], {
    stdio: 'inherit', env: { ...process.env, RELEASE_PILOT_UNDER_XVFB: '1' },
  });
  process.exit(rerun.status ?? 1);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[harness] electron integration level failed: ${error instanceof Error ? error.message : String(error)}`);
    recordHarnessFailure(LEVEL, 'integration harness (electron)', error);
    process.exit(1);
  },
);
