/**
 * The failed tests of a pipeline's test report, under the jobs that ran them. GitLab names each
 * suite after its job (`Ci::Build#test_suite_name`: the job's name, or its group name for
 * `parallel: N` jobs such as `rspec 1/3`), so a suite goes to the job of that name or group.
 */
import type { TestCase, TestReport } from '../gitlab/models';
import type { FailedTest } from './findings';
import { repoRelativePath } from './findingPath';
import { lineInTrace } from './traceLine';

/** Failed tests kept per job; the rest are counted. */
export const MAX_FAILED_TESTS_PER_JOB = 50;
const MAX_MESSAGE_CHARS = 300;
const MAX_DETAILS_CHARS = 2000;

export interface SuiteJob {
  readonly id: number;
  readonly name: string;
}

export interface JobTestFailures {
  readonly failedTests: readonly FailedTest[];
  readonly failedCount: number;
  readonly problems: readonly string[];
}

/** `rspec 1/3` and `rspec 2/3` run the `rspec` suite; `build: [linux]` style matrix names keep their name. */
export function suiteNameOf(jobName: string): string {
  const parts = jobName.trimEnd().split(' ');
  const last = parts.at(-1) ?? '';
  const slash = last.indexOf('/');
  const parallel = parts.length > 1 && slash > 0 && /^\d+$/.test(last.slice(0, slash)) && /^\d+$/.test(last.slice(slash + 1));
  return parallel ? parts.slice(0, -1).join(' ') : jobName;
}

function firstLine(text: string): string {
  const line = text.split('\n', 20).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}…` : line;
}

function failedTest(test: TestCase, projectPath: string): FailedTest {
  const texts = [test.stack_trace, test.system_output];
  const body = texts.find((t) => typeof t === 'string' && t.trim() !== '') ?? '';
  const path = test.file ? repoRelativePath(test.file, projectPath) : undefined;
  const line = path ? lineInTrace(path, texts) : undefined;
  return {
    name: test.name,
    ...(test.classname ? { classname: test.classname } : {}),
    status: test.status === 'error' ? 'error' : 'failed',
    message: firstLine(body) || (test.status === 'error' ? 'Test errored' : 'Test failed'),
    details: body.length > MAX_DETAILS_CHARS ? `${body.slice(0, MAX_DETAILS_CHARS)}…` : body,
    ...(path ? { place: { path, ...(line !== undefined ? { line } : {}) } } : {}),
  };
}

/** Failures by job id; a suite no job of the pipeline claims is reported under the pipeline. */
export function testFailuresByJob(report: TestReport, jobs: readonly SuiteJob[], projectPath: string): { byJob: ReadonlyMap<number, JobTestFailures>; unclaimed: readonly string[] } {
  const byJob = new Map<number, JobTestFailures>();
  const unclaimed: string[] = [];
  for (const suite of report.test_suites) {
    const job = jobs.find((j) => j.name === suite.name) ?? jobs.find((j) => suiteNameOf(j.name) === suite.name);
    const failing = suite.test_cases.filter((t) => t.status === 'failed' || t.status === 'error');
    const problems = suite.suite_error ? [`Test report of ${suite.name} could not be parsed by GitLab: ${firstLine(suite.suite_error)}`] : [];
    if (!job) {
      if (failing.length > 0 || problems.length > 0) unclaimed.push(`${suite.name}: ${failing.length} failed test${failing.length === 1 ? '' : 's'}${problems.length ? ' (report could not be parsed)' : ''}`);
      continue;
    }
    const before = byJob.get(job.id);
    const kept = [...(before?.failedTests ?? []), ...failing.slice(0, MAX_FAILED_TESTS_PER_JOB).map((t) => failedTest(t, projectPath))].slice(0, MAX_FAILED_TESTS_PER_JOB);
    byJob.set(job.id, { failedTests: kept, failedCount: (before?.failedCount ?? 0) + failing.length, problems: [...(before?.problems ?? []), ...problems] });
  }
  return { byJob, unclaimed };
}
