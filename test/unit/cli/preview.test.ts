import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Run } from './support/builtCli';
import { CLI, ensureBuilt } from './support/builtCli';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-preview-'));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function run(dir: string, args: string[]): Run {
  const result = spawnSync(process.execPath, [CLI, 'preview', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(dir: string, args: string[]): unknown {
  const result = run(dir, ['--format', 'json', ...args, '.gitlab-ci.yml']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const RELEASE_FLOW = `
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_COMMIT_BRANCH
    - if: $CI_COMMIT_TAG
stages: [build, test, deploy]
.base:
  script: echo
compile:
  extends: .base
  stage: build
unit:
  extends: .base
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "main"
    - changes: [src/**/*]
docs:
  extends: .base
  rules:
    - changes: ["docs/**/*"]
    - when: never
canary:
  extends: .base
  stage: deploy
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual
    - if: $CI_COMMIT_TAG =~ /^v\\d+/
      when: manual
      allow_failure: true
container:
  extends: .base
  stage: deploy
  rules:
    - exists: [Dockerfile]
`;

describe('release-pilot preview (dist/cli.js)', function () {
  this.timeout(60_000);
  let dir = '';

  before(() => {
    ensureBuilt();
    dir = project({ '.gitlab-ci.yml': RELEASE_FLOW, Dockerfile: 'FROM scratch\n', 'src/app.ts': '' });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops quietly when the reader of its output has gone (`| head`)', async () => {
    const child = spawn(process.execPath, [CLI, 'preview', '--format', 'json', '.gitlab-ci.yml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // no reader left: every write to the pipe fails with EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '', 'no EPIPE stack, no internal error');
    assert.equal(code, 0);
  });

  it('prints the JSON contract for a push to the default branch', () => {
    assert.deepEqual(json(dir, ['--source', 'push', '--ref', 'main', '--default-branch', 'main', '--changed', 'src/app.ts']), {
      pipeline: { created: true, reason: 'A workflow:rules rule matched; the pipeline is created.' },
      jobs: [
        { name: 'compile', stage: 'build', when: 'on_success', allowFailure: false },
        { name: 'unit', stage: 'test', when: 'on_success', allowFailure: false },
        { name: 'canary', stage: 'deploy', when: 'manual', allowFailure: false },
        { name: 'container', stage: 'deploy', when: 'on_success', allowFailure: false },
      ],
      diagnostics: [],
    });
  });

  it('sets the merge request variables for merge_request_event', () => {
    const out = json(dir, ['--source', 'merge_request_event', '--ref', 'feature', '--target-branch', 'main', '--changed', 'docs/a.md']) as { jobs: { name: string }[] };
    assert.deepEqual(out.jobs.map((j) => j.name), ['compile', 'unit', 'docs', 'container']);
  });

  it('takes --var over predefined variables (an open merge request filters the branch pipeline out)', () => {
    assert.deepEqual(json(dir, ['--ref', 'feature', '--var', 'CI_OPEN_MERGE_REQUESTS=group/project!4']), {
      pipeline: { created: false, reason: 'Pipeline filtered out by workflow rules.' },
      jobs: [],
      diagnostics: [],
    });
  });

  it('evaluates every changes rule as true when no --changed is given', () => {
    const out = json(dir, ['--ref', 'feature']) as { jobs: { name: string }[] };
    assert.deepEqual(out.jobs.map((j) => j.name), ['compile', 'unit', 'docs', 'container']);
  });

  it('previews a tag pipeline', () => {
    const out = json(dir, ['--source', 'tag', '--tag', 'v2.0.0', '--changed', 'README.md']) as { jobs: unknown[] };
    assert.deepEqual(out.jobs, [
      { name: 'compile', stage: 'build', when: 'on_success', allowFailure: false },
      { name: 'unit', stage: 'test', when: 'on_success', allowFailure: false },
      { name: 'docs', stage: 'test', when: 'on_success', allowFailure: false },
      { name: 'canary', stage: 'deploy', when: 'manual', allowFailure: true },
      { name: 'container', stage: 'deploy', when: 'on_success', allowFailure: false },
    ]);
  });

  it('checks exists against the files under --root', () => {
    const bare = project({ 'ci/.gitlab-ci.yml': RELEASE_FLOW });
    try {
      const result = run(bare, ['--format', 'json', '--root', '.', '--ref', 'feature', '--changed', 'x', 'ci/.gitlab-ci.yml']);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual((JSON.parse(result.stdout) as { jobs: { name: string }[] }).jobs.map((j) => j.name), ['compile']);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it('previews what it can of a file with errors, with diagnostics, and exits 0', () => {
    const broken = project({ '.gitlab-ci.yml': 'a:\n  script: x\n  stage: nowhere\nb:\n  script: x\n  rules:\n    - if: $X =~ /a(?=b)/\n' });
    try {
      const out = json(broken, []) as { pipeline: { created: boolean }; jobs: { name: string }[]; diagnostics: { code: string; path: string; severity: string }[] };
      assert.equal(out.pipeline.created, false);
      assert.deepEqual(out.jobs.map((j) => j.name), ['a']);
      assert.deepEqual(out.diagnostics.map((d) => [d.path, d.severity, d.code]), [
        ['.gitlab-ci.yml', 'error', 'stage-undefined'],
        ['.gitlab-ci.yml', 'error', 'preview-expression-invalid'],
      ]);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('prints a readable summary as text', () => {
    const result = run(dir, ['--ref', 'main', '--changed', 'src/app.ts', '.gitlab-ci.yml']);
    assert.equal(result.code, 0);
    assert.deepEqual(result.stdout.trimEnd().split('\n'), [
      'Pipeline created: A workflow:rules rule matched; the pipeline is created.',
      '  build   compile',
      '  test    unit',
      '  deploy  canary  (manual)',
      '  deploy  container',
    ]);
  });

  describe('exits 2 on usage and I/O problems', () => {
    const cases: [string, string[], RegExp][] = [
      ['a missing file', ['missing.yml'], /cannot read missing\.yml/],
      ['no file', [], /no FILE given/],
      ['two files', ['a.yml', 'b.yml'], /one FILE at a time/],
      ['an unknown option', ['--bogus', '.gitlab-ci.yml'], /unknown option '--bogus'/],
      ['an unknown source', ['--source', 'pull', '.gitlab-ci.yml'], /--source must be one of/],
      ['a --var without =', ['--var', 'NOPE', '.gitlab-ci.yml'], /--var takes KEY=VALUE/],
      ['a bad format', ['--format', 'xml', '.gitlab-ci.yml'], /--format must be text or json/],
      ['an option without its value', ['.gitlab-ci.yml', '--ref'], /--ref needs a branch name/],
      ['a tag source without a tag', ['--source', 'tag', '.gitlab-ci.yml'], /--source tag needs --tag/],
    ];
    for (const [what, args, message] of cases) {
      it(what, () => {
        const result = run(dir, args);
        assert.equal(result.code, 2);
        assert.match(result.stderr, message);
        assert.equal(result.stdout, '');
      });
    }
  });
});
