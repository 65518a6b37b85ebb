import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GitLabServer, IncludesScenario } from '../../gitlab-server';
import { FakeClock, FakeGitLabState, startGitLabServer, startIncludesServer } from '../../gitlab-server';
import type { Run } from './support/builtCli';
import { CLI, ensureBuilt } from './support/builtCli';
import type { TinyServer } from '../core/gitlab/support/tinyServer';
import { json, startTinyServer } from '../core/gitlab/support/tinyServer';

/** Runs the built CLI without blocking this process, whose local GitLab server must keep answering. */
function run(dir: string, args: readonly string[], env: Readonly<Record<string, string>> = {}, command = 'lint'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, command, ...args], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const TOKEN = 'glpat-demo-dana-api';
const ENTRY = [
  'include:',
  '  - project: platform/ci-templates',
  '    file: ci/build.yml',
  'build:',
  '  extends: .bulid-base',
  '  script: [make]',
  '',
].join('\n');

describe('release-pilot lint --gitlab-url (dist/cli.js)', function () {
  this.timeout(60_000);
  let dir = '';
  let server: GitLabServer;
  let platformSha = '';

  before(() => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-lint-remote-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), ENTRY);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    let scenario: IncludesScenario;
    ({ server, scenario } = await startIncludesServer({ tickOnRequest: false }));
    platformSha = scenario.platform.branches.get('main') ?? '';
  });
  afterEach(async () => {
    await server.close();
  });

  it('without --gitlab-url stays offline: the include is unread and the typo only a warning (exit 0)', async () => {
    const result = await run(dir, ['.gitlab-ci.yml']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.split('\n').filter(Boolean).map((l) => /\[([a-z-]+)\]$/.exec(l)?.[1]), ['include-unresolved', 'extends-undefined']);
    assert.equal(server.requests.count({}), 0);
  });

  it('reads the include with the token from --token-env: the typo is an error (exit 1), the token never printed', async () => {
    const result = await run(dir, ['--gitlab-url', server.url, '--token-env', 'GL_TOKEN', '.gitlab-ci.yml'], { GL_TOKEN: TOKEN });
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(result.stdout.trimEnd().split('\n'), ['.gitlab-ci.yml:5:12: error: Job `build` extends `.bulid-base`, which is not defined. [extends-undefined]']);
    assert.equal(result.stderr, '');
    assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN));
  });

  it('shows findings inside a file of another project under its web address, in JSON too', async () => {
    const broken = path.join(dir, 'broken.yml');
    fs.writeFileSync(broken, 'include:\n  - project: platform/ci-templates\n    file: ci/broken.yml\n');
    const result = await run(dir, ['--format', 'json', '--gitlab-url', server.url, '--token-env', 'GL_TOKEN', 'broken.yml'], { GL_TOKEN: TOKEN });
    assert.equal(result.code, 1, result.stderr);
    const out = JSON.parse(result.stdout) as { files: { path: string; diagnostics: { code: string }[] }[] };
    assert.deepEqual(out.files.map((f) => [f.path, f.diagnostics.map((d) => d.code)]), [
      ['broken.yml', []],
      [`${server.url}/platform/ci-templates/-/blob/${platformSha}/ci/broken.yml`, ['stage-undefined']],
    ]);
  });

  it('refuses a missing token variable or a token given as the name (exit 2), without echoing either', async () => {
    const unset = await run(dir, ['--gitlab-url', server.url, '--token-env', 'NOPE', '.gitlab-ci.yml']);
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /environment variable NOPE \(named by --token-env\) is not set or empty/);
    const pasted = await run(dir, ['--gitlab-url', server.url, '--token-env', TOKEN, '.gitlab-ci.yml']);
    assert.equal(pasted.code, 2);
    assert.match(pasted.stderr, /--token-env takes the name of an environment variable, not a token/);
    assert.ok(!pasted.stderr.includes(TOKEN));
    assert.equal(server.requests.count({}), 0);
  });

  it('says GitLab is unreachable at the include as a warning (exit 0)', async () => {
    const url = server.url;
    await server.close();
    const result = await run(dir, ['--gitlab-url', url, '--token-env', 'GL_TOKEN', '.gitlab-ci.yml'], { GL_TOKEN: TOKEN });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\.gitlab-ci\.yml:3:11: warning: .*could not be read.* \[include-remote-unreachable\]$/m);
    server = await startGitLabServer({ state: new FakeGitLabState(new FakeClock()) });
  });

  it('previews a pipeline with a component\'s jobs when preview gets the same flags', async () => {
    const host = new URL(server.url).host;
    fs.writeFileSync(path.join(dir, 'component.yml'), `include:\n  - component: ${host}/components/deploy/deploy@~latest\nbuild:\n  script: [make]\n`);
    const result = await run(dir, ['--format', 'json', '--gitlab-url', server.url, '--token-env', 'GL_TOKEN', 'component.yml'], { GL_TOKEN: TOKEN }, 'preview');
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { jobs: { name: string }[]; diagnostics: unknown[] };
    assert.deepEqual(out.jobs.map((j) => j.name), ['build', 'component-v2-0']);
    assert.deepEqual(out.diagnostics, []);
  });

  describe('CI_JOB_TOKEN', () => {
    let gitlab: TinyServer;
    beforeEach(async () => {
      gitlab = await startTinyServer((_req, res) => json(res, 404, { message: '404 gitlab_ci_yml Not Found' }));
    });
    afterEach(async () => {
      await gitlab.close();
    });

    it('is sent as JOB-TOKEN, never as PRIVATE-TOKEN', async () => {
      fs.writeFileSync(path.join(dir, 'template.yml'), 'include:\n  - template: Nope.gitlab-ci.yml\njob:\n  script: [x]\n');
      const result = await run(dir, ['--gitlab-url', gitlab.url, '--token-env', 'CI_JOB_TOKEN', 'template.yml'], { CI_JOB_TOKEN: 'job-token-value-123' });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /Template `Nope.gitlab-ci.yml` does not exist .* \[include-remote-missing\]/);
      assert.deepEqual(gitlab.seen.map((r) => [r.url, r.headers['job-token'], r.headers['private-token']]), [['/api/v4/templates/gitlab_ci_ymls/Nope', 'job-token-value-123', undefined]]);
    });
  });
});
