import * as assert from 'node:assert/strict';
import type { CiAnalysis } from '../../../../src/core/ci';
import { analyzeCiFile } from '../../../../src/core/ci';
import type { PreviewTarget } from '../../../../src/core/preview';
import {
  comparePrediction, configJobName, jobPlacements, jobsInNoLane, laneTargets, placementSummary, previewTargets, refTarget, renderPreviewPage, stagesOf,
  withChangedFiles, previewPipeline,
} from '../../../../src/core/preview';
import { ENTRY, ROOT, memoryReader } from '../../../support/memoryReader';

function analyze(yaml: string): CiAnalysis {
  const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': yaml }), { schema: false });
  assert.ok(analysis);
  return analysis;
}

/** A release flow in the shape of the sample workspace: MR checks, a canary on dev, production on master. */
const RELEASE_FLOW = `
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == "dev" || $CI_COMMIT_BRANCH == "master"
stages: [build, canary, prod]
build:
  stage: build
  script: make
review:
  stage: build
  script: review
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
canary:
  stage: canary
  script: deploy canary
  rules:
    - if: $CI_COMMIT_BRANCH == "dev"
production:
  stage: prod
  script: deploy prod
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual
docs:
  stage: build
  script: docs
  rules:
    - changes: [docs/**/*]
tagged:
  stage: prod
  script: release
  rules:
    - if: $CI_COMMIT_TAG
.template:
  script: never listed
`;

const FACTS = { currentBranch: 'feature/x', devBranch: 'dev', masterBranch: 'master', projectPath: 'group/app' } as const;

