import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import CountingReporter from '../harness/countingReporter';
import type { LevelResults } from '../harness/levelResults';
import { REPO_ROOT } from '../support/paths';

/** Where the results go: the extension host's stdout is not the harness's, so a file is. */
const RESULTS_FILE = process.env['RELEASE_PILOT_TEST_RESULTS'] ?? path.join(REPO_ROOT, 'test-output', 'results', 'integration.json');

/** Every compiled *.test.js beside this file or below it: adding a test file is enough. */
function testFiles(): string[] {
  return fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(__dirname, name));
}

function writeCrash(title: string, error: unknown): void {
  const results: LevelResults = { passed: [], failed: [{ title, error: error instanceof Error ? error.stack ?? error.message : String(error) }] };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2));
}

/** extensionTestsPath entry point: VS Code calls run() inside its extension host. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000 });
  mocha.reporter(CountingReporter, { captureOutput: true, results: RESULTS_FILE });
  // `RELEASE_PILOT_TEST_GREP=pattern node scripts/test.mjs integration` runs only the matching tests.
  const grep = process.env['RELEASE_PILOT_TEST_GREP'];
  if (grep) mocha.grep(grep);
  return new Promise<void>((resolve, reject) => {
    try {
      for (const file of testFiles()) mocha.addFile(file);
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
    } catch (error) {
      writeCrash('loading the integration tests', error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
