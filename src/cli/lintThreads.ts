import * as fs from 'node:fs';
import * as os from 'node:os';
import type { FileLintResult, LintRequest, LintResult } from '../core/ci';
import { lintCiFiles } from '../core/ci';

/** Lints some of a run's entry files in another thread; one result per file, in the order given. */
export type LintThread = (root: string, files: readonly string[]) => Promise<readonly FileLintResult[]>;

/** Which of the entry files (by index) this thread lints and which the other one does. */
export interface ThreadPlan {
  readonly here: readonly number[];
  readonly there: readonly number[];
}

/** What the plan looks at besides the files: the machine's cores and how busy they are. */
export interface MachineState {
  readonly cores: number;
  /** One-minute load average (0 where the platform has none, as on Windows). */
  readonly load: number;
  /** `RELEASE_PILOT_LINT_THREADS`: "1" never splits, "2" always does (with two files or more). */
  readonly setting?: string;
}

/**
 * Below this much YAML in all, one thread finishes before a second one would have started: a thread
 * costs about 30 ms (its own V8 heap, Node's start-up, the bundle through the code cache) and the
 * linter reads about 2.5 KB a millisecond from cold.
 */
export const SPLIT_MIN_BYTES = 128 * 1024;

/** The other thread starts this much work behind (its start-up), so it is given less. */
export const THREAD_START_BYTES = 64 * 1024;

/**
 * Splits the files between two threads when that can only help: two files or more, enough text,
 * and a core nobody else is using (on a busy machine a second thread competes with the first and
 * makes the run slower). Largest files first, each to the side that will be done sooner.
 */
export function planThreads(sizes: readonly number[], machine: MachineState): ThreadPlan | undefined {
  if (sizes.length < 2 || machine.setting === '1') return undefined;
  if (machine.setting !== '2') {
    const total = sizes.reduce((sum, size) => sum + size, 0);
    if (total < SPLIT_MIN_BYTES || machine.cores < 2 || machine.load > machine.cores - 0.5) return undefined;
  }
  const here: number[] = [];
  const there: number[] = [];
  let hereBytes = 0;
  // Forced splits (tests, people measuring) share evenly: small files would otherwise all stay here.
  let thereBytes = machine.setting === '2' ? 0 : THREAD_START_BYTES;
  const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => b.size - a.size || a.index - b.index);
  for (const { size, index } of order) {
    if (hereBytes <= thereBytes) {
      here.push(index);
      hereBytes += size;
    } else {
      there.push(index);
      thereBytes += size;
    }
  }
  return there.length > 0 ? { here: here.sort((a, b) => a - b), there: there.sort((a, b) => a - b) } : undefined;
}

/** This machine, as {@link planThreads} needs it. */
export function machineState(env: Readonly<Record<string, string | undefined>>): MachineState {
  const setting = env.RELEASE_PILOT_LINT_THREADS;
  return { cores: os.availableParallelism(), load: os.loadavg()[0] ?? 0, ...(setting === undefined ? {} : { setting }) };
}

/**
 * {@link lintCiFiles} with the files split between this thread and `thread` when {@link planThreads}
 * says so. If the other thread fails, its files are linted here: the result never depends on it.
 */
export async function lintInThreads(request: LintRequest, thread: LintThread, machine: MachineState): Promise<LintResult> {
  const plan = planThreads(request.files.map(sizeOf), machine);
  if (!plan) return lintCiFiles(request);
  const pick = (indexes: readonly number[]): string[] => indexes.map((i) => request.files[i] ?? '');
  const away = thread(request.root, pick(plan.there)).catch(() => undefined);
  const near = lintCiFiles({ ...request, files: pick(plan.here) }).files;
  const far = (await away) ?? lintCiFiles({ ...request, files: pick(plan.there) }).files;
  const files: FileLintResult[] = [];
  plan.here.forEach((index, i) => (files[index] = near[i] ?? { path: request.files[index] ?? '', found: false, diagnostics: [] }));
  plan.there.forEach((index, i) => (files[index] = far[i] ?? { path: request.files[index] ?? '', found: false, diagnostics: [] }));
  return { files };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    // Unreadable files are reported by the lint itself; they weigh nothing here.
    return 0;
  }
}
