import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCiFile } from '../../../../src/core/ci/analyze/analyzeCiFile';
import { lintCiFiles } from '../../../../src/core/ci/analyze/lint';
import { AnalysisBudget, EDITOR_MAX_EXPANSION, MAX_EXPANSION } from '../../../../src/core/ci/model/budget';
import { resolveIncludes, MAX_INCLUDES, underRoot } from '../../../../src/core/ci/resolve/includes';
import { parseCiFile } from '../../../../src/core/ci/parse/parseCiFile';
import { createFsReader, MAX_GLOB_ENTRIES } from '../../../../src/node/fsReader';
import { ENTRY, ROOT, memoryReader } from '../../../support/memoryReader';
import { countValues } from '../../../support/ciFuzz';
import { aliasBomb, doublingReferences, HAS_SPECIAL_FILES, hostileRepos, removeScratch, scratchDir } from '../../../support/hostileRepos';

describe('hostile repositories (issue 11): real files, one finding each, nothing read outside the root', () => {
  after(removeScratch);

  for (const hostile of hostileRepos()) {
    it(`${hostile.name} ends in one ${hostile.code}`, () => {
      const repo = hostile.make();
      const result = lintCiFiles({ root: repo.root, files: [repo.entry], reader: createFsReader() });
      const analysis = result.files[0]?.analysis;
      assert.ok(analysis, 'the entry was analysed');
      const codes = analysis.diagnostics.map((d) => d.code);
      assert.equal(codes.filter((c) => c === repo.code).length, 1, `expected one ${repo.code}, got ${JSON.stringify(codes)}`);
      // Nothing outside the root was read, so nothing of it is quoted or merged.
      assert.ok(!analysis.diagnostics.some((d) => /hunter2/.test(d.message)), 'a secret from outside the root was quoted');
      assert.ok(!analysis.jobs.some((j) => j.name === 'secret-job'), 'a job from outside the root was merged');
      for (const file of analysis.files.keys()) assert.ok(file.startsWith(repo.root + path.sep), `read ${file}, outside ${repo.root}`);
      assert.ok(countValues(analysis.mergedValue, 2 * MAX_EXPANSION) <= 2 * MAX_EXPANSION, 'the merged configuration stays bounded');
    });
  }

  it('reads a file included along many paths once', () => {
    const files: Record<string, string> = { '.gitlab-ci.yml': "include: ['a.yml', 'b.yml']\nx: {script: x}\n", 'a.yml': 'include: c.yml\na: {script: a}\n', 'b.yml': 'include: c.yml\nb: {script: b}\n', 'c.yml': 'c: {script: c}\n' };
    const base = memoryReader(ROOT, files);
    const reads: string[] = [];
    const reader = { ...base, readFile: (p: string) => (reads.push(p), base.readFile(p)) };
    const analysis = analyzeCiFile(ENTRY, ROOT, reader, { schema: false });
    assert.deepEqual(analysis?.jobs.map((j) => j.name).sort(), ['a', 'b', 'c', 'x']);
    assert.equal(reads.filter((p) => p.endsWith('c.yml')).length, 1);
  });

  it(`allows ${MAX_INCLUDES} includes and reports the one past it at the entry`, () => {
    const chain = (n: number): Record<string, string> => {
      const files: Record<string, string> = { '.gitlab-ci.yml': 'include: f1.yml\nx: {script: x}\n' };
      for (let i = 1; i <= n; i++) files[`f${i}.yml`] = `${i < n ? `include: f${i + 1}.yml\n` : ''}j${i}: {script: x}\n`;
      return files;
    };
    const codes = (n: number): string[] => analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, chain(n)), { schema: false })?.diagnostics.map((d) => d.code) ?? [];
    assert.deepEqual(codes(MAX_INCLUDES), []);
    assert.deepEqual(codes(MAX_INCLUDES + 1), ['include-limit']);
  });

  it('counts an included file again each time it is included, as GitLab does', () => {
    const files: Record<string, string> = { '.gitlab-ci.yml': `include: [${Array.from({ length: 76 }, () => "'t.yml'").join(', ')}, 'u.yml']\nx: {script: x}\n`, 't.yml': 'include: u.yml\nt: {script: t}\n', 'u.yml': 'u: {script: u}\n' };
    const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, files), { schema: false });
    assert.deepEqual(analysis?.diagnostics.map((d) => [d.code, d.range.start.line]), [['include-limit', 0]]);
  });

  it('names the files of an include cycle', () => {
    const files = { '.gitlab-ci.yml': 'include: /ci/a.yml\nx: {script: x}\n', 'ci/a.yml': 'include: ci/b.yml\na: {script: a}\n', 'ci/b.yml': 'include: ci/a.yml\nb: {script: b}\n' };
    const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, files), { schema: false });
    const [cycle, ...rest] = analysis?.diagnostics ?? [];
    assert.equal(rest.length, 0);
    assert.equal(cycle?.code, 'include-cycle');
    assert.match(cycle?.message ?? '', /`ci\/a\.yml` -> `ci\/b\.yml` -> `ci\/a\.yml`/);
    assert.equal(cycle?.file, path.join(ROOT, 'ci/b.yml'));
  });

  it('treats a leading / as the repository root and refuses every way out of it', () => {
    assert.equal(underRoot('/ci/a.yml'), 'ci/a.yml');
    assert.equal(underRoot('ci/../a.yml'), 'a.yml');
    for (const escape of ['../a.yml', '/../a.yml', 'ci/../../a.yml', '..', '../**/*.yml', '..\\a.yml', 'C:/a.yml']) assert.equal(underRoot(escape), undefined, escape);
  });

  it('stops reading once the files of one analysis pass the text budget, and says so once', () => {
    const files = { '.gitlab-ci.yml': "include: ['a.yml', 'b.yml', 'c.yml']\nx: {script: x}\n", 'a.yml': `a: {script: a}\n#${'.'.repeat(400)}\n`, 'b.yml': `b: {script: b}\n#${'.'.repeat(400)}\n`, 'c.yml': 'c: {script: c}\n' };
    const entry = parseCiFile(ENTRY, files['.gitlab-ci.yml']);
    const result = resolveIncludes(entry, ROOT, memoryReader(ROOT, files), new Map(), new AnalysisBudget(MAX_EXPANSION, 600));
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['analysis-budget']);
    assert.deepEqual([...result.files.keys()].map((f) => path.basename(f)), ['.gitlab-ci.yml', 'a.yml', 'c.yml']);
    assert.equal(result.hasUnresolvedIncludes, true);
  });

  it('after the alias allowance trips, later aliases of the same anchor are not called unknown', () => {
    const text = `${aliasBomb()}job: {script: x, variables: {A: *a}}\nj2: {script: *a}\n`;
    const codes = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': text }), { schema: false })?.diagnostics.map((d) => d.code) ?? [];
    assert.equal(codes.filter((c) => c === 'yaml-alias-limit').length, 1);
    assert.ok(!codes.includes('yaml-unknown-alias'), JSON.stringify(codes));
  });

  it('aliases and !reference draw on one allowance: together they trip it once', () => {
    // 40 aliases of a 5 000-value anchor (200 000 values) plus references copying 65 536 more.
    const big = `[${Array.from({ length: 4999 }, (_, i) => i).join(',')}]`;
    const aliases = Array.from({ length: 40 }, (_, i) => `.u${i}: {v: *big}`).join('\n');
    const text = `.big: &big ${big}\n${aliases}\n${doublingReferences(16, 1)}`;
    const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': text }), { schema: false });
    const codes = analysis?.diagnostics.map((d) => d.code) ?? [];
    assert.deepEqual(codes.filter((c) => c.endsWith('-limit')), ['expansion-limit']);
    const alone = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': doublingReferences(16, 1) }), { schema: false });
    assert.deepEqual(alone?.diagnostics.map((d) => d.code), [], 'the references alone fit');
  });

  it('the editor\'s smaller allowance trips first, as a warning of its own (GitLab would accept the file)', () => {
    // 65 536 values: within GitLab's allowance, past the editor's.
    const reader = memoryReader(ROOT, { '.gitlab-ci.yml': doublingReferences(16, 1) });
    const editor = analyzeCiFile(ENTRY, ROOT, reader, { schema: false, maxExpansion: EDITOR_MAX_EXPANSION });
    assert.deepEqual(editor?.diagnostics.map((d) => [d.code, d.severity]), [['editor-expansion-limit', 'warning']]);
    assert.match(editor?.diagnostics[0]?.message ?? '', new RegExp(`more than ${EDITOR_MAX_EXPANSION} values, the editor's limit`));
    assert.deepEqual(analyzeCiFile(ENTRY, ROOT, reader, { schema: false })?.diagnostics, [], 'the CLI\'s allowance takes it whole');
  });

  it('reports a matrix of 201 jobs and accepts one of exactly 200 (products summed over entries)', () => {
    const ten = '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]';
    const text = `ok:\n  script: x\n  parallel:\n    matrix:\n      - {A: ${ten}, B: ${ten}}\n      - {C: ${ten}, D: ${ten}}\nover:\n  script: x\n  parallel:\n    matrix:\n      - {A: ${ten}, B: ${ten}, C: [1, 2]}\n      - {D: one}\n`;
    const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': text }), { schema: false });
    assert.deepEqual(analysis?.diagnostics.map((d) => [d.code, d.range.start.line]), [['matrix-too-many-jobs', 10]]);
    assert.match(analysis?.diagnostics[0]?.message ?? '', /Job `over`: `parallel:matrix` config generates too many jobs \(maximum is 200\)/);
  });
});