describe('lane preview', () => {
  describe('laneTargets', () => {
    it('previews the MR lane from the current branch into the dev branch when there is no merge request', () => {
      const [mr, dev, master] = laneTargets(FACTS);
      assert.deepEqual(mr?.context, { source: 'merge_request_event', ref: 'feature/x', targetBranch: 'dev', defaultBranch: 'master', variables: { CI_PROJECT_PATH: 'group/app' } });
      assert.match(mr?.description ?? '', /no merge request yet/);
      assert.deepEqual(dev?.context, { source: 'push', ref: 'dev', defaultBranch: 'master', variables: { CI_PROJECT_PATH: 'group/app' } });
      assert.equal(master?.label, 'master');
    });

    it("uses the merge request's own target when there is one", () => {
      const [mr] = laneTargets({ ...FACTS, mergeRequestTarget: 'master' });
      assert.equal(mr?.context.targetBranch, 'master');
      assert.doesNotMatch(mr?.description ?? '', /no merge request/);
    });

    it('has no MR lane on a detached HEAD or on the target branch itself', () => {
      assert.deepEqual(laneTargets({ ...FACTS, currentBranch: undefined }).map((t) => t.id), ['dev', 'master']);
      assert.deepEqual(laneTargets({ ...FACTS, currentBranch: 'dev' }).map((t) => t.id), ['dev', 'master']);
    });

    it('a chosen ref is a push to it', () => {
      assert.deepEqual(refTarget('release/1', FACTS).context, { source: 'push', ref: 'release/1', defaultBranch: 'master', variables: { CI_PROJECT_PATH: 'group/app' } });
    });
  });

  describe('placements', () => {
    const analysis = analyze(RELEASE_FLOW);
    const placements = jobPlacements(previewTargets(analysis, laneTargets(FACTS)));

    it('names the lanes each job runs in, with how it runs there', () => {
      assert.equal(placementSummary(placements.get('build')), 'MR · dev · master');
      assert.equal(placementSummary(placements.get('review')), 'MR');
      assert.equal(placementSummary(placements.get('canary')), 'dev');
      assert.equal(placementSummary(placements.get('production')), 'master (manual)');
      assert.equal(placementSummary(placements.get('tagged')), 'Runs in no lane');
    });

    it('leaves out the lanes whose pipeline the workflow filters out', () => {
      const only = analyze(`workflow:\n  rules:\n    - if: $CI_COMMIT_BRANCH == "dev"\nbuild:\n  script: make\n`);
      assert.equal(placementSummary(jobPlacements(previewTargets(only, laneTargets(FACTS))).get('build')), 'dev');
    });

    it('warns about the jobs no lane runs, but not about jobs left out only by changes, nor templates', () => {
      const targets = laneTargets(FACTS).map((t): PreviewTarget => ({ ...t, context: { ...t.context, changed: ['src/app.ts'] } }));
      assert.equal(placementSummary(jobPlacements(previewTargets(analysis, targets)).get('docs')), 'Runs in no lane', 'with this diff docs does not run');
      assert.deepEqual(jobsInNoLane(analysis, targets), ['tagged']);
    });
  });

  describe('changes per lane', () => {
    it('gives each target the files changed since its base, and leaves changes unknown without a base', async () => {
      const asked: string[] = [];
      const targets = await withChangedFiles(
        laneTargets(FACTS),
        (t) => Promise.resolve(t.id === 'mr' ? 'abc' : t.id === 'dev' ? 'def' : undefined),
        (base) => {
          asked.push(base);
          return Promise.resolve(base === 'abc' ? ['docs/a.md'] : undefined);
        },
      );
      assert.deepEqual(targets.map((t) => t.context.changed), [['docs/a.md'], undefined, undefined]);
      assert.deepEqual(asked.sort(), ['abc', 'def']);
      const analysis = analyze(RELEASE_FLOW);
      assert.ok(previewPipeline(analysis, targets[0]!.context).jobs.some((j) => j.name === 'docs'));
    });
  });

  describe('comparePrediction', () => {
    it('lists the jobs GitLab created that were not predicted, and the reverse', () => {
      assert.deepEqual(comparePrediction(['build', 'canary', 'test'], ['build', 'surprise', 'test 1/2', 'test 2/2']), { unpredicted: ['surprise'], missing: ['canary'] });
    });

    it('folds parallel and matrix jobs onto their configured name', () => {
      assert.equal(configJobName('test 3/10'), 'test');
      assert.equal(configJobName('deploy: [eu, blue]'), 'deploy');
      assert.equal(configJobName('plain job'), 'plain job');
    });
  });

  describe('the preview page', () => {
    const analysis = analyze(RELEASE_FLOW);
    const preview = previewPipeline(analysis, laneTargets(FACTS)[2]!.context);

    it('draws one column per stage in pipeline order', () => {
      assert.deepEqual(stagesOf(preview).map((s) => `${s.stage}: ${s.jobs.map((j) => j.name).join(',')}`), ['build: build,docs', 'prod: production']);
    });

    it('escapes every name and forbids scripts', () => {
      const html = renderPreviewPage({
        title: 'Push to <b>dev</b>',
        created: true,
        reason: 'ok',
        stages: [{ stage: '<img src=x>', jobs: [{ name: '"><script>alert(1)</script>', when: 'manual', allowFailure: true }] }],
        changesNote: 'n',
        findings: ['<i>x</i>'],
        comparisons: [{ subject: 'pipeline #1', diff: { unpredicted: ['<u>'], missing: [] } }],
        validateLink: 'command:releasePilot.validatePreviewWithGitLab',
        nonce: 'abc',
      });
      assert.doesNotMatch(html, /<script>|<img|<b>|<i>|<u>/);
      assert.match(html, /script-src &#39;none&#39;/);
      assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
      assert.match(html, /Created by GitLab, not predicted/);
      assert.match(html, /href="command:releasePilot.validatePreviewWithGitLab"/);
    });

    it('says so when GitLab created exactly the predicted jobs', () => {
      const html = renderPreviewPage({ title: 't', created: true, reason: 'r', stages: [], changesNote: '', findings: [], comparisons: [{ subject: 's', diff: { unpredicted: [], missing: [] } }], nonce: 'n' });
      assert.match(html, /exactly the predicted jobs/);
    });
  });
});
