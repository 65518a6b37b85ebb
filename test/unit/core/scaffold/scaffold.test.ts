import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parse } from 'yaml';
import type { Diagnostic } from '../../../../src/core/diagnostic';
import { lintCiFiles } from '../../../../src/core/ci/analyze/lint';
import * as schema from '../../../../src/core/ci/schema';
import type { LaneEvaluation, LaneId, PresetId, ReleasePipelineOptions } from '../../../../src/core/scaffold';
import {
  INCLUDE_FILE_PATH, LANE_IDS, LANE_STAGES, PRESET_IDS, ROOT_CI_FILE, checkReleasePipelineOptions, evaluatePipeline, generateReleasePipeline,
  laneContexts, mergeRequestContext, pushContext,
} from '../../../../src/core/scaffold';
import { fixturePath } from '../../../support/paths';
import { ROOT, memoryReader } from '../../../support/memoryReader';

const MANUAL_STAGES = new Set(['canary', 'prod']);

/** The jobs of the build stage, in file order: the code check first, SonarQube only when its variables are set. */
const BUILD_STAGE_JOBS: Readonly<Record<PresetId, readonly string[]>> = {
  node: ['code-check', 'unit-test', 'build'],
  'java-maven': ['code-check', 'unit-test', 'build'],
  go: ['code-check', 'unit-test', 'build'],
  python: ['code-check', 'unit-test', 'build'],
  // The Dockerfile's own stages build the code; the unit-test job runs them.
  docker: ['code-check', 'unit-test'],
};

/** Every lane's jobs: the build stage's, then one job per later stage of the lane, named after it. */
function expectedJobs(preset: PresetId, lane: LaneId): string[] {
  return [...BUILD_STAGE_JOBS[preset], ...LANE_STAGES[lane].slice(1)];
}

function lint(files: Record<string, string>, entry = ROOT_CI_FILE): { diagnostics: readonly Diagnostic[]; merged: unknown } {
  const result = lintCiFiles({ root: ROOT, files: [`${ROOT}/${entry}`], reader: memoryReader(ROOT, files), schema });
  const file = result.files[0];
  assert.ok(file?.found, 'entry file not found by the validator');
  return { diagnostics: file.diagnostics, merged: file.analysis?.mergedValue };
}

