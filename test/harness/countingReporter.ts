import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import type { LevelResults } from './levelResults';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_RUN_END } = Mocha.Runner.constants;

/**
 * The spec reporter, plus a JSON file of passed and failed titles so the totals never depend
 * on parsing human output. The file comes from `--reporter-option results=<file>` or the
 * RELEASE_PILOT_TEST_RESULTS environment variable; `captureOutput` also keeps the printed
 * lines, for hosts whose stdout nobody reads (the VS Code extension host).
 */
class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions & { reporterOption?: Record<string, unknown> } = {}) {
    const lines: string[] = [];
    const capture = options.reporterOption?.['captureOutput'] === true;
    const originalLog = Mocha.reporters.Base.consoleLog;
    if (capture) {
      Mocha.reporters.Base.consoleLog = (...args: unknown[]): void => {
        lines.push(util.format(...args));
        originalLog(...args);
      };
    }
    super(runner, options);
    const option = options.reporterOption?.['results'];
    const file = typeof option === 'string' ? option : process.env['RELEASE_PILOT_TEST_RESULTS'];
    const results: LevelResults = { passed: [], failed: [] };
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => results.passed.push(test.fullTitle()));
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: unknown) => {
      results.failed.push({ title: test.fullTitle(), error: error instanceof Error ? error.message : String(error) });
    });
    // Registered after Spec's own listener, so the epilogue is already among the captured lines.
    runner.once(EVENT_RUN_END, () => {
      if (capture) {
        Mocha.reporters.Base.consoleLog = originalLog;
        results.output = lines.join('\n');
      }
      if (file === undefined) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(results, null, 2));
    });
  }
}

export = CountingReporter;
