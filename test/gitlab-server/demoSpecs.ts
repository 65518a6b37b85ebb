// The demo project's pipelines, following the release flow (../shared/design/release-flow.md):
// MR pipelines prove a change can merge, dev pipelines end at a manual canary, master pipelines
// end at a manual, approval-gated production deployment. A bridge starts a child pipeline in dev.
import { DEMO_OUTPUTS } from './demoFindings';
import type { PipelineSource, PipelineSpec } from './model';

const BUILD_JOBS = [
  { name: 'lint', stage: 'build', durationSec: 8, script: ['npm ci', 'npm run lint', 'release-pilot lint .gitlab-ci.yml'], outputs: DEMO_OUTPUTS.lint },
  { name: 'compile', stage: 'build', durationSec: 15 },
  { name: 'unit-tests', stage: 'build', durationSec: 20, script: ['npm ci', 'npm test'], outputs: DEMO_OUTPUTS['unit-tests'] },
] as const;

const IMAGE = { name: 'image', stage: 'package', durationSec: 15 } as const;

export const CHILD_SPEC: PipelineSpec = {
  stages: ['test'],
  jobs: [
    { name: 'api-tests', stage: 'test', durationSec: 15, script: ['npm run test:api'] },
    { name: 'ui-tests', stage: 'test', durationSec: 25, script: ['npm run test:ui'] },
  ],
};

export function mergeRequestSpec(branch: string): PipelineSpec {
  return {
    stages: ['build', 'package', 'deploy', 'test'],
    jobs: [
      ...BUILD_JOBS,
      IMAGE,
      { name: 'deploy-review', stage: 'deploy', durationSec: 12, environment: { name: `review/${branch}`, tier: 'development' } },
      { name: 'integration-tests', stage: 'test', durationSec: 20 },
    ],
  };
}

export const DEV_SPEC: PipelineSpec = {
  stages: ['build', 'package', 'deploy', 'test', 'canary'],
  jobs: [
    ...BUILD_JOBS,
    IMAGE,
    { name: 'deploy-staging', stage: 'deploy', durationSec: 12, environment: { name: 'staging', tier: 'staging' } },
    { name: 'integration-tests', stage: 'test', trigger: CHILD_SPEC },
    { name: 'smoke-tests', stage: 'test', durationSec: 10, script: ['npm run test:smoke'] },
    { name: 'deploy-canary', stage: 'canary', when: 'manual', allowFailure: false, durationSec: 15, environment: { name: 'canary' } },
  ],
};

export const MASTER_SPEC: PipelineSpec = {
  stages: ['build', 'package', 'clear', 'prod'],
  jobs: [
    ...BUILD_JOBS,
    IMAGE,
    { name: 'merge-back', stage: 'clear', durationSec: 6 },
    { name: 'deploy-prod', stage: 'prod', when: 'manual', allowFailure: false, durationSec: 20, environment: { name: 'production', tier: 'production', url: 'https://demo-service.example.com' } },
  ],
};

export const BRANCH_SPEC: PipelineSpec = { stages: ['build'], jobs: [...BUILD_JOBS] };

export function demoSpecFor(ref: string, source: PipelineSource, mrBranch: (ref: string) => string | undefined): PipelineSpec {
  const branch = mrBranch(ref);
  if (source === 'merge_request_event' || branch !== undefined) return mergeRequestSpec(branch ?? ref);
  if (ref === 'dev') return DEV_SPEC;
  if (ref === 'master') return MASTER_SPEC;
  return BRANCH_SPEC;
}

/** The .gitlab-ci.yml these pipelines come from (what GET /ci/lint checks). */
export const DEMO_CI_CONFIG = `stages: [build, package, deploy, test, canary, clear, prod]

default:
  image: node:20-alpine

lint:
  stage: build
  script: [npm ci, npm run lint]

compile:
  stage: build
  script: [npm ci, npm run build]

unit-tests:
  stage: build
  script: [npm ci, npm test]

image:
  stage: package
  script: [docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA .]

deploy-review:
  stage: deploy
  script: [helm upgrade --install review ./chart]
  environment: { name: review/$CI_COMMIT_REF_SLUG, deployment_tier: development }
  rules: [{ if: $CI_PIPELINE_SOURCE == "merge_request_event" }]

deploy-staging:
  stage: deploy
  script: [helm upgrade --install demo-service ./chart]
  environment: { name: staging }
  rules: [{ if: $CI_COMMIT_BRANCH == "dev" }]

integration-tests:
  stage: test
  trigger: { include: ci/integration.yml, strategy: depend }
  rules: [{ if: $CI_COMMIT_BRANCH == "dev" }]

smoke-tests:
  stage: test
  script: [npm run test:smoke]

deploy-canary:
  stage: canary
  script: [helm upgrade --install demo-service-canary ./chart]
  environment: { name: canary }
  when: manual
  allow_failure: false
  rules: [{ if: $CI_COMMIT_BRANCH == "dev" }]

merge-back:
  stage: clear
  script: [git merge --no-edit origin/master, git push origin HEAD:dev]
  rules: [{ if: $CI_COMMIT_BRANCH == "master" }]

deploy-prod:
  stage: prod
  script: [helm upgrade --install demo-service ./chart]
  environment: { name: production, url: "https://demo-service.example.com" }
  when: manual
  allow_failure: false
  rules: [{ if: $CI_COMMIT_BRANCH == "master" }]
`;
