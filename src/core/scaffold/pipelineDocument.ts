import type { EnvironmentRole, ReleaseStage } from './releaseFlow';
import { DEV_BRANCH_VARIABLE, ENVIRONMENT_TIERS, LANE_CONDITIONS, MASTER_BRANCH_VARIABLE, RELEASE_STAGES, STAGE_JOBS, lanesOfStage } from './releaseFlow';
import type { ResolvedPipelineOptions } from './options';
import type { Preset } from './presets';
import { DOCKER_IMAGE, DOCKER_SERVICE, PRESETS } from './presets';
import type { QualityChecks } from './qualityChecks';
import {
  CHECK_JOBS, CODE_QUALITY_REPORT, COVERAGE_LINE_PATTERN, QUALITY_CHECKS, SONAR_ALLOW_FAILURE, SONAR_CONDITION, SONAR_SCANNER_IMAGE,
} from './qualityChecks';

/** A CI configuration as plain data (key order is output order) plus a comment per top-level key. */
export interface PipelineDocument {
  readonly config: Record<string, unknown>;
  readonly comments: Readonly<Record<string, string>>;
}

type Job = Record<string, unknown>;

const DIND_VARIABLES = { DOCKER_TLS_CERTDIR: '/certs' };

type LaterStage = Exclude<ReleaseStage, 'build'>;

