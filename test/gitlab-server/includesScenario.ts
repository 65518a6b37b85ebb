// Shared CI on the fake instance, for resolving includes: a platform team's project of CI files,
// a CI/CD component project with released versions, a private project Dana cannot see, and a
// few of the instance's CI templates. Call after buildDemoScenario (it reuses Dana).
import type { Project, User } from './model';
import { ACCESS } from './model';
import type { FakeGitLabState } from './state';

export const PLATFORM_PROJECT_PATH = 'platform/ci-templates';
export const COMPONENT_PROJECT_PATH = 'components/deploy';
export const HIDDEN_PROJECT_PATH = 'secret/hidden';

export interface IncludesScenario {
  readonly platform: Project;
  readonly components: Project;
  readonly hidden: Project;
  /** Pushes a change to the platform project's default branch (moves `main`). */
  pushPlatform(files: Readonly<Record<string, string | null>>, title?: string): string;
}

/** The platform project's `main`: a file including its own local file, with `spec:inputs`. */
export const PLATFORM_FILES: Readonly<Record<string, string>> = {
  'ci/build.yml': [
    'include:',
    '  - local: /ci/common.yml',
    '.build-base:',
    '  stage: build',
    '  extends: .common',
    '  script: [make]',
    '',
  ].join('\n'),
  'ci/common.yml': ['.common:', '  image: alpine:3.20', '  tags: [docker]', ''].join('\n'),
  /** A job in a stage no pipeline defines: a finding inside another project's file. */
  'ci/broken.yml': ['broken-job:', '  stage: nowhere', '  script: [x]', ''].join('\n'),
  'ci/deploy.yml': [
    'spec:',
    '  inputs:',
    '    environment:',
    '      default: staging',
    '---',
    'deploy-$[[ inputs.environment ]]:',
    '  stage: deploy',
    '  script:',
    '    - ./deploy $[[ inputs.environment ]]',
    '',
  ].join('\n'),
};

/** Component versions: 1.0.0 and 1.2.0 and 2.0.0 released, 2.1.0-rc.1 a pre-release. */
const COMPONENT_VERSIONS: readonly { readonly tag: string; readonly job: string }[] = [
  { tag: '1.0.0', job: 'component-v1-0' },
  { tag: '1.2.0', job: 'component-v1-2' },
  { tag: '2.0.0', job: 'component-v2-0' },
  { tag: '2.1.0-rc.1', job: 'component-v2-1-rc' },
];

function componentFiles(job: string): Record<string, string> {
  return {
    'templates/deploy.yml': [
      'spec:',
      '  inputs:',
      '    stage:',
      '      default: deploy',
      '---',
      `${job}:`,
      '  stage: $[[ inputs.stage ]]',
      '  script: [echo deploy]',
      '',
    ].join('\n'),
    'templates/scan/template.yml': ['include:', '  - local: /templates/scan/rules.yml', 'scan-job:', '  extends: .scan-rules', '  script: [scan]', ''].join('\n'),
    'templates/scan/rules.yml': ['.scan-rules:', '  stage: test', ''].join('\n'),
  };
}

/** CI templates, keyed as GitLab's template finder keys them (name without `.gitlab-ci.yml`). */
export const CI_TEMPLATES: Readonly<Record<string, string>> = {
  'Workflows/MergeRequest-Pipelines': ['workflow:', '  rules:', '    - if: $CI_MERGE_REQUEST_IID', '    - if: $CI_COMMIT_TAG', ''].join('\n'),
  'Jobs/Code-Quality': ['include:', '  - template: Jobs/Code-Quality-Base.gitlab-ci.yml', 'code_quality:', '  extends: .code-quality-base', '  script: [cq]', ''].join('\n'),
  'Jobs/Code-Quality-Base': ['.code-quality-base:', '  stage: test', '  image: docker:27', ''].join('\n'),
};

export function buildIncludesScenario(state: FakeGitLabState, developer: User): IncludesScenario {
  const platform = state.addProject({ path: PLATFORM_PROJECT_PATH, defaultBranch: 'main', visibility: 'internal', members: [{ user: developer, access: ACCESS.reporter }] });
  state.addCommit(platform, { branch: 'main', title: 'Shared CI files', files: PLATFORM_FILES });
  state.addTag(platform, 'v1', 'main');

  const components = state.addProject({ path: COMPONENT_PROJECT_PATH, defaultBranch: 'main', visibility: 'internal', members: [{ user: developer, access: ACCESS.reporter }] });
  for (const version of COMPONENT_VERSIONS) {
    state.addCommit(components, { branch: 'main', title: `Component ${version.tag}`, files: componentFiles(version.job) });
    state.addRelease(components, { tagName: version.tag, ref: 'main' });
  }
  state.addCommit(components, { branch: 'main', title: 'Unreleased work', files: componentFiles('component-unreleased') });

  const hidden = state.addProject({ path: HIDDEN_PROJECT_PATH, defaultBranch: 'main', visibility: 'private' });
  state.addCommit(hidden, { branch: 'main', title: 'Secret CI', files: { 'ci.yml': 'secret-job:\n  script: [x]\n' } });

  for (const [key, content] of Object.entries(CI_TEMPLATES)) state.ciTemplates.set(key, content);

  return {
    platform,
    components,
    hidden,
    pushPlatform: (files, title = 'Change shared CI') => state.addCommit(platform, { branch: 'main', title, files }).sha,
  };
}
