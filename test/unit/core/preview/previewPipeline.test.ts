import * as assert from 'node:assert/strict';
import { analyzeCiFile } from '../../../../src/core/ci';
import type { PipelinePreview, PreviewContext } from '../../../../src/core/preview';
import { REASONS, previewPipeline, resolveEvent } from '../../../../src/core/preview';
import { ENTRY, ROOT, memoryReader } from '../../../support/memoryReader';

function preview(yaml: string, context: PreviewContext, extra: Record<string, string> = {}): PipelinePreview {
  const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': yaml, ...extra }), { schema: false });
  assert.ok(analysis);
  return previewPipeline(analysis, context);
}

/** `name:when` for each job, `!` marking allow_failure. */
function jobs(result: PipelinePreview): string[] {
  return result.jobs.map((j) => `${j.name}:${j.when}${j.allowFailure ? '!' : ''}`);
}

const PUSH_MAIN: PreviewContext = { source: 'push', ref: 'main' };
const MR: PreviewContext = { source: 'merge_request_event', ref: 'feature', targetBranch: 'main' };

describe('previewPipeline', () => {
  describe('predefined variables of each source', () => {
    it('push to a branch: CI_COMMIT_BRANCH and CI_COMMIT_REF_NAME, no tag, no merge request', () => {
      const v = resolveEvent({ source: 'push', ref: 'Feature/Login', defaultBranch: 'main' }).variables;
      assert.equal(v['CI_PIPELINE_SOURCE'], 'push');
      assert.equal(v['CI_COMMIT_BRANCH'], 'Feature/Login');
      assert.equal(v['CI_COMMIT_REF_NAME'], 'Feature/Login');
      assert.equal(v['CI_COMMIT_REF_SLUG'], 'feature-login');
      assert.equal(v['CI_DEFAULT_BRANCH'], 'main');
      assert.equal(v['CI_COMMIT_TAG'], undefined);
      assert.equal(v['CI_MERGE_REQUEST_IID'], undefined);
      assert.equal(v['CI_OPEN_MERGE_REQUESTS'], undefined);
    });

    it('merge request event: source and target branches, CI_COMMIT_REF_NAME is the source, no CI_COMMIT_BRANCH', () => {
      const v = resolveEvent({ source: 'merge_request_event', ref: 'feature', targetBranch: 'dev' }).variables;
      assert.equal(v['CI_PIPELINE_SOURCE'], 'merge_request_event');
      assert.equal(v['CI_MERGE_REQUEST_SOURCE_BRANCH_NAME'], 'feature');
      assert.equal(v['CI_MERGE_REQUEST_TARGET_BRANCH_NAME'], 'dev');
      assert.equal(v['CI_COMMIT_REF_NAME'], 'feature');
      assert.equal(v['CI_COMMIT_BRANCH'], undefined);
      assert.ok(v['CI_MERGE_REQUEST_IID']);
      assert.ok(v['CI_OPEN_MERGE_REQUESTS']);
    });

    it('tag: a push pipeline with CI_COMMIT_TAG and no CI_COMMIT_BRANCH', () => {
      const v = resolveEvent({ source: 'tag', tag: 'v1.0.0' }).variables;
      assert.equal(v['CI_PIPELINE_SOURCE'], 'push');
      assert.equal(v['CI_COMMIT_TAG'], 'v1.0.0');
      assert.equal(v['CI_COMMIT_REF_NAME'], 'v1.0.0');
      assert.equal(v['CI_COMMIT_BRANCH'], undefined);
    });

    for (const source of ['schedule', 'web', 'api'] as const) {
      it(`${source}: the source, on the default branch unless --ref says otherwise`, () => {
        const v = resolveEvent({ source, defaultBranch: 'trunk' }).variables;
        assert.equal(v['CI_PIPELINE_SOURCE'], source);
        assert.equal(v['CI_COMMIT_BRANCH'], 'trunk');
      });
    }

    it('--var adds or overrides any variable, CI_OPEN_MERGE_REQUESTS included', () => {
      const v = resolveEvent({ source: 'push', ref: 'x', variables: { CI_OPEN_MERGE_REQUESTS: 'group/p!7', CI_COMMIT_BRANCH: 'y' } }).variables;
      assert.equal(v['CI_OPEN_MERGE_REQUESTS'], 'group/p!7');
      assert.equal(v['CI_COMMIT_BRANCH'], 'y');
    });
  });

  describe('workflow:rules', () => {
    const WORKFLOW = `
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_COMMIT_BRANCH
build:
  script: make
`;

    it('creates the pipeline when a rule matches', () => {
      const result = preview(WORKFLOW, PUSH_MAIN);
      assert.equal(result.created, true);
      assert.deepEqual(jobs(result), ['build:on_success']);
    });

    it('filters the pipeline out when the matching rule says never', () => {
      const result = preview(WORKFLOW, { ...PUSH_MAIN, variables: { CI_OPEN_MERGE_REQUESTS: 'g/p!1' } });
      assert.deepEqual([result.created, result.reason, result.jobs.length], [false, REASONS.filtered, 0]);
    });

    it('filters the pipeline out when no rule matches', () => {
      const result = preview(WORKFLOW, { source: 'tag', tag: 'v1' });
      assert.deepEqual([result.created, result.reason], [false, REASONS.filtered]);
    });

    it('gives workflow rule variables precedence over the top level, and job variables over both', () => {
      const yaml = `
variables: {DEPLOY: "no", LEVEL: top}
workflow:
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
      variables: {DEPLOY: "yes", LEVEL: workflow}
    - when: always
deploy:
  script: x
  rules: [{if: $DEPLOY == "yes"}]
level:
  script: x
  variables: {LEVEL: job}
  rules: [{if: $LEVEL == "job"}]
`;
      assert.deepEqual(jobs(preview(yaml, PUSH_MAIN)), ['deploy:on_success', 'level:on_success']);
      assert.deepEqual(jobs(preview(yaml, { source: 'push', ref: 'dev' })), ['level:on_success']);
    });
  });

  describe('rules', () => {
    it('takes the first matching rule; no match or when: never leaves the job out', () => {
      const yaml = `
a: {script: x, rules: [{if: $CI_COMMIT_BRANCH == "main", when: never}, {when: always}]}
b: {script: x, rules: [{if: $CI_COMMIT_BRANCH == "dev"}]}
c: {script: x, rules: [{if: $CI_COMMIT_BRANCH == "dev"}, {when: delayed, start_in: 5 minutes}]}
`;
      const result = preview(yaml, PUSH_MAIN);
      assert.deepEqual(jobs(result), ['c:delayed']);
      assert.equal(result.jobs[0]?.startIn, '5 minutes');
    });

    it('defaults allow_failure as GitLab does: true for a job manual outside its rules, false for a rule that makes it manual', () => {
      const yaml = `
plain_manual: {script: x, when: manual}
rule_manual: {script: x, rules: [{when: manual}]}
rule_manual_allowed: {script: x, rules: [{when: manual, allow_failure: true}]}
job_manual_with_rules: {script: x, when: manual, rules: [{if: $CI_COMMIT_BRANCH}]}
manual_not_allowed: {script: x, when: manual, allow_failure: false}
exit_codes: {script: x, when: manual, allow_failure: {exit_codes: [3]}}
rule_overrides: {script: x, allow_failure: true, rules: [{allow_failure: false}]}
`;
      assert.deepEqual(jobs(preview(yaml, PUSH_MAIN)), [
        'plain_manual:manual!',
        'rule_manual:manual',
        'rule_manual_allowed:manual!',
        'job_manual_with_rules:manual!',
        'manual_not_allowed:manual',
        'exit_codes:manual',
        'rule_overrides:on_success',
      ]);
    });

    it('sees the job\'s variables, the top-level ones it inherits, and --var over all of them', () => {
      const yaml = `
variables: {TARGET: main, GLOBAL_ONLY: "1"}
x: {script: s, variables: {TARGET: dev}, rules: [{if: $CI_COMMIT_BRANCH == $TARGET}]}
y: {script: s, inherit: {variables: false}, rules: [{if: $GLOBAL_ONLY}]}
z: {script: s, rules: [{if: $CI_JOB_NAME == "z" && $CI_JOB_STAGE == "test"}]}
`;
      assert.deepEqual(jobs(preview(yaml, PUSH_MAIN)), ['z:on_success']);
      assert.deepEqual(jobs(preview(yaml, { ...PUSH_MAIN, variables: { TARGET: 'main' } })), ['x:on_success', 'z:on_success']);
    });

    it('refuses the pipeline when a job needs one its rules leave out, unless the need is optional', () => {
      const yaml = `
stages: [build, deploy]
build: {stage: build, script: x, rules: [{if: $CI_COMMIT_TAG}]}
deploy: {stage: deploy, script: x, needs: [build]}
soft: {stage: deploy, script: x, needs: [{job: build, optional: true}]}
`;
      const result = preview(yaml, PUSH_MAIN);
      assert.equal(result.created, false);
      assert.match(result.reason, /'deploy' job needs 'build' job/);
      assert.deepEqual(result.diagnostics.map((d) => d.code), ['preview-needs-missing']);
      assert.deepEqual(jobs(result), ['deploy:on_success', 'soft:on_success']);
      assert.equal(preview(yaml, { source: 'tag', tag: 'v1' }).created, true);
    });

    it('lets rules:needs replace the job\'s needs', () => {
      const yaml = `
stages: [build, deploy]
build: {stage: build, script: x, rules: [{if: $CI_COMMIT_TAG}]}
deploy: {stage: deploy, script: x, needs: [build], rules: [{if: $CI_COMMIT_BRANCH, needs: []}]}
`;
      assert.equal(preview(yaml, PUSH_MAIN).created, true);
    });

    describe('changes', () => {
      const yaml = `
docs: {script: x, rules: [{changes: ["docs/**/*", "*.md"]}]}
api: {script: x, rules: [{changes: {paths: ["$SERVICE/**/*"]}}]}
variables: {SERVICE: api}
`;
      it('is true for every rule when no changed files are given', () => {
        assert.deepEqual(jobs(preview(yaml, PUSH_MAIN)), ['docs:on_success', 'api:on_success']);
      });
      it('compares the changed files with the globs, variables expanded', () => {
        assert.deepEqual(jobs(preview(yaml, { ...PUSH_MAIN, changed: ['docs/guide/a.txt'] })), ['docs:on_success']);
        assert.deepEqual(jobs(preview(yaml, { ...PUSH_MAIN, changed: ['api/src/x.ts'] })), ['api:on_success']);
        assert.deepEqual(jobs(preview(yaml, { ...MR, changed: ['README.md'] })), ['docs:on_success']);
        assert.deepEqual(jobs(preview(yaml, { ...PUSH_MAIN, changed: ['web/x.ts'] })), []);
      });
      it('is true in pipelines without a diff (tags, schedules, web, API), as in GitLab', () => {
        assert.deepEqual(jobs(preview(yaml, { source: 'schedule', changed: ['web/x.ts'] })), ['docs:on_success', 'api:on_success']);
      });
    });

    it('checks exists against the repository files', () => {
      const yaml = `
docker: {script: x, rules: [{exists: [Dockerfile]}]}
node: {script: x, rules: [{exists: ["**/package.json"]}]}
go: {script: x, rules: [{exists: {paths: ["*.go"]}}]}
`;
      const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': yaml }), { schema: false });
      assert.ok(analysis);
      const result = previewPipeline(analysis, { ...PUSH_MAIN, repositoryFiles: ['.gitlab-ci.yml', 'Dockerfile', 'web/package.json'] });
      assert.deepEqual(jobs(result), ['docker:on_success', 'node:on_success']);
    });

    it('refuses the configuration for an invalid expression, and still previews the rest', () => {
      const result = preview('a: {script: x}\nb: {script: x, rules: [{if: \'$X =~ /(?!x)y/\'}]}\n', PUSH_MAIN);
      assert.equal(result.created, false);
      assert.match(result.reason, /invalid expression/);
      assert.deepEqual(jobs(result), ['a:on_success']);
      const diagnostic = result.diagnostics.find((d) => d.code === 'preview-expression-invalid');
      assert.ok(diagnostic);
      assert.equal(diagnostic.range.start.line, 1);
    });
  });

  describe('only and except', () => {
    const yaml = `
plain: {script: x}
mr: {script: x, only: [merge_requests]}
main_only: {script: x, only: [main]}
release: {script: x, only: ['/^release-.*$/']}
no_tags: {script: x, except: [tags]}
scheduled: {script: x, only: [schedules]}
web: {script: x, only: [web, api]}
pushes: {script: x, only: [pushes]}
by_variable: {script: x, only: {variables: [$DEPLOY == "yes"]}}
refs_and_variables: {script: x, only: {refs: [main], variables: [$DEPLOY == "yes"]}}
except_changes: {script: x, except: {changes: ["docs/**/*"]}}
`;
    const names = (context: PreviewContext): string[] => preview(yaml, context).jobs.map((j) => j.name);

    it('push to main (changes unknown, so except:changes holds and leaves its job out)', () => {
      assert.deepEqual(names(PUSH_MAIN), ['plain', 'main_only', 'no_tags', 'pushes']);
      assert.deepEqual(names({ ...PUSH_MAIN, changed: ['src/a.ts'] }), ['plain', 'main_only', 'no_tags', 'pushes', 'except_changes']);
    });
    it('push to a release branch, with a variable and a docs change', () => {
      assert.deepEqual(names({ source: 'push', ref: 'release-2', changed: ['docs/a.md'], variables: { DEPLOY: 'yes' } }), ['plain', 'release', 'no_tags', 'pushes', 'by_variable']);
    });
    it('merge request: the default only [branches, tags] leaves plain jobs out, and ref names do not apply', () => {
      assert.deepEqual(names({ source: 'merge_request_event', ref: 'main', targetBranch: 'main' }), ['mr']);
    });
    it('tag', () => {
      assert.deepEqual(names({ source: 'tag', tag: 'release-1' }), ['plain', 'release', 'pushes']);
    });
    it('schedule, web and api', () => {
      // Without a diff, except:changes holds even when changed files are given.
      assert.deepEqual(names({ source: 'schedule', ref: 'dev', changed: ['src/a.ts'] }), ['plain', 'no_tags', 'scheduled']);
      assert.deepEqual(names({ source: 'web', ref: 'dev' }), ['plain', 'no_tags', 'web']);
      assert.deepEqual(names({ source: 'api', ref: 'dev' }), ['plain', 'no_tags', 'web']);
    });
    it('drops the default only policy when workflow:rules exist', () => {
      const result = preview('workflow: {rules: [{when: always}]}\nplain: {script: x}\n', MR);
      assert.deepEqual(jobs(result), ['plain:on_success']);
    });
  });

  describe('the pipeline as a whole', () => {
    it('lists jobs in stage order, then file order, without hidden jobs', () => {
      const yaml = `
stages: [build, test, deploy]
.template: {script: x}
ship: {stage: deploy, script: x}
unit: {stage: test, script: x, extends: .template}
compile: {stage: build, script: x}
lint: {script: x}
setup: {stage: .pre, script: x}
`;
      assert.deepEqual(preview(yaml, PUSH_MAIN).jobs.map((j) => `${j.stage}/${j.name}`), ['.pre/setup', 'build/compile', 'test/unit', 'test/lint', 'deploy/ship']);
    });

    it('creates no pipeline without jobs, or with only .pre and .post jobs', () => {
      assert.deepEqual(preview('a: {script: x, rules: [{when: never}]}\n', PUSH_MAIN).reason, REASONS.empty);
      const onlyPre = preview('a: {stage: .pre, script: x}\n', PUSH_MAIN);
      assert.deepEqual([onlyPre.created, onlyPre.reason], [false, REASONS.empty]);
    });

    it('uses rules from included files and templates', () => {
      const result = preview('include: ci/rules.yml\njob: {script: x, extends: .on_main}\n', { source: 'push', ref: 'dev' }, { 'ci/rules.yml': '.on_main: {rules: [{if: $CI_COMMIT_BRANCH == "main"}]}\n' });
      assert.deepEqual(jobs(result), []);
    });
  });
});
