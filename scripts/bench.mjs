// npm run bench: compile the TypeScript benchmarks and run them (they write docs/benchmarks.md).
import { execFileSync, execSync } from 'node:child_process';

execSync('npx tsc -p test/tsconfig.json', { stdio: 'inherit' });
// Arguments after `--` go to the benchmarks (`npm run bench -- --team=500`).
execFileSync(process.execPath, ['out/test/bench/run.js', ...process.argv.slice(2)], { stdio: 'inherit' });
