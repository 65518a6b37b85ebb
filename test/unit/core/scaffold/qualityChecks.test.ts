/**
 * The code checks, unit tests and SonarQube job every preset gets first (qualityChecks.ts), as the
 * generated file says them: GitLab's own schema accepts the file, the reports are both reports and
 * archive files, SonarQube runs only on the project's variables, and the pipeline preview shows the
 * jobs in the MR, dev and master lanes.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyzeCiFile } from '../../../../src/core/ci';
import type { PreviewTarget } from '../../../../src/core/preview';
import { laneTargets, previewPipeline } from '../../../../src/core/preview';
import type { PresetId, ReportFiles } from '../../../../src/core/scaffold';
import { CODE_QUALITY_REPORT, COVERAGE_LINE_PATTERN, PRESET_IDS, QUALITY_CHECKS, RELEASE_STAGES, generateReleasePipeline, reportFiles } from '../../../../src/core/scaffold';
import { ENTRY, ROOT, memoryReader } from '../../../support/memoryReader';
import { loadReference } from '../ci/schema/conformance/reference';

type Job = {
  stage?: string;
  script?: string[];
  coverage?: string;
  variables?: Record<string, string>;
  rules?: { if?: string; allow_failure?: boolean }[];
  artifacts?: { when?: string; expire_in?: string; paths?: string[]; reports?: Record<string, unknown> };
};

/**
 * The report table handed to other tools (the lead passes it on to readers of the job artifacts
 * API). Written out here so that a change to a file name is a change to this test too.
 */
const EXPECTED_REPORTS: Readonly<Record<PresetId, ReportFiles>> = {
  node: { codeQuality: 'gl-code-quality-report.json', junit: 'junit.xml', coverage: { format: 'cobertura', path: 'coverage/cobertura-coverage.xml' } },
  'java-maven': { codeQuality: 'gl-code-quality-report.json', junit: 'target/surefire-reports/TEST-*.xml', coverage: { format: 'jacoco', path: 'target/site/jacoco/jacoco.xml' } },
  go: { codeQuality: 'gl-code-quality-report.json', junit: 'junit.xml', coverage: { format: 'cobertura', path: 'coverage.xml' } },
  python: { codeQuality: 'gl-code-quality-report.json', junit: 'junit.xml', coverage: { format: 'cobertura', path: 'coverage.xml' } },
  docker: { codeQuality: 'gl-code-quality-report.json', junit: 'junit.xml', coverage: { format: 'cobertura', path: 'coverage.xml' } },
};

const SONAR = { SONAR_HOST_URL: 'https://sonar.example.com', SONAR_TOKEN: 'squ_not-a-real-token' };

function generated(preset: PresetId): { content: string; config: Record<string, Job> } {
  const content = generateReleasePipeline({ preset }).files[0]?.content ?? '';
  return { content, config: parse(content) as Record<string, Job> };
}

/** The three lanes as the editor's lane preview aims them (current branch into dev, pushes to dev and master). */
function lanes(variables: Readonly<Record<string, string>> = {}): PreviewTarget[] {
  return laneTargets({ currentBranch: 'feature/change', devBranch: 'dev', masterBranch: 'master' }).map((t) => ({
    ...t,
    context: { ...t.context, variables: { ...t.context.variables, ...variables } },
  }));
}

function previewJobs(content: string, variables: Readonly<Record<string, string>> = {}): Map<string, { name: string; stage: string; allowFailure: boolean }[]> {
  const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': content }), { schema: false });
  assert.ok(analysis, 'the preview reads the generated file');
  const out = new Map<string, { name: string; stage: string; allowFailure: boolean }[]>();
  for (const target of lanes(variables)) {
    const preview = previewPipeline(analysis, target.context);
    assert.equal(preview.created, true, `${target.label}: ${preview.reason}`);
    assert.deepEqual(preview.diagnostics.filter((d) => d.severity === 'error'), [], target.label);
    out.set(target.id, preview.jobs.map((j) => ({ name: j.name, stage: j.stage, allowFailure: j.allowFailure })));
  }
  return out;
}

