// What a job leaves behind besides its log: a JUnit report (which GitLab parses into the pipeline's
// test report) and files in its artifacts archive (`artifacts:paths`), such as a code-quality
// report. Uploaded when the job ends in success or failure, as with `artifacts:when: always`.
import type { Job } from './model';
import type { FakeGitLabState } from './state';

/** One `<testcase>` as GitLab keeps it (`Gitlab::Ci::Reports::TestCase`). */
export interface TestCaseSpec {
  readonly name: string;
  readonly status: 'success' | 'failed' | 'skipped' | 'error';
  readonly classname?: string;
  /** The JUnit `file` attribute. */
  readonly file?: string;
  readonly executionTime?: number;
  readonly systemOutput?: string;
  readonly stackTrace?: string;
}

/** A file in the archive: its text, or `bytes` of `fill` repeated (a huge file that is never built in memory). */
export type ArtifactContent = string | { readonly fill: string; readonly bytes: number };

export interface JobOutputs {
  readonly testCases?: readonly TestCaseSpec[];
  /** GitLab could not parse the job's JUnit file: the suite carries this and no test cases. */
  readonly suiteError?: string;
  /** Files of the artifacts archive by path (`gl-code-quality-report.json`). */
  readonly files?: Readonly<Record<string, ArtifactContent>>;
}

/** Artifacts exist once the job ended the way `artifacts:when: always` uploads them. */
export function outputsOf(job: Job): JobOutputs | undefined {
  return job.outputs && (job.status === 'success' || job.status === 'failed') ? job.outputs : undefined;
}

export function contentBytes(content: ArtifactContent): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.bytes;
}

/** The job entity's `artifacts` (`job_artifacts`): archive and metadata for files, junit for a report. */
export function artifactList(job: Job): Record<string, unknown>[] {
  const outputs = outputsOf(job);
  if (!outputs) return [];
  const files = Object.values(outputs.files ?? {});
  const list: Record<string, unknown>[] = [];
  if (files.length > 0) {
    const size = files.reduce((sum, f) => sum + contentBytes(f), 0);
    list.push({ file_type: 'archive', size, filename: 'artifacts.zip', file_format: 'zip' });
    list.push({ file_type: 'metadata', size: 180, filename: 'metadata.gz', file_format: 'gzip' });
  }
  if (outputs.testCases || outputs.suiteError !== undefined) list.push({ file_type: 'junit', size: 1024, filename: 'junit.xml.gz', file_format: 'gzip' });
  return list;
}

/** `Gitlab::Ci::Reports::TestCase::STATUS_TYPES` order, as `TestSuite#sorted` puts them: problems first. */
const STATUS_ORDER = ['error', 'failed', 'success', 'skipped'] as const;

/** `Ci::Build#test_suite_name`: parallel jobs (`rspec 1/3`) share their group's suite. */
function suiteName(jobName: string): string {
  return jobName.replace(/\s+\d+\/\d+$/, '').replace(/\s+\d+:\d+$/, '');
}

/** `TestReportEntity` with `details: true` for the pipeline's latest builds. */
export function testReport(state: FakeGitLabState, pipelineId: number): Record<string, unknown> {
  const pipeline = state.pipelines.get(pipelineId);
  const suites = new Map<string, { cases: TestCaseSpec[]; error?: string }>();
  for (const job of pipeline ? state.jobsOf(pipeline) : []) {
    const outputs = job.kind === 'build' ? outputsOf(job) : undefined;
    if (!outputs || (!outputs.testCases && outputs.suiteError === undefined)) continue;
    const suite = suites.get(suiteName(job.name)) ?? { cases: [] };
    suite.cases.push(...(outputs.testCases ?? []));
    if (outputs.suiteError !== undefined) suite.error = outputs.suiteError;
    suites.set(suiteName(job.name), suite);
  }
  const rendered = [...suites.entries()].map(([name, suite]) => suitePayload(name, suite.cases, suite.error));
  const sum = (field: string): number => rendered.reduce((total, s) => total + (s[field] as number), 0);
  return {
    total_time: sum('total_time'),
    total_count: sum('total_count'),
    success_count: sum('success_count'),
    failed_count: sum('failed_count'),
    skipped_count: sum('skipped_count'),
    error_count: sum('error_count'),
    test_suites: rendered,
  };
}

function suitePayload(name: string, cases: readonly TestCaseSpec[], suiteError: string | undefined): Record<string, number | string | null | unknown[]> {
  const count = (status: TestCaseSpec['status']): number => (suiteError === undefined ? cases.filter((c) => c.status === status).length : 0);
  const sorted = [...cases].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  return {
    name,
    total_time: suiteError === undefined ? cases.reduce((t, c) => t + (c.executionTime ?? 0), 0) : 0,
    total_count: suiteError === undefined ? cases.length : 0,
    success_count: count('success'),
    failed_count: count('failed'),
    skipped_count: count('skipped'),
    error_count: count('error'),
    suite_error: suiteError ?? null,
    test_cases: suiteError === undefined ? sorted.map(casePayload) : [],
  };
}

function casePayload(c: TestCaseSpec): Record<string, unknown> {
  return {
    status: c.status,
    name: c.name,
    classname: c.classname ?? null,
    file: c.file ?? null,
    execution_time: c.executionTime ?? 0,
    system_output: c.systemOutput ?? null,
    stack_trace: c.stackTrace ?? null,
    recent_failures: null,
  };
}
