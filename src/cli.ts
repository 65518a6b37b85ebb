import { fdWriter } from './cli/fdWriter';
import { runCli } from './cli/main';

// The bundle's entry point: everything testable lives in cli/main.ts. Output goes to the descriptors
// directly; the streams are created only if a descriptor refuses (cli/fdWriter.ts).
void runCli(process.argv.slice(2), {
  stdout: fdWriter(1, (bytes) => process.stdout.write(bytes)),
  stderr: fdWriter(2, (bytes) => process.stderr.write(bytes)),
  cwd: process.cwd(),
  env: process.env,
  debug: process.env.RELEASE_PILOT_DEBUG === '1',
}).then((code) => {
  process.exitCode = code;
});
