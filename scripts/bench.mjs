// npm run bench [-- name...]: compile the TypeScript benchmarks and run them (they write docs/benchmarks.md).
// --expose-gc lets the scale benchmark measure the heap after a collection, not whatever garbage is pending.
import { execFileSync, execSync } from 'node:child_process';

execSync('npx tsc -p test/tsconfig.json', { stdio: 'inherit' });
execFileSync(process.execPath, ['--expose-gc', 'out/test/bench/run.js', ...process.argv.slice(2)], { stdio: 'inherit' });
