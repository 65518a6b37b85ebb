import type { EnvironmentRole, ReleaseStage } from './releaseFlow';
import { DEV_BRANCH_VARIABLE, ENVIRONMENT_TIERS, LANE_CONDITIONS, MASTER_BRANCH_VARIABLE, RELEASE_STAGES, STAGE_JOBS, lanesOfStage } from './releaseFlow';
import type { ResolvedPipelineOptions } from './options';
import type { Preset } from './presets';
import { DOCKER_IMAGE, DOCKER_SERVICE, PRESETS } from './presets';

/** A CI configuration as plain data (key order is output order) plus a comment per top-level key. */
export interface PipelineDocument {
  readonly config: Record<string, unknown>;
  readonly comments: Readonly<Record<string, string>>;
}

type Job = Record<string, unknown>;

const DIND_VARIABLES = { DOCKER_TLS_CERTDIR: '/certs' };

/** Scripts of the stages that do not depend on the preset. Placeholders say so in their output. */
function stageScript(stage: ReleaseStage, o: ResolvedPipelineOptions): string[] {
  const scripts: Record<Exclude<ReleaseStage, 'build'>, string[]> = {
    package: [
      'echo "$CI_REGISTRY_PASSWORD" | docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
      'docker build --pull --tag "$IMAGE_TAG" .',
      'docker push "$IMAGE_TAG"',
    ],
    deploy: ['echo "Deploy $IMAGE_TAG to $CI_ENVIRONMENT_NAME here (helm upgrade, kubectl apply, ansible ...)"'],
    test: [`echo "Run the integration tests against the ${o.environments.test} environment here"`],
    canary: [
      'echo "Take two nodes out of the pool, deploy $IMAGE_TAG with track=$RELEASE_TRACK, run the smoke tests, then let live traffic in"',
    ],
    clear: [
      `test -n "$${o.pushTokenVariable}" || { echo "Set the masked, protected CI/CD variable ${o.pushTokenVariable} (project access token, write_repository)"; exit 1; }`,
      'git config user.name "release-pilot"',
      'git config user.email "release-pilot@noreply.invalid"',
      `git remote set-url origin "\${CI_SERVER_PROTOCOL}://release-pilot:\${${o.pushTokenVariable}}@\${CI_SERVER_HOST}:\${CI_SERVER_PORT}/\${CI_PROJECT_PATH}.git"`,
      `git fetch origin "$${DEV_BRANCH_VARIABLE}" "$${MASTER_BRANCH_VARIABLE}"`,
      `git checkout -B "$${DEV_BRANCH_VARIABLE}" "origin/$${DEV_BRANCH_VARIABLE}"`,
      `git merge --no-edit "origin/$${MASTER_BRANCH_VARIABLE}"`,
      `git push -o ci.skip origin "HEAD:$${DEV_BRANCH_VARIABLE}"`,
    ],
    prod: ['echo "Release $IMAGE_TAG to $CI_ENVIRONMENT_NAME here, with track=$RELEASE_TRACK"'],
  };
  return stage === 'build' ? [...PRESETS[o.preset].buildScript] : scripts[stage];
}

function environmentName(role: EnvironmentRole, o: ResolvedPipelineOptions): string {
  return o.environments[role];
}

function buildJob(preset: Preset): Job {
  const job: Job = { image: preset.image };
  if (preset.needsDocker) Object.assign(job, { services: [DOCKER_SERVICE], variables: { ...DIND_VARIABLES } });
  else if (preset.variables) job['variables'] = { ...preset.variables };
  if (preset.cache) job['cache'] = { key: { files: [...preset.cache.keyFiles] }, paths: [...preset.cache.paths] };
  const artifacts = preset.artifacts;
  if (artifacts) {
    const out: Record<string, unknown> = {};
    if (artifacts.paths) out['paths'] = [...artifacts.paths];
    if (artifacts.junit) Object.assign(out, { when: 'always', reports: { junit: artifacts.junit } });
    out['expire_in'] = '1 week';
    job['artifacts'] = out;
  }
  return job;
}