function show(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`).join('\n');
}

/** Each lane runs exactly its stages and jobs, gates manual and everything else automatic. */
function assertLanes(config: unknown, preset: PresetId, options: { dev?: string; master?: string } = {}): Record<LaneId, LaneEvaluation> {
  const contexts = laneContexts(options.dev, options.master);
  const out = {} as Record<LaneId, LaneEvaluation>;
  for (const lane of LANE_IDS) {
    const result = evaluatePipeline(config, contexts[lane]);
    assert.deepEqual(result.problems, []);
    assert.equal(result.created, true, `no pipeline for ${contexts[lane].label}`);
    assert.deepEqual(result.jobs.map((j) => j.name), expectedJobs(preset, lane), `jobs of the ${lane} lane`);
    assert.deepEqual([...new Set(result.jobs.map((j) => j.stage))], [...LANE_STAGES[lane]], `stages of the ${lane} lane`);
    for (const job of result.jobs) assert.equal(job.when, MANUAL_STAGES.has(job.stage) ? 'manual' : 'on_success', `${lane}: when of ${job.name}`);
    out[lane] = result;
  }
  return out;
}

describe('generateReleasePipeline', () => {
  for (const preset of PRESET_IDS) {
    describe(`preset ${preset}`, () => {
      const generated = generateReleasePipeline({ preset });
      const file = generated.files[0];

      it('writes one root .gitlab-ci.yml', () => {
        assert.deepEqual(generated.files.map((f) => f.path), [ROOT_CI_FILE]);
        assert.equal(generated.include, undefined);
      });

      it('is accepted by the validator with no diagnostics', () => {
        const { diagnostics } = lint({ [ROOT_CI_FILE]: file?.content ?? '' });
        assert.equal(show(diagnostics), '');
      });

      it('runs exactly the stages of each lane (MR into dev, push to dev, push to master)', () => {
        assertLanes(parse(file?.content ?? ''), preset);
        assertLanes(lint({ [ROOT_CI_FILE]: file?.content ?? '' }).merged, preset);
      });

      it('matches the expected file', () => {
        const expected = fixturePath('release', 'scaffold', `${preset}.expected.yml`);
        if (process.env['UPDATE_FIXTURES'] === '1') fs.writeFileSync(expected, file?.content ?? '');
        assert.equal(file?.content, fs.readFileSync(expected, 'utf8'));
      });
    });
  }

  it('is checked by a validator that does see mistakes in such a file', () => {
    const content = generateReleasePipeline({ preset: 'node' }).files[0]?.content ?? '';
    const broken = content.replace('when: manual', 'when: manually').replace('deployment_tier: production', 'deployment_tier: prod');
    const codes = lint({ [ROOT_CI_FILE]: broken }).diagnostics.filter((d) => d.severity === 'error');
    assert.equal(codes.length, 2, show(codes));
  });

  it('creates no pipeline for feature-branch pushes, tags or merge requests into master', () => {
    const config: unknown = parse(generateReleasePipeline({ preset: 'node' }).files[0]?.content ?? '');
    const tag = { label: 'tag v1', variables: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_TAG: 'v1', CI_COMMIT_REF_NAME: 'v1' } };
    for (const context of [pushContext('feature/change'), mergeRequestContext('master', 'dev'), tag]) {
      assert.equal(evaluatePipeline(config, context).created, false, context.label);
    }
  });

  it('puts the gates on their own environments with production tier for prod', () => {
    const config: unknown = parse(generateReleasePipeline({ preset: 'go' }).files[0]?.content ?? '');
    const lanes = assertLanes(config, 'go');
    assert.deepEqual(lanes.dev.jobs.map((j) => [j.name, j.environment ?? null]), [
      ['code-check', null], ['unit-test', null], ['build', null], ['package', null], ['deploy', 'test'], ['test', null], ['canary', 'canary'],
    ]);
    assert.deepEqual(lanes.master.jobs.map((j) => [j.name, j.environment ?? null]), [
      ['code-check', null], ['unit-test', null], ['build', null], ['package', null], ['clear', null], ['prod', 'production'],
    ]);
    const jobs = config as Record<string, { environment?: { deployment_tier?: string }; allow_failure?: boolean }>;
    assert.equal(jobs['prod']?.environment?.deployment_tier, 'production');
    assert.notEqual(jobs['canary']?.environment?.deployment_tier, 'production');
    assert.equal(jobs['prod']?.allow_failure, false);
    assert.equal(jobs['canary']?.allow_failure, false);
  });

  it('follows custom branch and environment names', () => {
    const options: ReleasePipelineOptions = { preset: 'python', devBranch: 'develop', masterBranch: 'main', environments: { test: 'review', canary: 'prod-canary', production: 'live' } };
    const content = generateReleasePipeline(options).files[0]?.content ?? '';
    assert.equal(show(lint({ [ROOT_CI_FILE]: content }).diagnostics), '');
    const lanes = assertLanes(parse(content), 'python', { dev: 'develop', master: 'main' });
    assert.deepEqual(lanes.dev.jobs.flatMap((j) => j.environment ?? []), ['review', 'prod-canary']);
    assert.deepEqual(lanes.master.jobs.flatMap((j) => j.environment ?? []), ['live']);
    // The default names no longer open a lane.
    assert.equal(evaluatePipeline(parse(content), pushContext('dev', 'main')).created, false);
    assert.equal(evaluatePipeline(parse(content), mergeRequestContext('dev')).created, false);
  });

  it('merges master back into dev with a token variable, never a literal secret', () => {
    const content = generateReleasePipeline({ preset: 'node', pushTokenVariable: 'MY_PUSH_TOKEN' }).files[0]?.content ?? '';
    const clear = (parse(content) as Record<string, { script: string[] }>)['clear'];
    const script = clear?.script.join('\n') ?? '';
    assert.match(script, /\$\{MY_PUSH_TOKEN\}@/);
    assert.match(script, /git merge --no-edit "origin\/\$RELEASE_MASTER_BRANCH"/);
    assert.match(script, /git push -o ci\.skip origin "HEAD:\$RELEASE_DEV_BRANCH"/);
    assert.match(content, /# .*MY_PUSH_TOKEN.*never write the token/s);
    const yamlLines = content.split('\n').filter((line) => !line.trimStart().startsWith('#'));
    assert.deepEqual(yamlLines.filter((line) => /glpat-|^\s*[\w-]*(token|password|secret)[\w-]*\s*:/i.test(line)), []);
  });

  describe('with an existing .gitlab-ci.yml', () => {
    const existing = '# our own jobs\ninclude:\n  - local: .gitlab/ci/lint.yml\n\nlint:\n  stage: build\n  script: [make lint]\n';
    const lintFile = 'lint-extra:\n  stage: build\n  script: [make vet]\n  rules:\n    - if: $CI_COMMIT_BRANCH == $RELEASE_DEV_BRANCH\n';
    const generated = generateReleasePipeline({ preset: 'java-maven', existingCiFile: existing });

    it('writes the pipeline under .gitlab/ci and adds the include', () => {
      assert.deepEqual(generated.files.map((f) => f.path), [INCLUDE_FILE_PATH]);
      assert.equal(generated.include?.entryPath, ROOT_CI_FILE);
      assert.match(generated.include?.snippet ?? '', /include:\n {2}- local: '\.gitlab\/ci\/release-pilot\.yml'/);
      assert.equal(generated.include?.updatedEntry, existing.replace('lint.yml\n', `lint.yml\n  - local: '${INCLUDE_FILE_PATH}'\n`));
      assert.deepEqual(generated.notes, []);
    });

    it('lints clean and keeps the lanes once included', () => {
      const files = { [ROOT_CI_FILE]: generated.include?.updatedEntry ?? '', [INCLUDE_FILE_PATH]: generated.files[0]?.content ?? '', '.gitlab/ci/lint.yml': lintFile };
      const { diagnostics, merged } = lint(files);
      assert.equal(show(diagnostics), '');
      const contexts = laneContexts();
      // The project's own jobs join the lanes their rules select (`lint` has none: every lane), in
      // GitLab's order (included files first); the release jobs stay as they were.
      const checks = ['code-check', 'unit-test', 'build'];
      assert.deepEqual(evaluatePipeline(merged, contexts.mr).jobs.map((j) => j.name), [...checks, 'lint', 'package', 'deploy', 'test']);
      assert.deepEqual(evaluatePipeline(merged, contexts.dev).jobs.map((j) => j.name), ['lint-extra', ...checks, 'lint', 'package', 'deploy', 'test', 'canary']);
      assert.deepEqual(evaluatePipeline(merged, contexts.master).jobs.map((j) => j.name), [...checks, 'lint', 'package', 'clear', 'prod']);
    });

    it('warns about keys of the existing file that override the included ones', () => {
      const clash = generateReleasePipeline({ preset: 'node', existingCiFile: 'stages: [build]\nworkflow:\n  name: x\nbuild:\n  script: [make]\nunit-test:\n  script: [make test]\n' });
      assert.equal(clash.notes.length, 3);
      assert.match(clash.notes[0] ?? '', /defines workflow:/);
      assert.match(clash.notes[1] ?? '', /defines stages:.*build, package, deploy, test, canary, clear, prod/);
      assert.match(clash.notes[2] ?? '', /job\(s\) unit-test, build:/);
    });
  });
});

describe('checkReleasePipelineOptions', () => {
  const cases: [string, ReleasePipelineOptions, string[]][] = [
    ['defaults', { preset: 'node' }, []],
    ['blank names fall back to defaults', { preset: 'go', devBranch: ' ', environments: { test: '' } }, []],
    ['unknown preset', { preset: 'rust' as PresetId }, ['preset']],
    ['branch with a space', { preset: 'node', devBranch: 'my dev' }, ['devBranch']],
    ['branch with a quote', { preset: 'node', masterBranch: 'ma"in' }, ['masterBranch']],
    ['branch with ..', { preset: 'node', devBranch: 'a..b' }, ['devBranch']],
    ['same branch twice', { preset: 'node', devBranch: 'main', masterBranch: 'main' }, ['masterBranch']],
    ['environment with $', { preset: 'node', environments: { canary: 'can$ary' } }, ['environments.canary']],
    ['environment used twice', { preset: 'node', environments: { canary: 'production' } }, ['environments.production']],
    ['bad variable name', { preset: 'node', pushTokenVariable: '1TOKEN' }, ['pushTokenVariable']],
  ];
  for (const [name, options, fields] of cases) {
    it(name, () => assert.deepEqual(checkReleasePipelineOptions(options).map((p) => p.field), fields));
  }

  it('makes the generator throw a RangeError naming the field', () => {
    assert.throws(() => generateReleasePipeline({ preset: 'node', devBranch: 'x y' }), (e: unknown) => e instanceof RangeError && e.message.includes('devBranch'));
  });
});
