// npm run bench: compile the TypeScript benchmarks and run them (they write docs/benchmarks.md).
import { execSync } from 'node:child_process';

execSync('npx tsc -p test/tsconfig.json', { stdio: 'inherit' });
execSync('node out/test/bench/run.js', { stdio: 'inherit' });
