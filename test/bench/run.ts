import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';
import type { BenchSection } from './ciBench';
import { runCiBench } from './ciBench';
import { runColdBench } from './coldBench';
import { runLanesBench } from './lanesBench';
import { runHostileLogBench } from './hostileLogBench';
import { runLogBench } from './logBench';
import { runScaleBench } from './scaleBench';
import { runTeamBench } from './teamBench';

const BENCHES: Readonly<Record<string, () => Promise<BenchSection>>> = { ci: runCiBench, lanes: runLanesBench, team: runTeamBench, log: runLogBench, hostileLog: runHostileLogBench, cold: runColdBench, scale: runScaleBench };

/**
 * `npm run bench`: runs every benchmark, prints the tables and keeps them in docs/benchmarks.md.
 * `npm run bench -- scale` runs only the named ones and replaces only their sections there.
 */
async function main(): Promise<void> {
  // Options (--team=500) are the benchmarks' own; the rest name benchmarks.
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(BENCHES).join(', ')}`);
  const sections: BenchSection[] = [];
  for (const name of names.length ? names : Object.keys(BENCHES)) {
    const section = await BENCHES[name]!();
    console.log(`\n## ${section.title}\n\n${section.markdown}\n`);
    sections.push(section);
  }
  const file = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const doc = names.length && fs.existsSync(file)
    ? replaceSections(fs.readFileSync(file, 'utf8'), sections, machine)
    : [
        '# Benchmarks',
        '',
        'Produced by `npm run bench` (the figures below are its latest output; re-run it to refresh them).',
        `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. Each figure is a median of repeated runs in one process;`,
        'the baseline runs in the same process, on the same inputs, right after; the cold-start section instead times whole processes.',
        '',
        ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
      ].join('\n');
  fs.writeFileSync(file, doc);
  const missed = sections.filter((s) => !s.ok).map((s) => s.title);
  console.log(missed.length ? `Targets missed: ${missed.join(', ')}` : 'All targets met.');
}

/** The document with each section's text replaced (or appended), the others left as they were. */
function replaceSections(doc: string, sections: readonly BenchSection[], machine: string): string {
  let out = doc.trimEnd() + '\n';
  for (const section of sections) {
    const text = `## ${section.title}\n\n_Measured ${new Date().toISOString().slice(0, 10)} on ${machine} (\`npm run bench -- <name>\`)._\n\n${section.markdown}\n`;
    const start = out.indexOf(`## ${section.title}\n`);
    if (start < 0) {
      out += `\n${text}`;
      continue;
    }
    const next = out.indexOf('\n## ', start + 1);
    out = out.slice(0, start) + text + (next < 0 ? '' : out.slice(next));
  }
  return out;
}

main().then(
  // Simulated editors leave keep-alive sockets and agents behind; the figures are written, so end here.
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