describe('scaffold quality checks', () => {
  for (const preset of PRESET_IDS) {
    describe(`preset ${preset}`, () => {
      const { content, config } = generated(preset);

      it("is valid against GitLab's published CI schema (ci.json)", function () {
        const reference = loadReference();
        if (!reference) this.skip();
        const valid = reference?.validate(parse(content));
        assert.equal(valid, true, JSON.stringify(reference?.validate.errors?.slice(0, 5), null, 1));
      });

      it('puts the code check first in the first stage, its report both under reports and in paths, kept when it fails', () => {
        const jobs = Object.entries(config).filter(([, job]) => typeof job === 'object' && job !== null && 'script' in job);
        const [firstName, first] = jobs[0] ?? [];
        assert.equal(firstName, 'code-check');
        assert.equal(first?.stage, RELEASE_STAGES[0]);
        assert.deepEqual(first?.artifacts?.reports, { codequality: CODE_QUALITY_REPORT });
        assert.deepEqual(first?.artifacts?.paths, [CODE_QUALITY_REPORT]);
        assert.equal(first?.artifacts?.when, 'always');
        assert.match(first?.artifacts?.expire_in ?? '', /^\d+ (day|week)s?$/);
        assert.ok(first?.script?.some((line) => line.includes(CODE_QUALITY_REPORT)) || first?.variables?.['ESLINT_CODE_QUALITY_REPORT'] === CODE_QUALITY_REPORT, 'the tool is told where to write the report');
      });

      it('runs the unit tests in the first stage with JUnit and coverage reports, both also in paths, and a coverage pattern', () => {
        const job = config['unit-test'];
        const files = EXPECTED_REPORTS[preset];
        assert.equal(job?.stage, RELEASE_STAGES[0]);
        assert.deepEqual(job?.artifacts?.reports, { junit: files.junit, coverage_report: { coverage_format: files.coverage.format, path: files.coverage.path } });
        assert.deepEqual(job?.artifacts?.paths, [files.junit, files.coverage.path]);
        assert.equal(job?.artifacts?.when, 'always');
        assert.equal(job?.coverage, COVERAGE_LINE_PATTERN);
        assert.deepEqual(reportFiles(preset), files);
      });

      it('adds SonarQube only behind SONAR_HOST_URL and SONAR_TOKEN, waiting for the quality gate, with no token in the file', () => {
        const job = config['sonarqube'];
        assert.equal(job?.stage, RELEASE_STAGES[0]);
        const rules = job?.rules ?? [];
        assert.equal(rules.length, 3);
        for (const rule of rules) assert.match(rule.if ?? '', /^\$SONAR_HOST_URL && \$SONAR_TOKEN && /);
        assert.deepEqual(rules.map((r) => r.allow_failure), [false, true, true], 'blocks merge requests, warns on dev and master');
        assert.ok(job?.script?.some((line) => line.includes('-Dsonar.qualitygate.wait=true')));
        const yamlLines = content.split('\n').filter((line) => !line.trimStart().startsWith('#'));
        assert.deepEqual(yamlLines.filter((line) => /SONAR_TOKEN\s*:|sonar\.(token|login|password)|squ_|sqp_|sqa_/i.test(line)), []);
        assert.deepEqual(yamlLines.filter((line) => line.includes('SONAR_TOKEN')), rules.map((r) => `    - if: ${r.if ?? ''}`));
      });

      it('shows the new jobs in the MR, dev and master lanes of the pipeline preview, SonarQube once its variables exist', () => {
        const buildStage = ['code-check', 'unit-test', ...(preset === 'docker' ? [] : ['build'])];
        const without = previewJobs(content);
        for (const lane of ['mr', 'dev', 'master']) {
          assert.deepEqual(without.get(lane)?.filter((j) => j.stage === 'build').map((j) => j.name), buildStage, lane);
        }
        const withSonar = previewJobs(content, SONAR);
        for (const [lane, allowFailure] of [['mr', false], ['dev', true], ['master', true]] as const) {
          const build = withSonar.get(lane)?.filter((j) => j.stage === 'build') ?? [];
          assert.deepEqual(build.map((j) => j.name), [...buildStage.slice(0, 2), 'sonarqube', ...buildStage.slice(2)], lane);
          assert.equal(build.find((j) => j.name === 'sonarqube')?.allowFailure, allowFailure, `${lane}: sonarqube allow_failure`);
          assert.ok(build.filter((j) => j.name !== 'sonarqube').every((j) => !j.allowFailure), `${lane}: checks and tests block the lane`);
        }
      });
    });
  }

  describe('the coverage line each unit-test job prints', () => {
    const pattern = new RegExp(COVERAGE_LINE_PATTERN.slice(1, -1));
    let dir = '';
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-coverage-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** The preset's summary line (the unit-test script's last line that mentions coverage), run by sh in `dir`. */
    const runSummary = (preset: PresetId): string => {
      const line = QUALITY_CHECKS[preset].unitTests.script.find((l) => l.includes('Line coverage'));
      assert.ok(line, `${preset} prints a coverage line`);
      return execFileSync('sh', ['-c', line], { cwd: dir, encoding: 'utf8' });
    };

    it('reads the line rate of a Cobertura file (coverage.py, gocover-cobertura and istanbul all write it on the root element)', () => {
      fs.writeFileSync(path.join(dir, 'coverage.xml'), '<?xml version="1.0" ?>\n<coverage version="7.4" timestamp="1" lines-valid="8" lines-covered="7" line-rate="0.875" branch-rate="0">\n<packages/></coverage>\n');
      const out = runSummary('python');
      assert.equal(out, 'Line coverage: 87.5%\n');
      assert.match(out, pattern);
    });

    it('reads the lines missed and covered of JaCoCo\'s CSV', () => {
      fs.mkdirSync(path.join(dir, 'target', 'site', 'jacoco'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'target', 'site', 'jacoco', 'jacoco.csv'),
        'GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,COMPLEXITY_MISSED,COMPLEXITY_COVERED,METHOD_MISSED,METHOD_COVERED\n' +
          'app,com.example,A,5,45,0,2,1,9,0,3,0,3\napp,com.example,B,0,20,0,0,0,10,0,1,0,1\n',
      );
      const out = runSummary('java-maven');
      assert.equal(out, 'Line coverage: 95.0%\n');
      assert.match(out, pattern);
    });

    it('prints nothing, and does not fail the job, when the tests wrote no coverage', () => {
      fs.rmSync(path.join(dir, 'coverage.xml'), { force: true });
      assert.equal(runSummary('go'), '');
    });
  });
});
