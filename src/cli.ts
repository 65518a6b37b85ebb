import { runCli } from './cli/main';

// The bundle's entry point: everything testable lives in cli/main.ts.
void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  debug: process.env.RELEASE_PILOT_DEBUG === '1',
}).then((code) => {
  process.exitCode = code;
});
