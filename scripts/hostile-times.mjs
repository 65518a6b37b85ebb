// Times each hostile repository of issue 11 (test/support/hostileRepos.ts, compiled to out/ by
// `npm run compile-tests`) through the built CLI (`dist/cli.js`, run by `npm run build`) and through
// the editor's path (the core analysis over the node reader with a parse cache, as CiAnalyzer runs it
// on the extension host): first analysis and a re-analysis. Wall time, reported only, never asserted.
//   node scripts/hostile-times.mjs [--before OLD_CLI.js] [--timeout SECONDS] [--write-docs]
// --before adds a column for another build of the CLI (the figures "before" a change).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = (...p) => require(path.join(ROOT, 'out', ...p));
const { hostileRepos, removeScratch } = out('test', 'support', 'hostileRepos.js');
const { analyzeParsed, GITLAB_SCHEMA } = out('src', 'core', 'ci', 'analyze', 'analyzeCiFile.js');
const { EDITOR_MAX_EXPANSION } = out('src', 'core', 'ci', 'model', 'budget.js');
const { parseCiFile } = out('src', 'core', 'ci', 'parse', 'parseCiFile.js');
const { createFsReader } = out('src', 'node', 'fsReader.js');

const args = process.argv.slice(2);
const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const before = value('--before');
const timeout = Number(value('--timeout') ?? 60);

/** One run of a CLI build under /usr/bin/time when present (peak memory), killed after `timeout`. */
function timeCli(cli, repo) {
  const hasTime = fs.existsSync('/usr/bin/time');
  const command = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = [...(hasTime ? ['-f', '%e %M', process.execPath] : []), cli, 'lint', '--root', repo.root, repo.entry];
  const run = spawnSync(command, argv, { timeout: timeout * 1000, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error?.code === 'ETIMEDOUT' || run.signal) return `killed after ${timeout} s`;
  const last = run.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ');
  const crashed = /RangeError|FATAL|heap out of memory|at /.test(run.stderr) ? ', crashed' : '';
  return hasTime ? `${Number(seconds).toFixed(2)} s, ${(Number(kb) / 1024).toFixed(0)} MB, exit ${run.status}${crashed}` : `exit ${run.status}${crashed}`;
}

/** The editor's path in this process: first analysis, then a re-analysis with the parse cache. */
function timeEditor(repo) {
  const reader = createFsReader();
  const cache = new Map();
  const once = () => {
    const started = process.hrtime.bigint();
    const text = reader.readFile(repo.entry);
    const entry = parseCiFile(repo.entry, text, cache.get(repo.entry));
    cache.set(repo.entry, entry);
    analyzeParsed(entry, repo.root, reader, { schema: GITLAB_SCHEMA, cache, maxExpansion: EDITOR_MAX_EXPANSION });
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const first = once();
  return `${first.toFixed(0)} ms, again ${once().toFixed(0)} ms`;
}

timeEditor(hostileRepos()[0].make()); // loads the schema validator once, as the editor has by then
const rows = [];
for (const hostile of hostileRepos()) {
  const repo = hostile.make();
  const row = { name: repo.name, code: repo.code, after: timeCli(path.join(ROOT, 'dist', 'cli.js'), repo), editor: timeEditor(repo) };
  if (before) row.before = timeCli(path.resolve(before), repo);
  rows.push(row);
  console.log(JSON.stringify(row));
}
removeScratch();
const header = before ? '| Case | Finding | CLI before | CLI after | Editor path after (first, again) |\n| --- | --- | --- | --- | --- |' : '| Case | Finding | CLI | Editor path (first, again) |\n| --- | --- | --- | --- |';
const table = [header, ...rows.map((r) => (before ? `| ${r.name} | \`${r.code}\` | ${r.before} | ${r.after} | ${r.editor} |` : `| ${r.name} | \`${r.code}\` | ${r.after} | ${r.editor} |`))].join('\n');
console.log(`\n${table}`);
if (args.includes('--write-docs')) {
  const file = path.join(ROOT, 'docs', 'reliability.md');
  const text = fs.readFileSync(file, 'utf8');
  const begin = '<!-- hostile:begin -->';
  const end = '<!-- hostile:end -->';
  fs.writeFileSync(file, `${text.slice(0, text.indexOf(begin) + begin.length)}\n${table}\n${text.slice(text.indexOf(end))}`);
}
