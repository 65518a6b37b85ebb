import { fdWriter } from './cli/fdWriter';
import { runCli } from './cli/main';
import { LINT_WORKER_ARG, runAsLintThread, workerLintThread } from './cli/lintWorker';

// The bundle's entry point: everything testable lives in cli/main.ts. Output goes to the descriptors
// directly; the streams are created only if a descriptor refuses (cli/fdWriter.ts). A large lint of
// several files runs part of them in a second thread started from this same file (cli/lintThreads.ts).
const args = process.argv.slice(2);
const script = process.argv[1];
if (!(args[0] === LINT_WORKER_ARG && runAsLintThread(args))) {
  void runCli(args, {
    stdout: fdWriter(1, (bytes) => process.stdout.write(bytes)),
    stderr: fdWriter(2, (bytes) => process.stderr.write(bytes)),
    cwd: process.cwd(),
    env: process.env,
    debug: process.env.RELEASE_PILOT_DEBUG === '1',
    ...(script ? { lintThread: workerLintThread(script) } : {}),
  }).then((code) => {
    process.exitCode = code;
  });
}