function stageJob(stage: ReleaseStage, o: ResolvedPipelineOptions): Job {
  const spec = STAGE_JOBS[stage];
  const job: Job = { stage };
  if (stage === 'build') Object.assign(job, buildJob(PRESETS[o.preset]));
  else if (stage === 'package') Object.assign(job, { image: DOCKER_IMAGE, services: [DOCKER_SERVICE], variables: { ...DIND_VARIABLES } });
  else if (stage === 'clear') Object.assign(job, { image: { name: 'alpine/git:2.45.2', entrypoint: [''] }, variables: { GIT_STRATEGY: 'clone', GIT_DEPTH: '0' } });
  if (stage === 'canary' || stage === 'prod') job['variables'] = { RELEASE_TRACK: stage === 'canary' ? 'canary' : 'stable' };
  if (spec.environment) {
    job['environment'] = { name: environmentName(spec.environment, o), deployment_tier: ENVIRONMENT_TIERS[spec.environment] };
  }
  if (spec.exclusive) job['resource_group'] = spec.environment ? environmentName(spec.environment, o) : stage;
  job['script'] = stageScript(stage, o);
  job['rules'] = lanesOfStage(stage).map((lane) => (spec.manual ? { if: LANE_CONDITIONS[lane], when: 'manual' } : { if: LANE_CONDITIONS[lane] }));
  if (spec.manual) job['allow_failure'] = false;
  return job;
}

const JOB_COMMENTS: Readonly<Record<ReleaseStage, (o: ResolvedPipelineOptions) => string>> = {
  build: (o) => ` ${PRESETS[o.preset].note}`,
  package: () => ' Container image of this commit, pushed to the project\'s registry.',
  deploy: (o) => ` Deploy to the ${o.environments.test} environment (merge requests and ${o.devBranch}). Replace the placeholder.`,
  test: () => ' Integration tests against the deployed test environment. Replace the placeholder.',
  canary: (o) =>
    ` Canary gate (${o.devBranch} only): a person plays it. Label the canary nodes' metrics track=canary\n` +
    ' and the others track=stable so Release Pilot can compare their health.',
  clear: (o) =>
    ` Merge ${o.masterBranch} back into ${o.devBranch} so both branches share history before the release.\n` +
    ` Needs a project access token (role Developer+, scope write_repository) stored as the masked,\n` +
    ` protected CI/CD variable ${o.pushTokenVariable}: never write the token in this file.\n` +
    ' `-o ci.skip` keeps that push from starting another dev pipeline.',
  prod: (o) => ` Production gate (${o.masterBranch} only): a person releases. Protect the ${o.environments.production} environment to require approvals.`,
};

/** The whole release pipeline for resolved options. Pure. */
export function buildPipelineDocument(o: ResolvedPipelineOptions): PipelineDocument {
  const config: Record<string, unknown> = {
    workflow: {
      rules: [
        { if: LANE_CONDITIONS.mr },
        { if: LANE_CONDITIONS.dev },
        { if: LANE_CONDITIONS.master },
        { when: 'never' },
      ],
    },
    stages: [...RELEASE_STAGES],
    variables: {
      [DEV_BRANCH_VARIABLE]: o.devBranch,
      [MASTER_BRANCH_VARIABLE]: o.masterBranch,
      IMAGE_TAG: '$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA',
    },
  };
  const comments: Record<string, string> = {
    workflow:
      ` One pipeline per event: merge requests into ${o.devBranch}, and pushes to ${o.devBranch} or ${o.masterBranch}.\n` +
      ' Feature-branch pushes run nothing, so an open merge request never gets a duplicate branch pipeline.',
    variables: ' Branch names live here; rules compare against these variables.',
  };
  for (const stage of RELEASE_STAGES) {
    config[stage] = stageJob(stage, o);
    comments[stage] = JOB_COMMENTS[stage](o);
  }
  return { config, comments };
}
