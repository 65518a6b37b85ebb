/**
 * The code checks and unit tests the release flow puts first (docs: shared/design/release-flow.md,
 * "Code checks belong in the first stage"), one row per preset: the preset's own linter writing
 * GitLab's Code Quality report, its unit tests writing JUnit and coverage, and which SonarQube
 * scanner fits it. Report file names live here only; the generator lists each one both under
 * `artifacts:reports` (GitLab's widgets) and `artifacts:paths`, because GitLab's job artifacts API
 * serves files from the artifacts archive only, never report artifacts.
 */
import type { LaneId } from '../lanes/lanes';
import type { PresetId } from './presets';

/** The jobs the scaffold adds to the `build` stage beside `build`, by role. */
export const CHECK_JOBS = {
  codeCheck: 'code-check',
  unitTests: 'unit-test',
  sonar: 'sonarqube',
} as const;

/** Every code check writes its findings here (GitLab's Code Quality format, a JSON array). */
export const CODE_QUALITY_REPORT = 'gl-code-quality-report.json';

export type CoverageFormat = 'cobertura' | 'jacoco';

/** Where a preset's jobs write their reports, relative to the project directory. */
export interface ReportFiles {
  readonly codeQuality: string;
  /** JUnit XML; a glob when the tool writes one file per test class (Maven Surefire). */
  readonly junit: string;
  readonly coverage: { readonly format: CoverageFormat; readonly path: string };
}

/** A line every unit-test job prints, read by the job's `coverage:` pattern for the merge request widget. */
export const COVERAGE_LINE_PATTERN = '/Line coverage: \\d+(?:\\.\\d+)?%/';

/** Prints `Line coverage: N%` from a Cobertura file's root `line-rate`; prints nothing when the file is missing. */
function coberturaSummary(path: string): string {
  return `test ! -f ${path} || awk 'match($0, /<coverage[^>]* line-rate="[0-9.]+"/) { s = substr($0, RSTART, RLENGTH); sub(/.*line-rate="/, "", s); sub(/"$/, "", s); printf "Line coverage: %.1f%%\\n", s * 100; exit }' ${path}`;
}

/** Prints `Line coverage: N%` from JaCoCo's CSV (columns 8 and 9 are lines missed and covered). */
function jacocoSummary(csvPath: string): string {
  return `test ! -f ${csvPath} || awk -F, 'NR > 1 { missed += $8; covered += $9 } END { if (missed + covered > 0) printf "Line coverage: %.1f%%\\n", 100 * covered / (missed + covered) }' ${csvPath}`;
}

export interface CodeCheck {
  /** The analyser, as the README and the job comment name it. */
  readonly tool: string;
  /** Absent: the preset's own image (and its dependency cache). */
  readonly image?: string;
  readonly variables?: Readonly<Record<string, string>>;
  /** Runs the analyser, writes {@link CODE_QUALITY_REPORT} and fails the job on findings. */
  readonly script: readonly string[];
  readonly note: string;
}

export interface UnitTests {
  /** The test runner, as the README names it. */
  readonly runner: string;
  /** Runs the tests, writes the reports, then prints the coverage line. */
  readonly script: readonly string[];
  readonly junit: string;
  readonly coverage: { readonly format: CoverageFormat; readonly path: string };
  readonly note: string;
}

/** SonarScanner CLI (the official image) for most presets; Maven projects use the scanner's Maven plugin. */
export type SonarScanner = 'cli' | 'maven';

export interface QualityChecks {
  readonly codeCheck: CodeCheck;
  readonly unitTests: UnitTests;
  readonly sonar: SonarScanner;
}

const NODE_COVERAGE = 'coverage/cobertura-coverage.xml';
const JACOCO_DIR = 'target/site/jacoco';
const JACOCO_PLUGIN = 'org.jacoco:jacoco-maven-plugin:0.8.15';

