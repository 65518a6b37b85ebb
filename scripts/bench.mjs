// npm run bench [-- NAME...] [--team=500]: build the production bundle (the cold-start benchmark runs dist/cli.js),
// compile the TypeScript benchmarks and run them (they write docs/benchmarks.md; named ones replace only their sections).
// --expose-gc lets the scale benchmark measure the heap after a collection, not whatever garbage is pending.
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/tsconfig.json'], { stdio: 'inherit' });
execFileSync(process.execPath, ['--expose-gc', 'out/test/bench/run.js', ...process.argv.slice(2)], { stdio: 'inherit' });
