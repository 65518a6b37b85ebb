import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseCiFile, parseCiFileComposed } from '../../src/core/ci/parse/parseCiFile';
import { observable, tookBlockSubsetPath } from '../support/parsedObservable';
import { REPO_ROOT } from '../support/paths';
import type { BenchSection } from './ciBench';
import type { ColdStartFigures } from './coldStartFigures';
import { COLD_START_FIGURES } from './coldStartFigures';
import { fmt, median, table } from './stats';

/** The benchmark may read the shared corpus and GitLab's schema; the product never does. */
const CORPUS = path.join(REPO_ROOT, '..', 'shared', 'corpus');
const GITLAB_SCHEMA = path.join(REPO_ROOT, '..', 'shared', 'reference', 'gitlab-ci-schema', 'ci.json');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const BASELINE = path.join(REPO_ROOT, 'out', 'test', 'bench', 'yamlLsLint.js');
const LARGE_PAIRS = 11;
const SMALL_PAIRS = 15;

interface Pairing {
  readonly ours: number[];
  readonly base: number[];
  readonly floor: number[];
}

/**
 * Issue 11's cold-start benchmark: whole processes, one per run for each side, on the same files,
 * in turn (the side that goes first alternates), with bare `node` started in the same rotation as
 * the floor every Node program pays on this machine.
 */
export function runColdBench(): Promise<BenchSection> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: npm run bench builds it first`);
  const realWorld = path.join(CORPUS, 'real-world');
  const bySize = fs.readdirSync(realWorld).filter((f) => f.endsWith('.yml')).map((f) => path.join(realWorld, f)).map((file) => ({ file, lines: lineCount(file) })).sort((a, b) => a.lines - b.lines);
  const largest = bySize.slice(-10);
  const largeLines = largest.reduce((n, f) => n + f.lines, 0);
  // A typical small project's file: the first real config of at least 20 lines.
  const small = bySize.find((f) => f.lines >= 20) ?? bySize[0]!;

  // Whole-process times depend on what else the machine runs: the load is part of the figures.
  const loadBefore = os.loadavg()[0] ?? 0;
  const large = pairRuns(largest.map((f) => f.file), LARGE_PAIRS);
  const one = pairRuns([small.file], SMALL_PAIRS);
  const loadAfter = os.loadavg()[0] ?? 0;
  const paths = parsePaths();

  const ratio = (p: Pairing): number => median(p.ours.map((ours, i) => p.base[i]! / ours));
  const largeRatio = ratio(large);
  const smallMs = median(one.ours);
  const rows = [
    [`lint --format json, the 10 largest real-world configs (${largeLines} lines), wall p50`, fmt(median(large.ours)), fmt(median(large.base)), `${largeRatio.toFixed(1)}x`, fmt(median(large.floor)), '>= 3x faster (aim 5x)', largeRatio >= 3 ? 'yes' : 'NO'],
    [`lint --format json, one small config (${small.lines} lines), wall p50`, fmt(smallMs), fmt(median(one.base)), `${ratio(one).toFixed(1)}x`, fmt(median(one.floor)), '< 100 ms', smallMs < 100 ? 'yes' : 'NO'],
  ];
  const pathRows = paths.map((p) => [p.dir, String(p.files), String(p.fast), String(p.files - p.fast), String(p.disagree)]);
  const fallbacks = paths.filter((p) => p.dir === 'real-world').flatMap((p) => p.slow);
  const markdown = [
    table(['metric', 'Release Pilot (ms)', 'yaml-language-server + GitLab schema (ms)', 'ratio (p50 of pairs)', 'bare node (ms)', 'target', 'met'], rows),
    '',
    `Whole processes: \`node dist/cli.js lint --format json FILE...\` (the production bundle) against \`node out/test/bench/yamlLsLint.js ci.json FILE...\`, which loads yaml-language-server, gives it GitLab's published schema (\`../shared/reference/gitlab-ci-schema/ci.json\`) and validates the same files one after the other in one process, printing JSON. ${LARGE_PAIRS} and ${SMALL_PAIRS} pairs, run in turn, the side that starts each pair alternating; the ratio is the median of the per-pair ratios. "bare node" is \`node -e 0\` in the same rotation: the start-up every Node program pays on this machine, included in both sides' figures. Small file: \`real-world/${path.basename(small.file)}\`. Machine load (1-minute average) ${loadBefore.toFixed(1)} when the runs started and ${loadAfter.toFixed(1)} when they ended, on ${os.cpus().length} cores.`,
    '',
    '### In the real VS Code host',
    '',
    editorFigures(),
    '',
    '### Parse paths over the corpus',
    '',
    table(['corpus folder', 'files', 'block-subset reader', 'yaml package (slow path)', 'disagreements'], pathRows),
    '',
    `Every file of \`../shared/corpus\` parsed both ways; "disagreements" counts files where the block-subset reader's result differs from the composed path's (it must be 0). Top-level configs (\`real-world/\`) still on the slow path: ${fallbacks.length ? fallbacks.map((f) => `\`${f}\``).join(', ') : 'none'}.`,
  ].join('\n');
  const ok = largeRatio >= 3 && smallMs < 100 && paths.every((p) => p.disagree === 0);
  return Promise.resolve({ title: 'From cold: whole processes (issue 11)', markdown, ok });
}

/** The editor's figures, recorded by the integration level in the real extension host (this benchmark cannot start one). */
function editorFigures(): string {
  if (!fs.existsSync(COLD_START_FIGURES)) return 'Not measured: run the integration level (`node scripts/test.mjs integration`) first; it records them in `test-output/bench/cold-start.json`.';
  const f = JSON.parse(fs.readFileSync(COLD_START_FIGURES, 'utf8')) as ColdStartFigures;
  const rows = [
    ['evaluating dist/extension.js (the host counts it as code loading)', f.activation.loadMs === undefined ? 'unknown' : fmt(f.activation.loadMs), '', ''],
    ['activate(), from its start to its return', fmt(f.activation.activateMs), '< 50 ms', f.activation.activateMs < 50 ? 'yes' : 'NO'],
    ...(f.largestConfig ? [[`opening the largest corpus config (\`${f.largestConfig.file}\`, ${f.largestConfig.lines} lines) to its diagnostics (${f.largestConfig.diagnostics} shown)`, fmt(f.largestConfig.openToDiagnosticsMs), '(reported)', '']] : []),
  ];
  return [
    table(['metric', 'ms', 'target', 'met'], rows),
    '',
    `Measured by \`test/integration/coldStart.test.ts\` in VS Code ${f.vscodeVersion} (code-server) on ${f.measuredAt.slice(0, 16).replace('T', ' ')} UTC, with the development build the integration level runs; the extension times itself (a banner at the top of the bundle, then around activate()), so reading and compiling the file before its first line runs is not included. The Git extension, gitbeaker and the schema validators are not waited for or evaluated during activation: they load on first use.`,
  ].join('\n');
}

