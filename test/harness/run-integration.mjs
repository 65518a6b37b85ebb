// Integration level, code-server route: mocha runs INSIDE a real VS Code extension host.
// The workbench is opened with VS Code's `payload` URL parameter (extensionDevelopmentPath +
// extensionTestsPath), which makes the remote extension host load this repository as the
// extension under development and call out/test/integration/index.js#run(). When it is done
// the workbench calls window.codeAutomationExit(code); the results come back through a file.
//   node test/harness/run-integration.mjs     (after `npm run build && npm run compile-tests`)
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import { createProfile, freePort, startCodeServer } from './code-server.mjs';
import { ensureCodeServer } from './code-server-install.mjs';
import { OUTPUT_DIR, REPO_ROOT, say, seconds } from './env.mjs';
import { withDeadline } from './processes.mjs';
import { clearResults, readResults, recordHarnessFailure, resultsFile } from './results.mjs';
import { RUNTIME_PACKAGES, ensureSystemPackages } from './system-packages.mjs';
import { copyWorkspace } from './workspace.mjs';

const LEVEL = 'integration';
const TESTS_ENTRY = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
const EXTENSION_MAIN = path.join(REPO_ROOT, 'dist', 'extension.js');
const TIMEOUT_MS = Number(process.env.RELEASE_PILOT_INTEGRATION_TIMEOUT_MS ?? 8 * 60_000);
const LOG_DIR = path.join(OUTPUT_DIR, 'logs');

function workbenchUrl(server, folder) {
  const remote = (file) => `vscode-remote://${server.host}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(REPO_ROOT)],
    ['extensionTestsPath', remote(TESTS_ENTRY.replace(/\.js$/, ''))],
  ];
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function runInWorkbench(server, folder) {
  const browser = await launchBrowser();
  const consoleLog = path.join(LOG_DIR, 'integration-browser.log');
  browser.page.on('console', (message) => {
    if (message.type() === 'error') appendFileSync(consoleLog, `${message.text()}\n`);
  });
  try {
    let exitCode;
    const exited = new Promise((resolve) => {
      void browser.page.exposeFunction('codeAutomationExit', (code) => {
        exitCode = code;
        resolve();
      });
    });
    await browser.page.goto(workbenchUrl(server, folder));
    await withDeadline(exited, TIMEOUT_MS, 'the extension host never reported the end of the tests (codeAutomationExit)');
    return exitCode;
  } finally {
    await browser.close();
  }
}

async function main() {
  const started = Date.now();
  clearResults(LEVEL);
  mkdirSync(LOG_DIR, { recursive: true });
  for (const file of [TESTS_ENTRY, EXTENSION_MAIN]) {
    if (!existsSync(file)) throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run \`npm run build && npm run compile-tests\` first`);
  }
  ensureSystemPackages(RUNTIME_PACKAGES);
  const bin = await ensureCodeServer();
  const profile = createProfile(LEVEL);
  // The tests start the local GitLab-compatible server inside the extension host on this port;
  // the workspace's git remote points at it.
  const gitlabPort = await freePort();
  const server = await startCodeServer(bin, profile, {
    env: {
      RELEASE_PILOT_TEST_RESULTS: resultsFile(LEVEL),
      RELEASE_PILOT_TEST_GITLAB_PORT: String(gitlabPort),
      // Narrowing while working on one feature; CI never sets it.
      ...(process.env.RELEASE_PILOT_TEST_GREP ? { RELEASE_PILOT_TEST_GREP: process.env.RELEASE_PILOT_TEST_GREP } : {}),
    },
    logFile: path.join(LOG_DIR, 'integration-server.log'),
  });
  let exitCode;
  try {
    say('running mocha inside the extension host');
    exitCode = await runInWorkbench(server, copyWorkspace(LEVEL, { gitlabPort }));
  } finally {
    await server.stop();
  }
  const results = readResults(LEVEL);
  if (!results) throw new Error(`the extension host exited with code ${exitCode} but wrote no results (see ${LOG_DIR})`);
  if (results.output) console.log(results.output);
  say(`integration: ${results.passed.length} passed, ${results.failed.length} failed, host exit code ${exitCode} (${seconds(started)})`);
  const passed = results.failed.length === 0 && exitCode === 0;
  if (!passed) say(`extension host logs kept in ${path.join(profile.userDataDir, 'logs')}`);
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[harness] integration level failed: ${error instanceof Error ? error.message : String(error)}`);
    recordHarnessFailure(LEVEL, 'integration harness', error);
    process.exit(1);
  },
);
