// npm run bench [-- NAME...]: build the production bundle (the cold-start benchmark runs dist/cli.js),
// compile the TypeScript benchmarks and run them (all of them write docs/benchmarks.md; named ones only print).
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/tsconfig.json'], { stdio: 'inherit' });
execFileSync(process.execPath, ['out/test/bench/run.js', ...process.argv.slice(2)], { stdio: 'inherit' });
