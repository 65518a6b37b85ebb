import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileLintResult } from '../../../src/core/ci';
import { lintCiFiles } from '../../../src/core/ci';
import { createFsReader } from '../../../src/node/fsReader';
import type { LintThread, MachineState } from '../../../src/cli/lintThreads';
import { lintInThreads, planThreads, SPLIT_MIN_BYTES, THREAD_START_BYTES } from '../../../src/cli/lintThreads';
import { CLI, ensureBuilt } from './support/builtCli';

const IDLE: MachineState = { cores: 2, load: 0.2 };
const KB = 1024;

describe('lint threads: when a run is split', () => {
  it('keeps one thread for a single file, however large', () => {
    assert.equal(planThreads([10 * SPLIT_MIN_BYTES], IDLE), undefined);
  });

  it('keeps one thread below the size a second thread pays for', () => {
    assert.equal(planThreads([SPLIT_MIN_BYTES / 2 - 1, SPLIT_MIN_BYTES / 2 - 1], IDLE), undefined);
  });

  it('keeps one thread on one core, or when the cores are busy', () => {
    const sizes = [200 * KB, 200 * KB];
    assert.equal(planThreads(sizes, { cores: 1, load: 0 }), undefined);
    assert.equal(planThreads(sizes, { cores: 2, load: 1.6 }), undefined);
    assert.ok(planThreads(sizes, { cores: 4, load: 1.6 }));
  });

  it('follows RELEASE_PILOT_LINT_THREADS: 1 never splits, 2 splits even small runs on a busy machine', () => {
    assert.equal(planThreads([200 * KB, 200 * KB], { ...IDLE, setting: '1' }), undefined);
    assert.deepEqual(planThreads([10, 10], { cores: 1, load: 9, setting: '2' }), { here: [0], there: [1] });
  });

  it('gives every file to exactly one side, largest first to the side done sooner, the other thread starting behind', () => {
    const sizes = [40 * KB, 96 * KB, 45 * KB, 43 * KB, 21 * KB, 32 * KB];
    const plan = planThreads(sizes, IDLE);
    assert.ok(plan);
    assert.deepEqual([...plan.here, ...plan.there].sort(), [0, 1, 2, 3, 4, 5]);
    const bytes = (indexes: readonly number[]): number => indexes.reduce((sum, i) => sum + (sizes[i] ?? 0), 0);
    // Within the largest file of each other once the other thread's start is counted.
    assert.ok(Math.abs(bytes(plan.here) - (bytes(plan.there) + THREAD_START_BYTES)) <= 96 * KB);
    assert.ok(bytes(plan.here) > bytes(plan.there), 'the thread that starts first takes more');
    assert.deepEqual([...plan.here], [...plan.here].sort((a, b) => a - b));
  });
});

describe('lint threads: results', () => {
  let dir: string;
  let files: string[];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-threads-'));
    files = ['a', 'b', 'c', 'd'].map((name, i) => {
      const file = path.join(dir, `${name}.yml`);
      // Each file has its own finding, so a result given to the wrong file shows.
      fs.writeFileSync(file, `job_${name}:\n  stage: nowhere_${i}\n  script: make\n`);
      return file;
    });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const request = (): { root: string; files: string[]; reader: ReturnType<typeof createFsReader> } => ({ root: dir, files, reader: createFsReader() });
  const forced: MachineState = { cores: 2, load: 0, setting: '2' };

  it('are the one-thread results, in the order the files were given', async () => {
    const calls: string[][] = [];
    const thread: LintThread = (root, some) => {
      calls.push([...some]);
      return Promise.resolve(lintCiFiles({ root, files: some, reader: createFsReader() }).files);
    };
    const split = await lintInThreads(request(), thread, forced);
    assert.equal(calls.length, 1);
    assert.ok(calls[0] && calls[0].length > 0 && calls[0].length < files.length);
    const alone = lintCiFiles(request());
    assert.deepEqual(split.files.map((f) => [f.path, f.diagnostics]), alone.files.map((f) => [f.path, f.diagnostics]));
  });

  it('lint the other thread\'s files here when that thread fails', async () => {
    const failing: LintThread = () => Promise.reject(new Error('thread died'));
    const split = await lintInThreads(request(), failing, forced);
    assert.deepEqual(split.files.map((f) => f.path), files);
    assert.ok(split.files.every((f: FileLintResult) => f.found && f.diagnostics.some((d) => d.code === 'stage-undefined' || d.message.includes('nowhere'))));
  });

  it('of the built CLI are the same with a second thread as without (a real worker thread)', function () {
    this.timeout(60_000);
    ensureBuilt();
    const run = (threads: string): { status: number | null; stdout: string } => {
      const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--root', dir, ...files], { encoding: 'utf8', env: { ...process.env, RELEASE_PILOT_LINT_THREADS: threads } });
      return { status: r.status, stdout: r.stdout };
    };
    const one = run('1');
    const two = run('2');
    assert.equal(one.status, 1);
    assert.deepEqual(two, one);
    const printed = JSON.parse(two.stdout) as { files: { path: string }[] };
    assert.equal(printed.files.length, files.length);
  });
});