/** Scripts of the stages after `build`, which do not depend on the preset. Placeholders say so in their output. */
function stageScript(stage: LaterStage, o: ResolvedPipelineOptions): string[] {
  const scripts: Record<LaterStage, string[]> = {
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
  return scripts[stage];
}

function environmentName(role: EnvironmentRole, o: ResolvedPipelineOptions): string {
  return o.environments[role];
}

/** How long reports and build output are kept; long enough for a merge request's review. */
const ARTIFACTS_EXPIRE_IN = '1 week';

/** The `rules` of a job that runs in every lane of the `build` stage. */
function buildStageRules(): Job[] {
  return lanesOfStage('build').map((lane) => ({ if: LANE_CONDITIONS[lane] }));
}

/** Image, Docker service, variables and dependency cache shared by a preset's jobs. */
function presetEnvironment(preset: Preset, image = preset.image): Job {
  const job: Job = { image };
  if (preset.needsDocker) Object.assign(job, { services: [DOCKER_SERVICE], variables: { ...DIND_VARIABLES } });
  else if (preset.variables) job['variables'] = { ...preset.variables };
  if (preset.cache) job['cache'] = { key: { files: [...preset.cache.keyFiles] }, paths: [...preset.cache.paths] };
  return job;
}

/**
 * Reports for GitLab's widgets, and the same files as plain artifacts: the job artifacts API serves
 * only the archive. Kept when the job fails, which is when they matter most.
 */
function reportArtifacts(paths: readonly string[], reports: Record<string, unknown>): Job {
  return { when: 'always', expire_in: ARTIFACTS_EXPIRE_IN, paths: [...paths], reports };
}

function codeCheckJob(preset: Preset, checks: QualityChecks): Job {
  const check = checks.codeCheck;
  // A tool image of its own needs no Docker service, but still the preset's module cache (golangci-lint).
  const env = presetEnvironment({ ...preset, needsDocker: false }, check.image ?? preset.image);
  if (check.variables) env['variables'] = { ...(env['variables'] as Record<string, string> | undefined), ...check.variables };
  return {
    stage: 'build',
    ...env,
    script: [...check.script],
    artifacts: reportArtifacts([CODE_QUALITY_REPORT], { codequality: CODE_QUALITY_REPORT }),
    rules: buildStageRules(),
  };
}

function unitTestJob(preset: Preset, checks: QualityChecks): Job {
  const tests = checks.unitTests;
  return {
    stage: 'build',
    ...presetEnvironment(preset),
    script: [...tests.script],
    coverage: COVERAGE_LINE_PATTERN,
    artifacts: reportArtifacts([tests.junit, tests.coverage.path], {
      junit: tests.junit,
      coverage_report: { coverage_format: tests.coverage.format, path: tests.coverage.path },
    }),
    rules: buildStageRules(),
  };
}

/** SonarQube's scanner, only when the project defines both variables; the token is read from there, never written here. */
function sonarJob(preset: Preset, checks: QualityChecks): Job {
  const sonarVariables = { SONAR_USER_HOME: '$CI_PROJECT_DIR/.sonar', GIT_DEPTH: '0' };
  const job: Job = { stage: 'build' };
  if (checks.sonar === 'maven') {
    const env = presetEnvironment(preset);
    Object.assign(job, {
      image: env['image'],
      variables: { ...(env['variables'] as Record<string, string> | undefined), ...sonarVariables },
      cache: { key: { files: [...(preset.cache?.keyFiles ?? [])] }, paths: [...(preset.cache?.paths ?? []), '.sonar/cache/'] },
      script: ['mvn --batch-mode --errors -DskipTests verify org.sonarsource.scanner.maven:sonar-maven-plugin:sonar -Dsonar.qualitygate.wait=true'],
    });
  } else {
    Object.assign(job, {
      image: { name: SONAR_SCANNER_IMAGE, entrypoint: [''] },
      variables: sonarVariables,
      cache: { key: CHECK_JOBS.sonar, paths: ['.sonar/cache/'] },
      script: ['sonar-scanner -Dsonar.qualitygate.wait=true'],
    });
  }
  job['rules'] = lanesOfStage('build').map((lane) => ({ if: `${SONAR_CONDITION} && ${LANE_CONDITIONS[lane]}`, allow_failure: SONAR_ALLOW_FAILURE[lane] }));
  return job;
}

function buildJob(preset: Preset): Job | undefined {
  const build = preset.build;
  if (!build) return undefined;
  const job: Job = { stage: 'build', ...presetEnvironment(preset) };
  if (build.artifacts) job['artifacts'] = { paths: [...build.artifacts], expire_in: ARTIFACTS_EXPIRE_IN };
  job['script'] = [...build.script];
  job['rules'] = buildStageRules();
  return job;
}

/** The jobs of the `build` stage by name, the code check first: the release flow checks before it builds. */
function buildStageJobs(o: ResolvedPipelineOptions): [string, Job, string][] {
  const preset = PRESETS[o.preset];
  const checks = QUALITY_CHECKS[o.preset];
  const jobs: [string, Job, string][] = [
    [CHECK_JOBS.codeCheck, codeCheckJob(preset, checks), codeCheckComment(checks)],
    [CHECK_JOBS.unitTests, unitTestJob(preset, checks), unitTestComment(checks)],
    [CHECK_JOBS.sonar, sonarJob(preset, checks), sonarComment(checks, o)],
  ];
  const build = buildJob(preset);
  if (build && preset.build) jobs.push(['build', build, ` ${preset.build.note}`]);
  return jobs;
}

function codeCheckComment(checks: QualityChecks): string {
  return (
    ` Code check (${checks.codeCheck.tool}), first in the first stage; its findings show in the merge request.\n` +
    ` ${checks.codeCheck.note}\n` +
    ` ${CODE_QUALITY_REPORT} is also kept as an artifact file, which GitLab's API can download.`
  );
}

function unitTestComment(checks: QualityChecks): string {
  return (
    ` Unit tests (${checks.unitTests.runner}); JUnit and coverage feed the merge request's test and coverage widgets.\n` +
    ` ${checks.unitTests.note}`
  );
}

function sonarComment(checks: QualityChecks, o: ResolvedPipelineOptions): string {
  const scanner = checks.sonar === 'maven' ? 'The Maven plugin takes the project key from the pom' : 'sonar-scanner reads sonar-project.properties (sonar.projectKey=...)';
  return (
    ' SonarQube analysis, only when the project defines the CI/CD variables SONAR_HOST_URL and SONAR_TOKEN\n' +
    ' (masked): never write the token in this file. It waits for the quality gate, which blocks merge requests\n' +
    ` and only warns on ${o.devBranch} and ${o.masterBranch}, where a SonarQube outage must not stop a release.\n` +
    ` ${scanner}. To send coverage as well, add needs: [${CHECK_JOBS.unitTests}] and the coverage report property.`
  );
}

function stageJob(stage: LaterStage, o: ResolvedPipelineOptions): Job {
  const spec = STAGE_JOBS[stage];
  const job: Job = { stage };
  if (stage === 'package') Object.assign(job, { image: DOCKER_IMAGE, services: [DOCKER_SERVICE], variables: { ...DIND_VARIABLES } });
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

const JOB_COMMENTS: Readonly<Record<LaterStage, (o: ResolvedPipelineOptions) => string>> = {
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
    if (stage === 'build') {
      for (const [name, job, comment] of buildStageJobs(o)) {
        config[name] = job;
        comments[name] = comment;
      }
      continue;
    }
    config[stage] = stageJob(stage, o);
    comments[stage] = JOB_COMMENTS[stage](o);
  }
  return { config, comments };
}
