/** `artifacts` and its `reports`. */
import { bool, kw, list, mapping, oneOfStrings, str, union } from '../shapes';
import type { Keyword, Shape } from '../shapes';

const fileOrFiles: Shape = union(str(), list(str()));

const REPORTS = 'artifacts_reports/#artifactsreports';

/** Reports that take a path or a list of paths, with what GitLab does with them. */
const FILE_REPORTS: readonly (readonly [name: string, summary: string, deprecated?: string])[] = [
  ['accessibility', 'An accessibility (pa11y) report shown in merge requests.'],
  ['annotations', 'A JSON file of external links GitLab shows on the job page.'],
  ['api_fuzzing', 'API fuzz testing findings.'],
  ['browser_performance', 'Browser performance metrics compared in merge requests.'],
  ['cluster_image_scanning', 'Cluster image scanning findings.'],
  ['codequality', 'Code Quality (Code Climate format) findings shown in merge requests.'],
  ['container_scanning', 'Container scanning findings.'],
  ['coverage_fuzzing', 'Coverage-guided fuzz testing findings.'],
  ['cyclonedx', 'CycloneDX software bills of materials.'],
  ['dast', 'Dynamic application security testing findings.'],
  ['dependency_scanning', 'Dependency scanning findings.'],
  ['dotenv', 'A `.env` file whose variables become available to later jobs.'],
  ['junit', 'JUnit XML test results shown in merge requests and on the pipeline\'s Tests tab.'],
  ['license_scanning', 'License compliance findings.', 'license scanning through this report was removed; use dependency scanning with CycloneDX'],
  ['load_performance', 'Load testing (k6) metrics compared in merge requests.'],
  ['lsif', 'Code intelligence data (LSIF) for navigating code in GitLab.'],
  ['metrics', 'Custom metrics (OpenMetrics text) compared in merge requests.'],
  ['performance', 'Browser performance metrics (older name).', 'use `browser_performance`'],
  ['repository_xray', 'Repository X-Ray data for code suggestions.'],
  ['sarif', 'Static analysis findings in SARIF format.'],
  ['requirements', 'Requirements test results.'],
  ['requirements_v2', 'Requirements test results (second format).'],
  ['sast', 'Static application security testing findings.'],
  ['secret_detection', 'Leaked secret findings.'],
  ['terraform', 'Terraform plan summaries shown in merge requests.'],
];

/**
 * `junit`, whose list may not be empty. The reference wants one file for `accessibility`,
 * `annotations` and `browser_performance`, but GitLab's server (`Entry::Reports`) takes a file or a
 * list for every file report, and real pipelines list them.
 */
const REPORT_SHAPES: Readonly<Record<string, Shape>> = {
  junit: union(str(), list(str(), { minItems: 1 })),
};

const reportKeywords: Keyword[] = FILE_REPORTS.map(([name, summary, deprecated]) =>
  kw(name, `${REPORTS}${name}`, REPORT_SHAPES[name] ?? fileOrFiles, `Collects ${summary.charAt(0).toLowerCase()}${summary.slice(1)}`, deprecated === undefined ? {} : { deprecated }),
);

const coverageReport = kw('coverage_report', `${REPORTS}coverage_report`, mapping('coverage_report', [
  kw('coverage_format', `${REPORTS}coverage_report`, oneOfStrings(['cobertura', 'jacoco']), 'Format of the coverage file: `cobertura` or `jacoco`.'),
  kw('path', `${REPORTS}coverage_report`, str({ minLength: 1 }), 'Path or glob of the coverage file(s).'),
], { required: ['coverage_format', 'path'] }), 'A Cobertura or JaCoCo coverage file, used to mark covered lines in merge request diffs.');

// Code-unit order (the same as alphabetical for these lowercase names): a first localeCompare
// initialises ICU, about 10 ms of every process start.
export const reportsShape: Shape = mapping('artifacts:reports', [...reportKeywords, coverageReport]
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));

export const artifactsShape: Shape = mapping('artifacts', [
  // An empty list is accepted by GitLab's server (`paths: [] # too large to keep` in real pipelines).
  kw('paths', '#artifactspaths', list(str()), 'Files and directories, relative to the project directory, to keep as job artifacts; globs allowed.'),
  kw('exclude', '#artifactsexclude', list(str(), { minItems: 1 }), 'Paths or globs to leave out of the artifacts archive.'),
  kw('expire_in', '#artifactsexpire_in', str(), 'How long GitLab keeps the artifacts, such as `1 week` or `never`.', { expect: 'a duration written as text, such as `1 week`, or `never`' }),
  kw('expose_as', '#artifactsexpose_as', str(), 'Label under which merge requests link to these artifacts.'),
  kw('name', '#artifactsname', str(), 'File name of the artifacts archive; variables are expanded.'),
  kw('public', '#artifactspublic', bool, 'Set to `false` so that anonymous and guest users cannot download the artifacts.', { deprecated: 'use `artifacts:access`' }),
  kw('access', '#artifactsaccess', oneOfStrings(['all', 'developer', 'maintainer', 'none']), 'Who may download the artifacts: `all` (default), `developer`, `maintainer` or `none`.'),
  kw('untracked', '#artifactsuntracked', bool, 'Also keeps every file Git does not track.'),
  kw('when', '#artifactswhen', oneOfStrings(['on_success', 'on_failure', 'always']), 'Which job outcome uploads the artifacts: `on_success` (default), `on_failure` or `always`.'),
  kw('reports', '#artifactsreports', reportsShape, 'Report files GitLab parses and shows in merge requests, pipelines and security dashboards.'),
]);
