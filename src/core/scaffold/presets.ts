/** The build tools the scaffold knows. */
export type PresetId = 'node' | 'java-maven' | 'go' | 'python' | 'docker';

/** How one language or build tool compiles, unit-tests and caches in the `build` job. */
export interface Preset {
  /** Shown in the editor's picker. */
  readonly label: string;
  readonly description: string;
  readonly image: string;
  /** Variables the build job needs (cache locations, tool flags). */
  readonly variables?: Readonly<Record<string, string>>;
  /** Compile and run the unit tests; a failing command fails the lane's first stage. */
  readonly buildScript: readonly string[];
  /** Dependency cache, keyed on the lock file so it is rebuilt exactly when dependencies change. */
  readonly cache?: { readonly keyFiles: readonly string[]; readonly paths: readonly string[] };
  readonly artifacts?: { readonly paths?: readonly string[]; readonly junit?: string };
  /** The build job runs Docker itself (docker-in-docker). */
  readonly needsDocker?: boolean;
  /** One comment line put above the build job. */
  readonly note: string;
}

export const DOCKER_IMAGE = 'docker:27';
export const DOCKER_SERVICE = 'docker:27-dind';

/** The presets, by id. Order is the order the picker shows. */
export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  node: {
    label: 'Node.js (npm)',
    description: 'npm ci, build script if present, npm test',
    image: 'node:22',
    buildScript: ['npm ci --cache .npm --prefer-offline', 'npm run build --if-present', 'npm test'],
    cache: { keyFiles: ['package-lock.json'], paths: ['.npm/'] },
    artifacts: { paths: ['dist/'] },
    note: 'Compile and unit-test; dist/ is handed to the package stage.',
  },
  'java-maven': {
    label: 'Java (Maven)',
    description: 'mvn verify with a cached local repository',
    image: 'maven:3.9-eclipse-temurin-21',
    variables: { MAVEN_OPTS: '-Dmaven.repo.local=$CI_PROJECT_DIR/.m2/repository' },
    buildScript: ['mvn --batch-mode --errors verify'],
    cache: { keyFiles: ['pom.xml'], paths: ['.m2/repository/'] },
    artifacts: { paths: ['target/*.jar'], junit: 'target/surefire-reports/TEST-*.xml' },
    note: 'mvn verify compiles, runs the unit tests and builds the jar the package stage copies.',
  },
  go: {
    label: 'Go',
    description: 'go vet, go build, go test with a cached module directory',
    image: 'golang:1.23',
    variables: { GOPATH: '$CI_PROJECT_DIR/.go', GOFLAGS: '-mod=readonly' },
    buildScript: ['go vet ./...', 'mkdir -p bin', 'go build -o bin/ ./...', 'go test ./...'],
    cache: { keyFiles: ['go.sum'], paths: ['.go/pkg/mod/'] },
    artifacts: { paths: ['bin/'] },
    note: 'Static checks, build and unit tests; bin/ is handed to the package stage.',
  },
  python: {
    label: 'Python (pip + pytest)',
    description: 'pip install, compile check, pytest with a JUnit report',
    image: 'python:3.12-slim',
    variables: { PIP_CACHE_DIR: '$CI_PROJECT_DIR/.cache/pip' },
    buildScript: ['pip install -r requirements.txt pytest', 'python -m compileall -q .', 'python -m pytest --junitxml=report.xml'],
    cache: { keyFiles: ['requirements.txt'], paths: ['.cache/pip/'] },
    artifacts: { junit: 'report.xml' },
    note: 'Install, byte-compile (syntax check) and run the unit tests.',
  },
  docker: {
    label: 'Docker only',
    description: 'the Dockerfile builds and tests the code (a `test` build stage)',
    image: DOCKER_IMAGE,
    buildScript: ['docker build --pull --target test .'],
    needsDocker: true,
    note: 'The Dockerfile\'s `test` stage compiles and runs the unit tests; layers are cached by Docker, not by GitLab.',
  },
};

export const PRESET_IDS: readonly PresetId[] = Object.keys(PRESETS) as PresetId[];