function lineCount(file: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').length;
}

/** Runs ours, the baseline and bare node in turn, `pairs` times, and returns each side's wall times. */
function pairRuns(files: readonly string[], pairs: number): Pairing {
  const ours: number[] = [];
  const base: number[] = [];
  const floor: number[] = [];
  const runOurs = (): void => void ours.push(wallMs([CLI, 'lint', '--format', 'json', ...files]));
  const runBase = (): void => void base.push(wallMs([BASELINE, GITLAB_SCHEMA, ...files]));
  // One unmeasured run of each warms the OS file cache, as a second CI job or editor start would have it.
  runOurs();
  runBase();
  ours.length = 0;
  base.length = 0;
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      runOurs();
      runBase();
    } else {
      runBase();
      runOurs();
    }
    floor.push(wallMs(['-e', '0']));
  }
  return { ours, base, floor };
}

function wallMs(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`node ${args.slice(0, 3).join(' ')} ... exited with ${String(result.status)}: ${result.stderr}`);
  if (args[0] !== '-e') JSON.parse(result.stdout);
  return ms;
}

interface PathCount {
  readonly dir: string;
  readonly files: number;
  readonly fast: number;
  readonly disagree: number;
  readonly slow: string[];
}

/** Which parser reads each corpus file, and whether both parsers agree on it. */
function parsePaths(): PathCount[] {
  return fs.readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort().map((dir) => {
    const files = ymlFiles(path.join(CORPUS, dir));
    let fast = 0;
    let disagree = 0;
    const slow: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseCiFile(file, text);
      if (tookBlockSubsetPath(parsed)) {
        fast++;
        if (!isDeepStrictEqual(observable(parsed), observable(parseCiFileComposed(file, text)))) disagree++;
      } else slow.push(path.relative(path.join(CORPUS, dir), file));
    }
    return { dir, files: files.length, fast, disagree, slow };
  });
}

function ymlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? ymlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}
