/**
 * A large, realistic CI configuration for the benchmark: a root file that includes several
 * files of jobs using templates, `extends`, anchors, `!reference`, `needs`, `rules` and
 * `parallel:matrix`, adding up to about `targetLines` lines.
 */
export interface GeneratedConfig {
  /** Project-relative path -> text. The root is `.gitlab-ci.yml`. */
  readonly files: ReadonlyMap<string, string>;
  readonly lines: number;
}

export function generateConfig(targetLines: number, includeFiles = 10): GeneratedConfig {
  const files = new Map<string, string>();
  const root: string[] = [
    'workflow:',
    '  rules:',
    '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
    '    - if: $CI_COMMIT_BRANCH == "dev" || $CI_COMMIT_BRANCH == "master"',
    'stages: [build, package, deploy, test, canary, clear, prod]',
    'variables:',
    '  IMAGE_BASE: $CI_REGISTRY_IMAGE',
    'default:',
    '  image: node:20',
    '  interruptible: true',
    '  retry: { max: 2, when: [runner_system_failure, stuck_or_timeout_failure] }',
    'include:',
    '  - local: ci/templates.yml',
    '  - local: ci/services/*.yml',
  ];
  files.set('.gitlab-ci.yml', `${root.join('\n')}\n`);
  files.set('ci/templates.yml', `${templates().join('\n')}\n`);
  let lines = root.length + templates().length;
  const perFile = Math.max(1, Math.ceil((targetLines - lines) / includeFiles));
  for (let f = 0; f < includeFiles; f++) {
    // Anchors are per file in GitLab, so each file defines the ones it uses.
    const out: string[] = [
      `# service group ${f}`,
      '.rules-mr: &rules-mr',
      '  - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
      '  - if: $CI_COMMIT_BRANCH == "dev"',
    ];
    for (let s = 0; out.length < perFile; s++) out.push(...serviceJobs(`g${f}s${s}`));
    files.set(`ci/services/group-${String(f).padStart(2, '0')}.yml`, `${out.join('\n')}\n`);
    lines += out.length;
  }
  return { files, lines };
}

function templates(): string[] {
  return [
    '.node-cache:',
    '  cache:',
    '    key: { files: [package-lock.json] }',
    '    paths: [.npm/]',
    '.build-base:',
    '  extends: .node-cache',
    '  stage: build',
    '  before_script:',
    '    - npm ci --cache .npm --prefer-offline',
    '  artifacts:',
    '    expire_in: 1 week',
    '    paths: [dist/]',
    '.deploy-base:',
    '  image: registry.example.com/deployer:3',
    '  script:',
    '    - deployer rollout --image "$IMAGE" --environment "$CI_ENVIRONMENT_NAME"',
    '  resource_group: $CI_ENVIRONMENT_NAME',
  ];
}

function serviceJobs(name: string): string[] {
  return [
    `build-${name}:`,
    '  extends: .build-base',
    '  variables:',
    `    SERVICE: ${name}`,
    '  script:',
    '    - npm run build -- --filter "$SERVICE"',
    '    - npm test -- --filter "$SERVICE" --coverage',
    "  coverage: '/Lines\\s*:\\s*(\\d+\\.?\\d*)%/'",
    '  rules: *rules-mr',
    `package-${name}:`,
    '  stage: package',
    '  image: docker:27',
    '  services: [docker:27-dind]',
    `  needs: [build-${name}]`,
    '  script:',
    '    - !reference [.build-base, before_script]',
    `    - docker build -t "$IMAGE_BASE/${name}:$CI_COMMIT_SHORT_SHA" .`,
    '  parallel:',
    '    matrix:',
    '      - ARCH: [amd64, arm64]',
    `deploy-${name}:`,
    '  extends: .deploy-base',
    '  stage: deploy',
    '  environment:',
    `    name: review/${name}/$CI_COMMIT_REF_SLUG`,
    '    auto_stop_in: 1 day',
    '  needs:',
    `    - job: package-${name}`,
    '      parallel:',
    '        matrix:',
    '          - ARCH: amd64',
    '  rules:',
    '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
    '      when: on_success',
    '    - when: never',
    `canary-${name}:`,
    '  extends: .deploy-base',
    '  stage: canary',
    '  environment: { name: canary, deployment_tier: production }',
    `  needs: [deploy-${name}]`,
    '  when: manual',
    '  allow_failure: true',
    '  rules:',
    '    - if: $CI_COMMIT_BRANCH == "dev"',
  ];
}
