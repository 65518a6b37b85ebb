import * as assert from 'node:assert/strict';
import type { CiAnalysis, RemoteIncludeFetcher, RemoteIncludeRequest } from '../../../../../src/core/ci';
import { analyzeCiFile, MAX_INCLUDES, RemoteIncludeAnswers, resolveRemoteIncludes } from '../../../../../src/core/ci';
import { createGitbeakerApi } from '../../../../../src/core/gitlab/gitbeakerApi';
import { createGitLabIncludeFetcher } from '../../../../../src/core/gitlab/includeFetcher';
import { instanceFromUrl } from '../../../../../src/core/gitlab/instance';
import type { DemoScenario, GitLabServer } from '../../../../gitlab-server';
import { startIncludesServer } from '../../../../gitlab-server';
import type { IncludesScenario } from '../../../../gitlab-server';
import { ENTRY, memoryReader, ROOT } from '../../../../support/memoryReader';

/** The analysis of `.gitlab-ci.yml` (and local files) with its remote includes read from the local GitLab. */
async function analyzeWith(fetcher: RemoteIncludeFetcher, files: Readonly<Record<string, string>>, serverFqdn?: string): Promise<CiAnalysis> {
  const reader = memoryReader(ROOT, files);
  const answers = new RemoteIncludeAnswers(serverFqdn === undefined ? {} : { serverFqdn });
  return resolveRemoteIncludes((source) => {
    const analysis = analyzeCiFile(ENTRY, ROOT, reader, { remote: source });
    assert.ok(analysis);
    return analysis;
  }, fetcher, { answers });
}

