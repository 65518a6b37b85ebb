import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/main';
import type { Range } from '../../../src/core/diagnostic';
import { memoryReader } from '../../support/memoryReader';

const ROOT = path.resolve('/repo');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function lint(args: string[], files: Record<string, string>, extra: Partial<CliIo> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['lint', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: ROOT,
    reader: memoryReader(ROOT, files),
    findRoot: () => ROOT,
    ...extra,
  });
  return { code, stdout, stderr };
}

const CLEAN = { '.gitlab-ci.yml': 'build:\n  script: make\n' };
const BROKEN = {
  '.gitlab-ci.yml': 'include: ci/jobs.yml\nbuild:\n  stage: nowhere\n  script: make\n',
  'ci/jobs.yml': 'test:\n  needs: [ghost]\n  script: make test\n',
};

describe('release-pilot lint', () => {
  it('exits 0 and prints nothing for a clean file', async () => {
    assert.deepEqual(await lint(['.gitlab-ci.yml'], CLEAN), { code: 0, stdout: '', stderr: '' });
  });

  it('prints path:line:col: severity: message [code], one-based, under the file each finding is in', async () => {
    const run = await lint(['.gitlab-ci.yml'], BROKEN);
    assert.equal(run.code, 1);
    assert.deepEqual(run.stdout.trimEnd().split('\n'), [
      '.gitlab-ci.yml:3:10: error: Stage `nowhere` of job `build` is not defined; available stages: .pre, build, test, deploy, .post. [stage-undefined]',
      'ci/jobs.yml:2:11: error: Job `test` needs `ghost`, which is not defined. [needs-undefined-job]',
    ]);
  });

  it('prints the JSON shape with zero-based ranges', async () => {
    const run = await lint(['--format', 'json', '.gitlab-ci.yml'], BROKEN);
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout), {
      files: [
        {
          path: '.gitlab-ci.yml',
          diagnostics: [
            {
              severity: 'error',
              code: 'stage-undefined',
              message: 'Stage `nowhere` of job `build` is not defined; available stages: .pre, build, test, deploy, .post.',
              range: { start: { line: 2, character: 9 }, end: { line: 2, character: 16 } },
            },
          ],
        },
        {
          path: 'ci/jobs.yml',
          diagnostics: [
            {
              severity: 'error',
              code: 'needs-undefined-job',
              message: 'Job `test` needs `ghost`, which is not defined.',
              range: { start: { line: 1, character: 10 }, end: { line: 1, character: 15 } },
            },
          ],
        },
      ],
    });
  });

  it('lists clean files in JSON too', async () => {
    const run = await lint(['--format=json', '.gitlab-ci.yml'], CLEAN);
    assert.deepEqual(JSON.parse(run.stdout), { files: [{ path: '.gitlab-ci.yml', diagnostics: [] }] });
  });

  it('exits 0 when there are only warnings and infos', async () => {
    const run = await lint(['.gitlab-ci.yml'], { '.gitlab-ci.yml': 'include: {template: Go.gitlab-ci.yml}\nbuild:\n  extends: .go\n  script: make\n' });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /info: .*\[include-unresolved\]/);
    assert.match(run.stdout, /warning: .*\[extends-undefined\]/);
  });

  it('exits 2 with a message naming a missing file', async () => {
    const run = await lint(['.gitlab-ci.yml', 'missing.yml'], CLEAN);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /missing\.yml/);
  });

  it('exits 2 on usage problems', async () => {
    assert.equal((await lint([], CLEAN)).code, 2);
    assert.equal((await lint(['--format', 'xml', '.gitlab-ci.yml'], CLEAN)).code, 2);
    assert.equal((await lint(['--bogus', '.gitlab-ci.yml'], CLEAN)).code, 2);
    assert.equal((await lint(['--root'], CLEAN)).code, 2);
  });

  it('resolves includes from --root', async () => {
    const files = { 'sub/.gitlab-ci.yml': 'include: ci/a.yml\nb:\n  needs: [a]\n  script: s\n', 'ci/a.yml': 'a: {script: s}\n' };
    assert.equal((await lint(['--root', '.', 'sub/.gitlab-ci.yml'], files)).code, 0);
    const rootless = await lint(['sub/.gitlab-ci.yml'], files, { findRoot: () => undefined });
    assert.equal(rootless.code, 1, 'without a git root the file directory is the root, so ci/a.yml is missing');
  });

  it('passes the schema validator through and reports its findings', async () => {
    const schema = {
      validateCiSchema: (_config: unknown, locate: (p: readonly (string | number)[], t: 'key' | 'value') => Range) => [
        { severity: 'error' as const, code: 'schema-test', message: 'from schema', range: locate(['build', 'script'], 'key') },
      ],
      validateSpecHeader: () => [],
    };
    const run = await lint(['.gitlab-ci.yml'], CLEAN, { schema });
    assert.equal(run.stdout, '.gitlab-ci.yml:2:3: error: from schema [schema-test]\n');
  });

  it('warns before a token would travel over plain http to a non-local instance, without printing the token', async () => {
    const run = await lint(['--gitlab-url', 'http://gitlab.invalid', '--token-env', 'GL_TOKEN', '.gitlab-ci.yml'], CLEAN, { env: { GL_TOKEN: 'glpat-secret-value-42' } });
    assert.equal(run.code, 0);
    assert.match(run.stderr, /^release-pilot lint: warning: http:\/\/gitlab\.invalid uses plain http/);
    assert.ok(!run.stderr.includes('glpat-secret-value-42'));
  });
});

describe('release-pilot lint against hostile content', () => {
  it('escapes control characters from job names, so a CI log cannot be recoloured or retitled', async () => {
    const run = await lint(['.gitlab-ci.yml'], { '.gitlab-ci.yml': '"evil\\e[31mRED\\e]0;title\\a\\u202e":\n  stage: nope\n  script: x\n' });
    assert.equal(run.code, 1);
    const raw = [...run.stdout].filter((c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) || c === '\u202e'));
    assert.deepEqual(raw, []);
    assert.match(run.stdout, /job `evil\\x1b\[31mRED\\x1b\]0;title\\x07\\u202e`/);
  });

  it('keeps one finding on one line even when a name holds a newline', async () => {
    const run = await lint(['.gitlab-ci.yml'], { '.gitlab-ci.yml': '"two\\nlines":\n  stage: nope\n  script: x\n' });
    assert.deepEqual(run.stdout.trimEnd().split('\n').length, 1);
    assert.match(run.stdout, /two\\x0alines/);
  });

  it('exits 3 with one line when the tool itself fails, and prints the stack only when asked', async () => {
    const failing = { readFile: (): string => { throw new RangeError('Maximum call stack size exceeded'); }, glob: (): string[] => [] };
    const quiet = await lint(['.gitlab-ci.yml'], CLEAN, { reader: failing });
    assert.equal(quiet.code, 3);
    assert.equal(quiet.stdout, '');
    assert.equal(quiet.stderr, 'release-pilot: internal error: RangeError: Maximum call stack size exceeded (RELEASE_PILOT_DEBUG=1 prints the stack)\n');
    const debug = await lint(['.gitlab-ci.yml'], CLEAN, { reader: failing, debug: true });
    assert.equal(debug.code, 3);
    assert.match(debug.stderr, /^release-pilot: internal error: RangeError: Maximum call stack size exceeded\n/);
    assert.match(debug.stderr, /\n\s+at /, 'the stack follows');
  });
});
