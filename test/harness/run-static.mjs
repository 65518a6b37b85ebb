// Static level: the strict type check (product and tests), the lint rules and the import-cycle
// check, each counted as one test, so a type error, a `vscode` import in src/core or an import
// circle fails `npm test` like a broken test.
//   node test/harness/run-static.mjs
import path from 'node:path';
import { REPO_ROOT, say } from './env.mjs';
import { run } from './processes.mjs';
import { writeResults } from './results.mjs';

const LEVEL = 'static';
const bin = (name) => path.join(REPO_ROOT, 'node_modules', '.bin', name);

const CHECKS = [
  ['type check of src (tsc --noEmit, strict)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
  ['type check of the tests (tsc --noEmit -p test)', bin('tsc'), ['--noEmit', '-p', 'test/tsconfig.json']],
  ['lint (eslint: strict rules, no vscode in src/core, core/ci only through its index)', bin('eslint'), ['.']],
  ['no import cycles in src (scripts/check-import-cycles.mjs)', process.execPath, [path.join(REPO_ROOT, 'scripts', 'check-import-cycles.mjs'), 'src']],
];

async function main() {
  const results = { passed: [], failed: [] };
  for (const [title, command, args] of CHECKS) {
    try {
      await run(command, args, { cwd: REPO_ROOT, label: title, timeoutMs: 5 * 60_000 });
      results.passed.push(title);
      say(`static: ${title}: ok`);
    } catch (error) {
      results.failed.push({ title, error: error instanceof Error ? error.message : String(error) });
    }
  }
  writeResults(LEVEL, results);
  return results.failed.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
