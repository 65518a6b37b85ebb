import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';
import type { BenchSection } from './ciBench';
import { runCiBench } from './ciBench';
import { runLanesBench } from './lanesBench';
import { runHostileLogBench } from './hostileLogBench';
import { runLogBench } from './logBench';
import { runTeamBench } from './teamBench';

/** `npm run bench`: runs every benchmark, prints the tables and keeps them in docs/benchmarks.md. */
async function main(): Promise<void> {
  const sections: BenchSection[] = [];
  for (const bench of [runCiBench, runLanesBench, runTeamBench, runLogBench, runHostileLogBench]) {
    const section = await bench();
    console.log(`\n## ${section.title}\n\n${section.markdown}\n`);
    sections.push(section);
  }
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const doc = [
    '# Benchmarks',
    '',
    'Produced by `npm run bench` (the figures below are its latest output; re-run it to refresh them).',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. Each figure is a median of repeated runs in one process;`,
    'the baseline runs in the same process, on the same inputs, right after.',
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  ].join('\n');
  fs.writeFileSync(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), doc);
  const missed = sections.filter((s) => !s.ok).map((s) => s.title);
  console.log(missed.length ? `Targets missed: ${missed.join(', ')}` : 'All targets met.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
