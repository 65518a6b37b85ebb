// `npm test`: type check and lint, unit tests on plain Node, tests against real third-party servers (Prometheus),
// integration tests inside a real VS Code extension host, end-to-end checks of the packaged .vsix in a real browser.
// Every level leaves a results file (test-output/results/<level>.json); the last line printed is the total over all
// levels:
//   N passed, N failed
// Usage: node scripts/test.mjs [static] [unit] [services] [integration] [e2e]     (default: all five)
import path from 'node:path';
import { integrationRoute } from '../test/harness/choose-runner.mjs';
import { ensureCodeServer } from '../test/harness/code-server-install.mjs';
import { REPO_ROOT, say, seconds } from '../test/harness/env.mjs';
import { run } from '../test/harness/processes.mjs';
import { clearResults, readResults, recordHarnessFailure, resultsFile } from '../test/harness/results.mjs';
import { RUNTIME_PACKAGES, TEST_SERVICE_PACKAGES, ensureSystemPackages } from '../test/harness/system-packages.mjs';

const MINUTE = 60_000;
const node = (script) => [process.execPath, [path.join(REPO_ROOT, script)]];
const npm = (...args) => ['npm', args];
const MOCHA = path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const REPORTER = path.join(REPO_ROOT, 'out', 'test', 'harness', 'countingReporter.js');
/** mocha on plain Node over test/<level>/, counted into the level's results file. */
const mocha = (level) => [process.execPath, [MOCHA, '--config', `test/${level}/.mocharc.json`, '--reporter', REPORTER, '--reporter-option', `results=${resultsFile(level)}`]];

/**
 * A level is a build (its failure is one failed test, and the level stops) and a test run, all
 * within `deadline`. Installing code-server on a fresh machine comes first and has its own.
 */
const LEVELS = {
  static: {
    build: [],
    test: node('test/harness/run-static.mjs'),
    deadline: 10 * MINUTE,
  },
  unit: {
    build: [],
    test: mocha('unit'),
    deadline: 10 * MINUTE,
  },
  services: {
    build: [],
    test: mocha('services'),
    deadline: 10 * MINUTE,
    packages: TEST_SERVICE_PACKAGES,
  },
  integration: {
    build: [npm('run', 'build')],
    test: null, // picked at run time: electron or code-server
    deadline: 10 * MINUTE,
    needsCodeServer: true,
  },
  e2e: {
    build: [npm('run', 'package'), npm('run', 'compile-tests')],
    test: node('test/harness/run-e2e.mjs'),
    deadline: 10 * MINUTE,
    needsCodeServer: true,
  },
};

/**
 * `npm run compile-tests`, once per run, for whichever level comes first. A type error in one
 * file must not hide every other test: tsc still emits, so it counts as one failure and the
 * tests run anyway.
 */
let compiled;
let compileFailureReported = false;
function compileTests(step) {
  compiled ??= step(npm('run', 'compile-tests'), 'npm run compile-tests').then(() => undefined, (error) => error);
  return compiled;
}

/** Debian packages and code-server, installed on a fresh machine, reused afterwards. */
let prepared;
function prepareRealVsCode() {
  prepared ??= (async () => {
    ensureSystemPackages(RUNTIME_PACKAGES);
    await ensureCodeServer();
  })();
  return prepared;
}

async function integrationCommand() {
  const { route, why } = await integrationRoute();
  say(`integration route: ${route} (${why})`);
  return node(route === 'electron' ? 'test/harness/run-electron.mjs' : 'test/harness/run-integration.mjs');
}

async function runLevel(name) {
  const level = LEVELS[name];
  const started = Date.now();
  say(`=== ${name} ===`);
  clearResults(name);
  try {
    if (level.packages) ensureSystemPackages(level.packages);
    let until = Date.now() + level.deadline;
    const step = async ([command, args], label) => {
      const timeoutMs = until - Date.now();
      if (timeoutMs <= 0) throw new Error(`${name} level ran out of its ${level.deadline / MINUTE} minutes before ${label}`);
      await run(command, args, { cwd: REPO_ROOT, label, timeoutMs });
    };
    // Compiled first: the harness waits for servers through out/test/support/deadline.js.
    const compileFailure = await compileTests(step);
    if (level.needsCodeServer) {
      await prepareRealVsCode();
      until = Date.now() + level.deadline; // installing code-server has its own time
    }
    for (const build of level.build) await step(build, `${name}: ${build[1].join(' ')}`);
    const test = level.test ?? (await integrationCommand());
    await step(test, `${name} tests`).catch((error) => {
      if (!readResults(name)) throw error; // failing tests exit non-zero too; only a missing file is a harness failure
    });
    if (compileFailure && !compileFailureReported) {
      compileFailureReported = true;
      recordHarnessFailure(name, 'TypeScript compile (npm run compile-tests)', compileFailure);
    }
  } catch (error) {
    console.error(`[harness] ${name}: ${error instanceof Error ? error.message : String(error)}`);
    recordHarnessFailure(name, `${name}: level did not complete`, error);
  }
  const results = readResults(name) ?? { passed: [], failed: [{ title: `${name}: no results`, error: 'no results file' }] };
  say(`${name} level: ${results.passed.length} passed, ${results.failed.length} failed (${seconds(started)})`);
  for (const { title, error } of results.failed) console.log(`  x ${title}: ${String(error).split('\n')[0]}`);
  return results;
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in LEVELS));
  if (unknown.length > 0) throw new Error(`unknown level(s): ${unknown.join(', ')}; choose from ${Object.keys(LEVELS).join(', ')}`);
  let passed = 0;
  let failed = 0;
  for (const name of wanted.length > 0 ? wanted : Object.keys(LEVELS)) {
    const results = await runLevel(name);
    passed += results.passed.length;
    failed += results.failed.length;
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[harness] ${error instanceof Error ? error.message : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
