// End-to-end level: the packaged .vsix installed into a fresh code-server profile, the workbench
// opened in chromium, and the checks in test/e2e/*.e2e.mjs run by mocha in this process.
//   node test/harness/run-e2e.mjs     (after `npm run package`)
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import { createProfile, installExtension, startCodeServer } from './code-server.mjs';
import { ensureCodeServer } from './code-server-install.mjs';
import { OUTPUT_DIR, REPO_ROOT, packagedVsix, say, seconds } from './env.mjs';
import { startGitLabSandbox } from './gitlab-sandbox.mjs';
import { clearResults, readResults, recordHarnessFailure, writeResults } from './results.mjs';
import { RUNTIME_PACKAGES, ensureSystemPackages } from './system-packages.mjs';
import { copyWorkspace } from './workspace.mjs';

const LEVEL = 'e2e';
const E2E_DIR = path.join(REPO_ROOT, 'test', 'e2e');
const LOG_DIR = path.join(OUTPUT_DIR, 'logs');

/** Runs test/e2e/*.e2e.mjs with the spec reporter and records each test in the results file. */
async function runMocha() {
  // RELEASE_PILOT_TEST_GREP narrows the run to matching tests, as at the integration level.
  const grep = process.env.RELEASE_PILOT_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of readdirSync(E2E_DIR).filter((name) => name.endsWith('.e2e.mjs')).sort()) {
    mocha.addFile(path.join(E2E_DIR, file));
  }
  await mocha.loadFilesAsync();
  const results = { passed: [], failed: [] };
  const failures = await new Promise((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => results.passed.push(test.fullTitle()));
    runner.on('fail', (test, error) => results.failed.push({ title: test.fullTitle(), error: String(error?.message ?? error) }));
  });
  writeResults(LEVEL, results);
  return failures;
}

async function main() {
  const started = Date.now();
  clearResults(LEVEL);
  mkdirSync(LOG_DIR, { recursive: true });
  const vsix = packagedVsix();
  ensureSystemPackages(RUNTIME_PACKAGES);
  const bin = await ensureCodeServer();
  const profile = createProfile(LEVEL);
  say(`installing ${path.basename(vsix)} into a fresh extensions folder`);
  await installExtension(bin, profile, vsix);
  const gitlab = await startGitLabSandbox();
  say(`GitLab sandbox listening on ${gitlab.url}`);
  const server = await startCodeServer(bin, profile, { logFile: path.join(LOG_DIR, 'e2e-server.log') }).catch(async (error) => {
    await gitlab.stop();
    throw error;
  });
  process.env.RELEASE_PILOT_E2E_URL = server.url;
  process.env.RELEASE_PILOT_E2E_WORKSPACE = copyWorkspace(LEVEL, { gitlabPort: gitlab.port });
  process.env.RELEASE_PILOT_E2E_GITLAB_URL = gitlab.url;
  process.env.RELEASE_PILOT_E2E_GITLAB_TOKEN = gitlab.token;
  // For checks that need a code-server of their own (workspace trust on): the binary and the installed extension.
  process.env.RELEASE_PILOT_E2E_CODE_SERVER_BIN = bin;
  process.env.RELEASE_PILOT_E2E_EXTENSIONS_DIR = profile.extensionsDir;
  let failures;
  try {
    failures = await runMocha();
  } finally {
    await server.stop();
    await gitlab.stop();
  }
  const results = readResults(LEVEL);
  if (!results) throw new Error('mocha finished without writing results');
  say(`e2e: ${results.passed.length} passed, ${results.failed.length} failed (${seconds(started)})`);
  return failures === 0 && results.failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[harness] e2e level failed: ${error instanceof Error ? error.message : String(error)}`);
    recordHarnessFailure(LEVEL, 'e2e harness', error);
    process.exit(1);
  },
);