/** One row per preset. */
export const QUALITY_CHECKS: Readonly<Record<PresetId, QualityChecks>> = {
  node: {
    codeCheck: {
      tool: 'ESLint',
      variables: { ESLINT_CODE_QUALITY_REPORT: CODE_QUALITY_REPORT },
      script: ['npm ci --cache .npm --prefer-offline', 'npx eslint --format gitlab .'],
      note: 'Needs eslint and eslint-formatter-gitlab in devDependencies; the formatter writes the report.',
    },
    unitTests: {
      runner: 'npm test',
      script: ['npm ci --cache .npm --prefer-offline', 'npm test', coberturaSummary(NODE_COVERAGE)],
      junit: 'junit.xml',
      coverage: { format: 'cobertura', path: NODE_COVERAGE },
      note:
        `npm test writes junit.xml and ${NODE_COVERAGE}: Jest with jest-junit and coverageReporters\n` +
        " ['cobertura'], or Vitest with --reporter=junit --outputFile=junit.xml --coverage.reporter=cobertura.",
    },
    sonar: 'cli',
  },
  'java-maven': {
    codeCheck: {
      tool: 'Checkstyle',
      script: [
        // Checkstyle has no Code Quality output: keep its verdict, convert its XML, then report the verdict.
        'mvn --batch-mode --errors checkstyle:check || status=$?',
        'mvn --batch-mode --quiet dependency:copy -Dartifact=se.bjurr.violations:violations-command-line:3.0.1 -DoutputDirectory=target -Dmdep.stripVersion=true',
        `java -jar target/violations-command-line.jar -code-climate ${CODE_QUALITY_REPORT} -v CHECKSTYLE . '.*checkstyle-result\\.xml$' Checkstyle`,
        'exit "${status:-0}"',
      ],
      note:
        "Checkstyle (the pom's maven-checkstyle-plugin configuration; Sun's checks when there is none) fails on errors;\n" +
        ' violations-command-line turns its result into the Code Quality report either way.',
    },
    unitTests: {
      runner: 'Maven Surefire with JaCoCo',
      script: [`mvn --batch-mode --errors ${JACOCO_PLUGIN}:prepare-agent test ${JACOCO_PLUGIN}:report`, jacocoSummary(`${JACOCO_DIR}/jacoco.csv`)],
      junit: 'target/surefire-reports/TEST-*.xml',
      coverage: { format: 'jacoco', path: `${JACOCO_DIR}/jacoco.xml` },
      note: 'Surefire writes one JUnit file per test class; GitLab reads JaCoCo coverage as it is (coverage_format: jacoco).',
    },
    sonar: 'maven',
  },
  go: {
    codeCheck: {
      tool: 'golangci-lint',
      image: 'golangci/golangci-lint:v2.15.0',
      script: [`golangci-lint run --output.text.path=stdout --output.code-climate.path=${CODE_QUALITY_REPORT} ./...`],
      note: "golangci-lint (the repository's .golangci.yml; go vet is among its default linters) writes the report.",
    },
    unitTests: {
      runner: 'go test through gotestsum',
      script: [
        'go run gotest.tools/gotestsum@v1.13.0 --junitfile junit.xml -- -coverprofile=coverage.out ./...',
        'go run github.com/boumenot/gocover-cobertura@v1.2.0 < coverage.out > coverage.xml',
        coberturaSummary('coverage.xml'),
      ],
      junit: 'junit.xml',
      coverage: { format: 'cobertura', path: 'coverage.xml' },
      note: 'gotestsum runs go test and writes JUnit; gocover-cobertura converts the cover profile.',
    },
    sonar: 'cli',
  },
  python: {
    codeCheck: {
      tool: 'Ruff',
      script: [
        'pip install "ruff>=0.6,<1"',
        // The report goes to the file; on findings the readable list is printed for the job log.
        `ruff check --output-format=gitlab --output-file=${CODE_QUALITY_REPORT} . || { ruff check --output-format=concise .; exit 1; }`,
      ],
      note: 'Ruff (configured in pyproject.toml or ruff.toml) writes the report.',
    },
    unitTests: {
      runner: 'pytest with pytest-cov',
      script: [
        'pip install -r requirements.txt pytest pytest-cov',
        'python -m pytest --junitxml=junit.xml --cov=. --cov-report=term --cov-report=xml:coverage.xml',
        coberturaSummary('coverage.xml'),
      ],
      junit: 'junit.xml',
      coverage: { format: 'cobertura', path: 'coverage.xml' },
      note: 'pytest writes JUnit; pytest-cov writes Cobertura coverage.',
    },
    sonar: 'cli',
  },
  docker: {
    codeCheck: {
      tool: 'hadolint',
      image: 'hadolint/hadolint:v2.12.0-alpine',
      script: [`hadolint --format gitlab_codeclimate Dockerfile > ${CODE_QUALITY_REPORT} || { hadolint Dockerfile; exit 1; }`],
      note: 'hadolint checks the Dockerfile (.hadolint.yaml for its rules) and writes the report.',
    },
    unitTests: {
      runner: "the Dockerfile's test stage",
      script: [
        'docker build --pull --target test-reports --output type=local,dest=. .',
        coberturaSummary('coverage.xml'),
        // The test stage records its exit status instead of failing, so its reports come out of failed runs too.
        'exit "$(cat test-exit-code 2>/dev/null || echo 1)"',
      ],
      junit: 'junit.xml',
      coverage: { format: 'cobertura', path: 'coverage.xml' },
      note:
        "The Dockerfile's `test` stage runs the unit tests without failing the build, writing /reports/junit.xml,\n" +
        ' /reports/coverage.xml (Cobertura) and the exit status to /reports/test-exit-code; a `test-reports`\n' +
        ' stage (FROM scratch, COPY --from=test /reports/ /) hands them out.',
    },
    sonar: 'cli',
  },
};

/** Report paths of a preset, the table other tools (and the README) read. */
export function reportFiles(preset: PresetId): ReportFiles {
  const { unitTests } = QUALITY_CHECKS[preset];
  return { codeQuality: CODE_QUALITY_REPORT, junit: unitTests.junit, coverage: unitTests.coverage };
}

/** The CI/CD variables that switch the SonarQube job on; the token is only ever read from the project's settings. */
export const SONAR_VARIABLES = ['SONAR_HOST_URL', 'SONAR_TOKEN'] as const;
export const SONAR_CONDITION = SONAR_VARIABLES.map((name) => `$${name}`).join(' && ');

export const SONAR_SCANNER_IMAGE = 'sonarsource/sonar-scanner-cli:11';

/**
 * Whether the SonarQube job may fail without failing the lane. A merge request is where a change can
 * still be fixed, so a failed quality gate blocks it; after the merge the same gate has already
 * passed once, and a SonarQube outage or a rule changed on the server must not stop a release.
 */
export const SONAR_ALLOW_FAILURE: Readonly<Record<LaneId, boolean>> = {
  mr: false,
  dev: true,
  master: true,
};
