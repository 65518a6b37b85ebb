import * as assert from 'node:assert/strict';
import type { CiAnalysis } from '../../../../src/core/ci';
import { analyzeCiFile } from '../../../../src/core/ci';
import { jobPlacements, jobsInNoLane, laneTargets, placementSummary, previewTargets, unknownVariables } from '../../../../src/core/preview';
import { ENTRY, ROOT, memoryReader } from '../../../support/memoryReader';

function analyze(yaml: string): CiAnalysis {
  const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': yaml }), { schema: false });
  assert.ok(analysis);
  return analysis;
}

const FACTS = { currentBranch: 'feature', devBranch: 'dev', masterBranch: 'master' };

/** The scaffold's shape: a job that waits for two project CI/CD variables, beside jobs the file alone decides. */
const CONFIG = `
variables:
  DEPLOY_DOCS: "no"
workflow:
  rules:
    - if: $CI_COMMIT_BRANCH
      variables:
        FROM_WORKFLOW: "yes"
sonarqube:
  script: sonar-scanner
  rules:
    - if: $SONAR_HOST_URL && $SONAR_TOKEN && $CI_COMMIT_BRANCH
tagged:
  script: release
  rules:
    - if: $CI_COMMIT_TAG
docs:
  script: docs
  rules:
    - if: $DEPLOY_DOCS == "yes" || $FROM_WORKFLOW == "no"
legacy:
  script: legacy
  only:
    variables:
      - $LEGACY_SWITCH == "on"
  except:
    variables:
      - $CI_COMMIT_TAG
`;

describe('preview: conditions on variables only GitLab knows', () => {
  const analysis = analyze(CONFIG);
  const job = (name: string) => {
    const found = analysis.jobs.find((j) => j.name === name);
    assert.ok(found, name);
    return found;
  };

  it('names the variables a job reads that are neither predefined nor set in the file', () => {
    assert.deepEqual(unknownVariables(analysis, job('sonarqube')), ['SONAR_HOST_URL', 'SONAR_TOKEN']);
    assert.deepEqual(unknownVariables(analysis, job('legacy')), ['LEGACY_SWITCH'], 'only:variables count, predefined ones do not');
  });

  it('knows predefined variables, top-level variables and those workflow rules set', () => {
    assert.deepEqual(unknownVariables(analysis, job('tagged')), []);
    assert.deepEqual(unknownVariables(analysis, job('docs')), []);
  });

  it('warns only about jobs the file alone keeps out of every lane', () => {
    assert.deepEqual(jobsInNoLane(analysis, laneTargets(FACTS)).sort(), ['docs', 'tagged']);
  });

  it('says which unset variables keep a job out of the lanes', () => {
    const placements = jobPlacements(previewTargets(analysis, laneTargets(FACTS)));
    assert.equal(placementSummary(placements.get('sonarqube'), unknownVariables(analysis, job('sonarqube'))), 'No lane while unset: $SONAR_HOST_URL, $SONAR_TOKEN');
    assert.equal(placementSummary(placements.get('tagged'), unknownVariables(analysis, job('tagged'))), 'Runs in no lane');
  });
});