function codes(analysis: CiAnalysis): string[] {
  return analysis.diagnostics.map((d) => `${d.severity} ${d.code}${d.file ? ` @${d.file.replace(/^gitlab-include:\/\/[^/]+\//, '')}` : ''}`).sort();
}

function jobNames(analysis: CiAnalysis): string[] {
  return analysis.jobs.map((j) => j.name).sort();
}

describe('remote includes resolved through the local GitLab server', () => {
  let server: GitLabServer;
  let scenario: IncludesScenario;
  let fetcher: RemoteIncludeFetcher;
  let fqdn: string;

  beforeEach(async () => {
    let demo: DemoScenario;
    ({ server, demo, scenario } = await startIncludesServer({ tickOnRequest: false }));
    const instance = instanceFromUrl(server.url);
    fqdn = new URL(server.url).host;
    fetcher = createGitLabIncludeFetcher({ instance, api: createGitbeakerApi({ instance, token: demo.tokens.developer, timeoutMs: 5000 }), isHostAllowed: () => false });
  });
  afterEach(async () => {
    await server.close();
  });

  it('reads include:project at the default branch, with the project file\'s own local include read from that project', async () => {
    const analysis = await analyzeWith(fetcher, {
      '.gitlab-ci.yml': 'include:\n  - project: platform/ci-templates\n    file: /ci/build.yml\nbuild:\n  extends: .build-base\n',
    });
    assert.deepEqual(codes(analysis), []);
    assert.equal(analysis.hasUnresolvedIncludes, false);
    assert.deepEqual(analysis.pendingIncludes, []);
    const merged = analysis.mergedValue as Record<string, Record<string, unknown>>;
    assert.equal(merged['build']?.['image'], 'alpine:3.20', 'extends .build-base -> .common from the nested local include');
    const remotePaths = [...analysis.remoteFiles.keys()];
    assert.equal(remotePaths.length, 2);
    const sha = scenario.platform.branches.get('main') ?? '';
    assert.ok(remotePaths.every((p) => p.includes(`/project/platform/ci-templates/-/${sha}/`)), remotePaths.join(', '));
    assert.deepEqual(analysis.includes.find((l) => l.kind === 'project')?.resolved, [`gitlab-include://${fqdn}/project/platform/ci-templates/-/${sha}/ci/build.yml`]);
  });

  it('reads a list of project files at a tag, with inputs interpolated into the file\'s spec:inputs', async () => {
    const analysis = await analyzeWith(fetcher, {
      '.gitlab-ci.yml': [
        'stages: [build, deploy]',
        'include:',
        '  - project: platform/ci-templates',
        '    ref: v1',
        '    file: [ci/build.yml, ci/deploy.yml]',
        '    inputs:',
        '      environment: production',
        'build:',
        '  extends: .build-base',
        '',
      ].join('\n'),
    });
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(jobNames(analysis), ['.build-base', '.common', 'build', 'deploy-production']);
  });

  it('reads include:template, following a template that includes another template', async () => {
    const analysis = await analyzeWith(fetcher, { '.gitlab-ci.yml': 'include:\n  - template: Jobs/Code-Quality.gitlab-ci.yml\n' });
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(jobNames(analysis), ['.code-quality-base', 'code_quality']);
  });

  it('reads include:component at ~latest, a partial version, a tag and a directory component with its own local include', async () => {
    const one = async (version: string): Promise<string[]> => {
      const analysis = await analyzeWith(fetcher, { '.gitlab-ci.yml': `include:\n  - component: $CI_SERVER_FQDN/components/deploy/deploy@${version}\n    inputs:\n      stage: test\n` }, fqdn);
      assert.deepEqual(codes(analysis), [], version);
      return jobNames(analysis);
    };
    assert.deepEqual(await one('~latest'), ['component-v2-0'], 'the highest released version, not the pre-release');
    assert.deepEqual(await one('1'), ['component-v1-2']);
    assert.deepEqual(await one('1.0'), ['component-v1-0']);
    assert.deepEqual(await one('1.0.0'), ['component-v1-0']);
    assert.deepEqual(await one('main'), ['component-unreleased']);
    const scan = await analyzeWith(fetcher, { '.gitlab-ci.yml': `include:\n  - component: ${fqdn}/components/deploy/scan@2.0.0\n` });
    assert.deepEqual(codes(scan), []);
    const merged = scan.mergedValue as Record<string, Record<string, unknown>>;
    assert.equal(merged['scan-job']?.['stage'], 'test', 'templates/scan/template.yml includes templates/scan/rules.yml of the component project');
  });

  it('makes findings exact once resolved: an unknown extends target is an error again, not a softened warning', async () => {
    const files = { '.gitlab-ci.yml': 'include:\n  - project: platform/ci-templates\n    file: ci/build.yml\nbuild:\n  extends: .bulid-base\n  script: [x]\n' };
    const offline = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, files));
    assert.ok(offline);
    assert.deepEqual(codes(offline), ['info include-unresolved', 'warning extends-undefined']);
    const resolved = await analyzeWith(fetcher, files);
    assert.deepEqual(codes(resolved), ['error extends-undefined']);
  });

  it('lists what it has not read yet as pending, softened like an offline include, until the driver fetched it', () => {
    const files = { '.gitlab-ci.yml': 'include:\n  - template: Workflows/MergeRequest-Pipelines.gitlab-ci.yml\nbuild:\n  needs: [prepare]\n  script: [x]\n' };
    const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, files), { remote: new RemoteIncludeAnswers() });
    assert.ok(analysis);
    assert.deepEqual(analysis.pendingIncludes, [{ kind: 'template', name: 'Workflows/MergeRequest-Pipelines.gitlab-ci.yml' }]);
    assert.deepEqual(codes(analysis), ['info include-remote-pending', 'warning needs-undefined-job']);
  });

  it('reports each failure at the include: missing file, project not visible, missing template, unknown version', async () => {
    const analysis = await analyzeWith(fetcher, {
      '.gitlab-ci.yml': [
        'include:',
        '  - project: platform/ci-templates',
        '    file: ci/nope.yml',
        '  - project: secret/hidden',
        '    file: ci.yml',
        '  - template: Nope.gitlab-ci.yml',
        `  - component: ${'$'}CI_SERVER_FQDN/components/deploy/deploy@9.9.9`,
        'job:',
        '  script: [x]',
        '',
      ].join('\n'),
    }, fqdn);
    const byCode = new Map(analysis.diagnostics.map((d) => [d.code, d]));
    assert.deepEqual([...byCode.keys()].sort(), ['include-remote-forbidden', 'include-remote-missing']);
    const missing = analysis.diagnostics.filter((d) => d.code === 'include-remote-missing');
    assert.equal(missing.length, 3);
    assert.match(missing[0]?.message ?? '', /has no file `ci\/nope\.yml`/);
    assert.deepEqual(missing[0]?.range.start, { line: 2, character: 10 }, 'at the file entry');
    assert.match(byCode.get('include-remote-forbidden')?.message ?? '', /`secret\/hidden` was not found or you don't have access/);
    assert.deepEqual(byCode.get('include-remote-forbidden')?.range.start, { line: 4, character: 10 }, 'at the file entry');
    assert.match(missing[1]?.message ?? '', /Template `Nope.gitlab-ci.yml` does not exist/);
    assert.match(missing[2]?.message ?? '', /version `9\.9\.9` is neither/);
    assert.ok(analysis.hasUnresolvedIncludes, 'what failed may still define jobs: findings stay softened');
  });

  it('reports GitLab being unreachable at the include, as a warning', async () => {
    server.faults.serverError({ times: 10 });
    const analysis = await analyzeWith(fetcher, { '.gitlab-ci.yml': 'include:\n  - template: Jobs/Code-Quality.gitlab-ci.yml\njob:\n  script: [x]\n' });
    assert.deepEqual(codes(analysis), ['warning include-remote-unreachable']);
    assert.match(analysis.diagnostics[0]?.message ?? '', /Template `Jobs\/Code-Quality.gitlab-ci.yml` could not be read/);
  });

  it('counts remote files toward GitLab\'s 150 includes, and a cycle across projects ends at the limit', async () => {
    const files: Record<string, string | null> = {};
    for (let i = 0; i < MAX_INCLUDES + 5; i++) files[`chain/${i}.yml`] = `include:\n  - local: chain/${i + 1}.yml\n.t${i}:\n  script: [x]\n`;
    scenario.pushPlatform(files, 'A long chain');
    const fetched: RemoteIncludeRequest[] = [];
    const counting: RemoteIncludeFetcher = { fetch: (req) => (fetched.push(req), fetcher.fetch(req)) };
    const analysis = await analyzeWith(counting, { '.gitlab-ci.yml': 'include:\n  - project: platform/ci-templates\n    file: chain/0.yml\njob:\n  script: [x]\n' });
    assert.ok(analysis.diagnostics.some((d) => d.code === 'include-limit'), codes(analysis).join(', '));
    assert.ok(fetched.length <= MAX_INCLUDES + 1, `fetched ${fetched.length}`);

    scenario.pushPlatform({ 'loop/a.yml': 'include:\n  - project: platform/ci-templates\n    file: loop/b.yml\n', 'loop/b.yml': 'include:\n  - project: platform/ci-templates\n    file: loop/a.yml\n' }, 'A loop');
    const loop = await analyzeWith(fetcher, { '.gitlab-ci.yml': 'include:\n  - project: platform/ci-templates\n    file: loop/a.yml\njob:\n  script: [x]\n' });
    assert.deepEqual(codes(loop).filter((c) => c.startsWith('error')), ['error include-cycle @project/platform/ci-templates/-/' + (scenario.platform.branches.get('main') ?? '') + '/loop/b.yml']);
  });
});
