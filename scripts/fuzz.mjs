// `npm run fuzz`: runs the CI analysis over generated hostile repositories (test/support/ciFuzz.ts,
// compiled to out/ by `npm run compile-tests`) and prints inputs, invariant failures, the slowest
// cases and peak memory. Every 50th case runs on disk (FIFOs, links to /dev/zero and out of the root).
//   node scripts/fuzz.mjs [--cases N] [--from SEED] [--write-docs]
// --write-docs replaces the figures between the fuzz markers in docs/reliability.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { generateCase, runCase } = require(path.join(ROOT, 'out', 'test', 'support', 'ciFuzz.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const cases = option('--cases', 100_000);
const from = option('--from', 1);
const diskEvery = process.platform === 'win32' ? Infinity : 50;
const scratch = path.join(ROOT, 'test-output', 'fuzz');

const slowest = [];
const problems = [];
let findings = 0;
let onDisk = 0;
// One untimed case first: the schema validator loads on first use, which is not a case's cost.
runCase(generateCase(0));
const started = Date.now();
for (let seed = from; seed < from + cases; seed++) {
  const c = generateCase(seed);
  const disk = seed % diskEvery === 0;
  const t = process.hrtime.bigint();
  const outcome = runCase(c, disk ? path.join(scratch, 'case') : undefined);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (disk) onDisk++;
  findings += outcome.findings;
  if (outcome.problem) problems.push({ seed, shape: c.shape, problem: outcome.problem.split('\n')[0] });
  if (slowest.length < 5 || ms > slowest[slowest.length - 1].ms) {
    slowest.push({ seed, ms, shape: c.shape });
    slowest.sort((a, b) => b.ms - a.ms);
    slowest.length = Math.min(slowest.length, 5);
  }
  if ((seed - from + 1) % 10_000 === 0) console.log(`${seed - from + 1} cases, ${problems.length} problems, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
fs.rmSync(scratch, { recursive: true, force: true });
const seconds = (Date.now() - started) / 1000;
const peakMb = process.resourceUsage().maxRSS / 1024;
const summary = [
  `- Inputs: ${cases} generated repositories (seeds ${from}-${from + cases - 1}), ${onDisk} of them on disk with FIFOs and links; ${findings} findings in all.`,
  `- Invariant failures (throws, unknown codes, reads outside the root, unbounded merged configuration): ${problems.length}.`,
  `- Slowest cases: ${slowest.map((s) => `${s.ms.toFixed(0)} ms (seed ${s.seed}: ${s.shape})`).join('; ')}.`,
  `- Peak memory (resident, whole run): ${peakMb.toFixed(0)} MB; total ${seconds.toFixed(0)} s (${((seconds * 1000) / cases).toFixed(1)} ms a case) on ${os.cpus().length} shared cores, Node ${process.version}.`,
].join('\n');
console.log(`\n${summary}`);
for (const p of problems.slice(0, 20)) console.log(`seed ${p.seed} (${p.shape}): ${p.problem}`);
if (args.includes('--write-docs')) {
  const file = path.join(ROOT, 'docs', 'reliability.md');
  const text = fs.readFileSync(file, 'utf8');
  const begin = '<!-- fuzz:begin -->';
  const end = '<!-- fuzz:end -->';
  if (!text.includes(begin) || !text.includes(end)) throw new Error(`${file} has no ${begin} ... ${end} block`);
  fs.writeFileSync(file, `${text.slice(0, text.indexOf(begin) + begin.length)}\n${summary}\n${text.slice(text.indexOf(end))}`);
  console.log(`figures written to ${path.relative(ROOT, file)}`);
}
process.exitCode = problems.length === 0 ? 0 : 1;
