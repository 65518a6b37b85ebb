/**
 * Reads what one finished pipeline found: its test report (one request) and, for each job whose
 * artifacts archive should hold a code-quality report, that file (one request per file), each
 * with a byte cap. GitLab's refusals and oversized or malformed files become words on the job or
 * pipeline they concern, never exceptions.
 */
import type { GitLabApi, ProjectRef } from '../gitlab/client';
import { GitLabError, UnexpectedAnswerError } from '../gitlab/errors';
import type { Job } from '../gitlab/models';
import type { JobView, PipelineView } from '../lanes/snapshot';
import { parseCodeQuality } from './codeQuality';
import type { CodeFinding, FailedTest, JobFindings, PipelineFindings } from './findings';
import { repoRelativePath } from './findingPath';
import { codeQualityFiles } from './reportFiles';
import type { JobTestFailures } from './testFailures';
import { testFailuresByJob } from './testFailures';

export type FindingsApi = Pick<GitLabApi, 'pipelineTestReport' | 'jobArtifactFile'>;

export interface FindingsLimits {
  /** Largest code-quality file read (default 5 MiB); a larger one is cut off and reported. */
  readonly reportBytes: number;
  /** Largest test report read (default 8 MiB). */
  readonly testReportBytes: number;
  /** Artifact files read per pipeline at most (default 20). */
  readonly artifactReads: number;
}

export const DEFAULT_FINDINGS_LIMITS: FindingsLimits = { reportBytes: 5 * 1024 * 1024, testReportBytes: 8 * 1024 * 1024, artifactReads: 20 };

export interface FindingsReadContext {
  readonly api: FindingsApi;
  readonly projectPath: string;
  /** The job as the workspace's `.gitlab-ci.yml` defines it (plain data), undefined when it has none or no analysis. */
  readonly definitionOf: (jobName: string) => unknown;
  readonly limits?: Partial<FindingsLimits>;
}

export interface FindingsRead {
  readonly findings: PipelineFindings;
  /** A read failed for a reason that may pass (outage, rate limit): worth reading again later. */
  readonly transient: boolean;
}

const TRANSIENT: ReadonlySet<GitLabError['kind']> = new Set<GitLabError['kind']>(['network', 'server', 'rate-limited', 'unauthorized']);

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

/** Every job of the pipeline and of the downstream pipelines shown under it. */
function allJobs(view: PipelineView): JobView[] {
  return view.stages.flatMap((s) => s.jobs.flatMap((j) => [j, ...(j.downstream ? allJobs(j.downstream) : [])]));
}

function hasArchive(job: Job): boolean {
  return (job.artifacts ?? []).some((a) => a.file_type === 'archive');
}

export async function readPipelineFindings(view: PipelineView, branch: string | undefined, context: FindingsReadContext): Promise<FindingsRead> {
  const limits = { ...DEFAULT_FINDINGS_LIMITS, ...context.limits };
  const jobs = allJobs(view).filter((j) => j.kind === 'job').map((j) => j.job);
  let transient = false;
  const problems: string[] = [];
  const noteFailure = (what: string, error: unknown, limit: number): string => {
    if (!(error instanceof GitLabError)) throw error;
    if (TRANSIENT.has(error.kind) && !(error instanceof UnexpectedAnswerError && error.answer === 'too-large')) transient = true;
    if (error instanceof UnexpectedAnswerError && error.answer === 'too-large') return `${what} too large (over ${mib(limit)}): not read`;
    return `${what} could not be read: ${error.message}`;
  };

  let tests: { byJob: ReadonlyMap<number, JobTestFailures>; unclaimed: readonly string[] } = { byJob: new Map(), unclaimed: [] };
  try {
    const report = (await context.api.pipelineTestReport(context.projectPath, view.pipeline.id, { maxBytes: limits.testReportBytes })).data;
    tests = testFailuresByJob(report, jobs, context.projectPath);
  } catch (error) {
    problems.push(noteFailure('Test report', error, limits.testReportBytes));
  }
  problems.push(...tests.unclaimed.map((s) => `Test suite ${s}`));

  const quality = new Map<number, { findings: CodeFinding[]; problems: string[] }>();
  let reads = 0;
  for (const job of jobs) {
    if (!hasArchive(job)) continue;
    const { files, notInPaths } = codeQualityFiles(context.definitionOf(job.name));
    const entry = { findings: [] as CodeFinding[], problems: notInPaths.map((f) => `Code quality report ${f} is not under artifacts:paths, so GitLab's API cannot hand it out`) };
    quality.set(job.id, entry);
    for (const file of files) {
      if (reads >= limits.artifactReads) {
        entry.problems.push(`Code quality report ${file} not read: already ${limits.artifactReads} files read for this pipeline`);
        continue;
      }
      reads++;
      const project: ProjectRef = job.pipeline?.project_id ?? context.projectPath;
      try {
        const text = await context.api.jobArtifactFile(project, job.id, file, { maxBytes: limits.reportBytes });
        const report = parseCodeQuality(text);
        if (report.problem) entry.problems.push(`Code quality report ${file} ${report.problem}`);
        if (report.skipped > 0) entry.problems.push(`Code quality report ${file}: ${report.skipped} finding${report.skipped === 1 ? '' : 's'} without a description or path left out`);
        if (report.truncated > 0) entry.problems.push(`Code quality report ${file}: ${report.truncated} more findings left out`);
        for (const finding of report.findings) {
          const path = repoRelativePath(finding.path, context.projectPath);
          entry.findings.push({
            message: finding.description,
            ...(finding.checkName ? { check: finding.checkName } : {}),
            severity: finding.severity,
            reportSeverity: finding.reportSeverity,
            ...(path ? { place: { path, ...(finding.line !== undefined ? { line: finding.line } : {}) } } : {}),
            reportedPath: finding.path,
            file,
          });
        }
      } catch (error) {
        // No such file in the archive (or no archive after all): the job simply wrote no report.
        if (error instanceof GitLabError && error.kind === 'not-found') continue;
        entry.problems.push(noteFailure(`Code quality report ${file}`, error, limits.reportBytes));
      }
    }
  }

  const jobFindings: JobFindings[] = [];
  for (const job of jobs) {
    const failed = tests.byJob.get(job.id);
    const q = quality.get(job.id);
    const failedTests: readonly FailedTest[] = failed?.failedTests ?? [];
    const jobProblems = [...(failed?.problems ?? []), ...(q?.problems ?? [])];
    if (failedTests.length === 0 && (q?.findings.length ?? 0) === 0 && jobProblems.length === 0) continue;
    jobFindings.push({ jobId: job.id, jobName: job.name, webUrl: job.web_url, failedTests, failedCount: failed?.failedCount ?? 0, codeQuality: q?.findings ?? [], problems: jobProblems });
  }
  return { findings: { pipelineId: view.pipeline.id, sha: view.pipeline.sha, branch, jobs: jobFindings, problems }, transient };
}
