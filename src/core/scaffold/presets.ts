/** The build tools the scaffold knows. */
export type PresetId = 'node' | 'java-maven' | 'go' | 'python' | 'docker';

/** The `build` job: compiles what the package stage needs. Unit tests and checks have jobs of their own (qualityChecks.ts). */
export interface BuildStep {
  readonly script: readonly string[];
  /** What the package stage takes from this job. */
  readonly artifacts?: readonly string[];
  /** One comment line put above the build job. */
  readonly note: string;
}

/** How one language or build tool is set up in the jobs of the `build` stage. */
export interface Preset {
  /** Shown in the editor's picker. */
  readonly label: string;
  readonly description: string;
  readonly image: string;
  /** Variables the preset's jobs need (cache locations, tool flags). */
  readonly variables?: Readonly<Record<string, string>>;
  /** Dependency cache, keyed on the lock file so it is rebuilt exactly when dependencies change. */
  readonly cache?: { readonly keyFiles: readonly string[]; readonly paths: readonly string[] };
  /** Absent when the unit-test job already builds everything (the Dockerfile's own stages). */
  readonly build?: BuildStep;
  /** The preset's jobs run Docker themselves (docker-in-docker). */
  readonly needsDocker?: boolean;
}

export const DOCKER_IMAGE = 'docker:27';
export const DOCKER_SERVICE = 'docker:27-dind';

/** The presets, by id. Order is the order the picker shows. */
export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  node: {
    label: 'Node.js (npm)',
    description: 'ESLint, npm test with JUnit and coverage, build script if present',
    image: 'node:22',
    cache: { keyFiles: ['package-lock.json'], paths: ['.npm/'] },
    build: {
      script: ['npm ci --cache .npm --prefer-offline', 'npm run build --if-present'],
      artifacts: ['dist/'],
      note: 'Compile; dist/ is handed to the package stage.',
    },
  },
  'java-maven': {
    label: 'Java (Maven)',
    description: 'Checkstyle, mvn test with JaCoCo, the jar for the package stage',
    image: 'maven:3.9-eclipse-temurin-21',
    variables: { MAVEN_OPTS: '-Dmaven.repo.local=$CI_PROJECT_DIR/.m2/repository' },
    cache: { keyFiles: ['pom.xml'], paths: ['.m2/repository/'] },
    build: {
      script: ['mvn --batch-mode --errors package -DskipTests'],
      artifacts: ['target/*.jar'],
      note: 'Build the jar the package stage copies (the unit-test job runs the tests).',
    },
  },
  go: {
    label: 'Go',
    description: 'golangci-lint, go test with JUnit and coverage, go build',
    image: 'golang:1.23',
    variables: { GOPATH: '$CI_PROJECT_DIR/.go' },
    cache: { keyFiles: ['go.sum'], paths: ['.go/pkg/mod/'] },
    build: {
      script: ['mkdir -p bin', 'go build -o bin/ ./...'],
      artifacts: ['bin/'],
      note: 'Compile; bin/ is handed to the package stage.',
    },
  },
  python: {
    label: 'Python (pip + pytest)',
    description: 'Ruff, pytest with JUnit and coverage, compile check',
    image: 'python:3.12-slim',
    variables: { PIP_CACHE_DIR: '$CI_PROJECT_DIR/.cache/pip' },
    cache: { keyFiles: ['requirements.txt'], paths: ['.cache/pip/'] },
    build: {
      script: ['pip install -r requirements.txt', 'python -m compileall -q .'],
      note: 'Install and byte-compile (a syntax check of every module).',
    },
  },
  docker: {
    label: 'Docker only',
    description: 'hadolint, the Dockerfile builds and tests the code (`test` and `test-reports` stages)',
    image: DOCKER_IMAGE,
    needsDocker: true,
  },
};

export const PRESET_IDS: readonly PresetId[] = Object.keys(PRESETS) as PresetId[];
