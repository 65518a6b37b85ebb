import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import type { FileLintResult } from '../core/ci';
import { lintCiFiles } from '../core/ci';
import { createFsReader } from '../node/fsReader';
import type { LintThread } from './lintThreads';

/** The argument that makes the CLI's entry point run as a lint thread instead of a command. */
export const LINT_WORKER_ARG = '--release-pilot-lint-thread';

interface LintWork {
  readonly root: string;
  readonly files: readonly string[];
}

/**
 * A {@link LintThread} that runs `script` (the CLI's own entry point, so the thread loads the same
 * bundle through the same code cache) in a worker thread. The worker module is loaded only when a
 * run is split: a one-file lint never pays for it.
 */
export function workerLintThread(script: string): LintThread {
  return (root, files) =>
    new Promise<readonly FileLintResult[]>((resolve, reject) => {
      const work: LintWork = { root, files };
      const worker = new (workerThreads().Worker)(script, { argv: [LINT_WORKER_ARG], workerData: work });
      worker.once('message', (results: readonly FileLintResult[]) => resolve(results));
      worker.once('error', reject);
      // After the message this changes nothing; before it, the thread died without an answer.
      worker.once('exit', (code) => reject(new Error(`lint thread exited with ${code}`)));
    });
}

/**
 * The thread's side: lints its files from the real disk and posts the findings back. False when
 * this is not a lint thread (the argument alone is not enough: a person could type it).
 */
export function runAsLintThread(args: readonly string[]): boolean {
  if (args[0] !== LINT_WORKER_ARG) return false;
  const threads = workerThreads();
  const { parentPort } = threads;
  if (threads.isMainThread || !parentPort) return false;
  const work = threads.workerData as LintWork;
  const results = lintCiFiles({ root: work.root, files: work.files, reader: createFsReader() }).files;
  // Only what the command prints crosses back: the analyses stay here.
  parentPort.postMessage(results.map((f): FileLintResult => ({ path: f.path, found: f.found, diagnostics: f.diagnostics })));
  return true;
}

/**
 * Node's worker module, loaded on first use: importing it costs a one-file lint about 1.5 ms. Not a
 * dynamic `import()`: the bundle runs inside `vm.Script` (the code cache), which has no module loader.
 */
function workerThreads(): typeof WorkerThreads {
  return createRequire(__filename)('node:worker_threads') as typeof WorkerThreads;
}