describe('node file reader guards', () => {
  after(removeScratch);

  it('refuses links out of the root, and reads links that stay inside', () => {
    const root = scratchDir('links');
    fs.writeFileSync(path.join(root, 'real.yml'), 'a: 1\n');
    fs.writeFileSync(path.join(path.dirname(root), 'links-outside.yml'), 'b: 1\n');
    fs.symlinkSync(path.join(root, 'real.yml'), path.join(root, 'inside.yml'));
    fs.symlinkSync(path.join(path.dirname(root), 'links-outside.yml'), path.join(root, 'outside.yml'));
    const reader = createFsReader();
    assert.deepEqual(reader.readConfined?.(path.join(root, 'inside.yml'), root), { kind: 'text', text: 'a: 1\n' });
    assert.deepEqual(reader.readConfined?.(path.join(root, 'outside.yml'), root), { kind: 'outside-root' });
    assert.deepEqual(reader.readConfined?.(path.join(root, 'none.yml'), root), { kind: 'missing' });
    assert.deepEqual(reader.readConfined?.(path.join(root, '..', 'links-outside.yml'), root), { kind: 'outside-root' });
  });

  it('never opens a FIFO or a device, even as the entry file', function () {
    if (!HAS_SPECIAL_FILES) this.skip();
    const root = scratchDir('special');
    execFileSync('mkfifo', [path.join(root, 'pipe.yml')]);
    const reader = createFsReader();
    assert.equal(reader.readFile(path.join(root, 'pipe.yml')), undefined);
    assert.equal(reader.readFile('/dev/zero'), undefined);
    assert.deepEqual(reader.readConfined?.(path.join(root, 'pipe.yml'), root), { kind: 'not-a-file', what: 'a FIFO' });
    assert.deepEqual(reader.readConfined?.(root, path.dirname(root)), { kind: 'not-a-file', what: 'a directory' });
  });

  it('bounds a glob walk and never follows a link to a directory', () => {
    const root = scratchDir('glob');
    fs.mkdirSync(path.join(root, 'ci'));
    fs.writeFileSync(path.join(root, 'ci', 'a.yml'), 'a: 1\n');
    fs.symlinkSync(path.dirname(root), path.join(root, 'up'));
    const reader = createFsReader();
    assert.deepEqual(reader.glob(root, '**/*.yml'), [path.join(root, 'ci', 'a.yml')]);
    assert.deepEqual(reader.glob(root, 'up/**/*.yml'), []);
    const wide = scratchDir('wide');
    for (let i = 0; i < MAX_GLOB_ENTRIES + 10; i++) fs.writeFileSync(path.join(wide, `f${i}.yml`), '');
    assert.equal(reader.glob(wide, '*.yml').length, MAX_GLOB_ENTRIES);
  });
});
