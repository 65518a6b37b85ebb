/**
 * What the latest pipeline of a lane found, job by job: failed tests (from GitLab's test report)
 * and code-quality findings (from the files in the jobs' artifacts), with the problems met while
 * reading them. Plain data: reading is in findingsReader.ts, showing in findingsView.ts.
 */

/** VS Code's four severities, in the core's words. */
export type FindingSeverity = 'error' | 'warning' | 'information' | 'hint';

/** A place in the working tree: a repository-relative path and, when known, a one-based line. */
export interface FindingPlace {
  readonly path: string;
  readonly line?: number;
}

export interface FailedTest {
  readonly name: string;
  readonly classname?: string;
  readonly status: 'failed' | 'error';
  /** The first line of the failure (stack trace, else output), cut to a length. */
  readonly message: string;
  /** The start of the stack trace or output, for a tooltip. */
  readonly details: string;
  /** Where the report names it: the test case's `file`, with the line a trace names. */
  readonly place?: FindingPlace;
}

export interface CodeFinding {
  readonly message: string;
  readonly check?: string;
  readonly severity: FindingSeverity;
  readonly reportSeverity: string;
  /** Undefined when the report's path cannot be a file of this repository. */
  readonly place?: FindingPlace;
  /** The path as the report wrote it. */
  readonly reportedPath: string;
  /** The artifact file it came from. */
  readonly file: string;
}

export interface JobFindings {
  readonly jobId: number;
  readonly jobName: string;
  readonly webUrl: string;
  readonly failedTests: readonly FailedTest[];
  /** Failed tests of the job in all, including those left out of {@link failedTests}. */
  readonly failedCount: number;
  readonly codeQuality: readonly CodeFinding[];
  /** Reading this job's reports went wrong, in words ("Code quality report too large (over 5 MiB): not read"). */
  readonly problems: readonly string[];
}

export interface PipelineFindings {
  readonly pipelineId: number;
  readonly sha: string;
  /** The lane's branch when it was read: findings of another branch are dropped when the lane moves to it. */
  readonly branch: string | undefined;
  readonly jobs: readonly JobFindings[];
  /** Problems not tied to one job (the test report could not be read). */
  readonly problems: readonly string[];
}
