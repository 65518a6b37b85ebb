/**
 * The GitLab REST objects Release Pilot reads, with GitLab's own JSON names and only
 * the fields it uses. Optional fields are those some GitLab versions or list variants
 * leave out; consumers must cope with their absence.
 */

/** Every status a job or pipeline can have (`Ci::HasStatus`). */
export const CI_STATUSES = [
  'created', 'waiting_for_resource', 'preparing', 'waiting_for_callback', 'pending', 'running',
  'success', 'failed', 'canceling', 'canceled', 'skipped', 'manual', 'scheduled',
] as const;
export type CiStatus = (typeof CI_STATUSES)[number];

export interface UserBasic {
  readonly id: number;
  readonly username: string;
  readonly name: string;
  readonly avatar_url?: string | null;
  readonly web_url?: string;
}

/** `GET /user`. */
export interface CurrentUser extends UserBasic {
  readonly state?: string;
}

/** `GET /personal_access_tokens/self`. */
export interface TokenInfo {
  readonly id: number;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly active: boolean;
  readonly revoked: boolean;
  readonly expires_at: string | null;
  readonly user_id: number;
}

export interface Project {
  readonly id: number;
  readonly name: string;
  readonly path_with_namespace: string;
  readonly default_branch?: string | null;
  readonly web_url: string;
}

export interface CommitBasic {
  readonly id: string;
  readonly short_id: string;
  readonly title: string;
  readonly author_name?: string;
  readonly created_at?: string;
  readonly web_url?: string;
  /** Single commits and compare answers carry them: the first is what a commit's diff is taken against. */
  readonly parent_ids?: readonly string[];
}

export interface Branch {
  readonly name: string;
  readonly default?: boolean;
  readonly protected?: boolean;
  readonly commit?: CommitBasic;
}

export interface MergeRequest {
  readonly id: number;
  readonly iid: number;
  readonly title: string;
  readonly state: string;
  readonly source_branch: string;
  readonly target_branch: string;
  readonly sha: string;
  readonly web_url: string;
  readonly author?: UserBasic;
}

/** A pipeline as lists return it. */
export interface PipelineBasic {
  readonly id: number;
  readonly iid?: number;
  readonly project_id: number;
  readonly sha: string;
  readonly ref: string;
  readonly status: CiStatus;
  readonly source?: string;
  readonly created_at: string;
  readonly updated_at?: string;
  readonly web_url: string;
  readonly name?: string | null;
}

/** A single pipeline (`GET /pipelines/:id`, create, retry, cancel). */
export interface Pipeline extends PipelineBasic {
  readonly before_sha?: string;
  readonly tag?: boolean;
  readonly user?: UserBasic | null;
  readonly started_at?: string | null;
  readonly finished_at?: string | null;
  readonly committed_at?: string | null;
  /** Seconds, null while it has not run. */
  readonly duration?: number | null;
  readonly queued_duration?: number | null;
}

/** A CI job. There is no `when`/`manual` field: a manual job has `status: 'manual'`. */
export interface Job {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly status: CiStatus;
  readonly ref: string;
  readonly tag?: boolean;
  readonly allow_failure: boolean;
  readonly created_at: string;
  readonly started_at?: string | null;
  readonly finished_at?: string | null;
  /** Seconds (float). */
  readonly duration?: number | null;
  readonly queued_duration?: number | null;
  readonly user?: UserBasic | null;
  readonly commit?: CommitBasic;
  readonly pipeline?: Pick<PipelineBasic, 'id' | 'project_id' | 'ref' | 'sha' | 'status'>;
  readonly web_url: string;
  readonly failure_reason?: string;
  /** Set once someone erased the job: its log and artifacts are gone, the job itself can still be retried. */
  readonly erased_at?: string | null;
  /** What the job uploaded (`job_artifacts` as `artifacts`); an `archive` entry means files can be read from it. */
  readonly artifacts?: readonly JobArtifact[];
}

/** One artifact of a job (`lib/api/entities/ci/job_artifact.rb`). */
export interface JobArtifact {
  /** `archive` (the zip of `artifacts:paths`), `junit`, `codequality`, `trace`, ... */
  readonly file_type: string;
  readonly size?: number | null;
  readonly filename?: string;
  readonly file_format?: string | null;
}

/** A trigger job (`GET /pipelines/:id/bridges`), pointing at the pipeline it started. */
export interface Bridge extends Job {
  readonly downstream_pipeline: PipelineBasic | null;
}

export interface Environment {
  readonly id: number;
  readonly name: string;
  readonly slug?: string;
  readonly external_url?: string | null;
  readonly state: string;
  readonly tier?: string;
}

export type DeploymentStatus = 'created' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'blocked';

export interface DeploymentApproval {
  readonly user: UserBasic;
  readonly status: 'approved' | 'rejected';
  readonly created_at: string;
  readonly comment?: string | null;
}

export interface Deployment {
  readonly id: number;
  readonly iid: number;
  readonly ref: string;
  readonly sha: string;
  readonly status: DeploymentStatus;
  readonly created_at: string;
  readonly updated_at?: string;
  /** When it ended (null while it has not). */
  readonly finished_at?: string | null;
  readonly user?: UserBasic | null;
  readonly deployable?: Job | null;
  readonly environment: Pick<Environment, 'id' | 'name'> & Partial<Environment>;
  /** Premium: approvals still missing (absent on Free). */
  readonly pending_approval_count?: number;
  readonly approvals?: readonly DeploymentApproval[];
  /** Premium, single-deployment GET only: each approval rule with what it requires and who approved. */
  readonly approval_summary?: ApprovalSummary;
}

/**
 * What `/api/graphql` answers: `data` (whatever the query selected; null or partial when the
 * query failed) and, when anything went wrong, `errors`. GitLab answers query errors (an unknown
 * field on an older or Free instance, a limit) with HTTP 200 and this `errors` list.
 */
export interface GraphqlAnswer {
  readonly data?: Readonly<Record<string, unknown>> | null;
  readonly errors?: readonly { readonly message: string }[];
}

/** The approval part of GitLab's single-deployment answer. */
export interface ApprovalSummary {
  readonly rules: readonly {
    readonly access_level_description?: string;
    readonly user_id?: number | null;
    readonly group_id?: number | null;
    readonly required_approvals: number;
    readonly deployment_approvals?: readonly DeploymentApproval[];
  }[];
}

export interface CompareResult {
  readonly commit?: CommitBasic | null;
  readonly commits: readonly CommitBasic[];
  readonly compare_timeout?: boolean;
  readonly compare_same_ref?: boolean;
  readonly web_url?: string;
  /** The changes of the whole range, one entry per file, as unified diff hunks. */
  readonly diffs?: readonly FileDiff[];
}

/** One file of a compare answer (`Entities::Diff`). */
export interface FileDiff {
  readonly old_path: string;
  readonly new_path: string;
  readonly diff: string;
  readonly new_file?: boolean;
  readonly deleted_file?: boolean;
  readonly renamed_file?: boolean;
}

export interface CiLintResult {
  readonly valid: boolean;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly merged_yaml?: string | null;
  /** With `include_jobs`: the jobs of the configuration, or of the simulated pipeline with `dry_run`. */
  readonly jobs?: readonly CiLintJob[];
}

/** A job of a CI lint answer (`lib/api/entities/ci/lint/result.rb`, the fields Release Pilot reads). */
export interface CiLintJob {
  readonly name: string;
  readonly stage: string;
  readonly when?: string;
  readonly allow_failure?: boolean;
}

/** A CI/CD variable passed when creating a pipeline. */
export interface PipelineVariable {
  readonly key: string;
  readonly value: string;
  readonly variable_type?: 'env_var' | 'file';
}

/** A variable passed when playing a manual job. */
export interface JobVariable {
  readonly key: string;
  readonly value: string;
}

/** `GET /projects/:id/repository/files/:file_path?ref=` (API::Files#blob_data plus the content). */
export interface RepositoryFile {
  readonly file_path: string;
  readonly size: number;
  /** Always `base64` on this route. */
  readonly encoding: string;
  readonly content: string;
  /** The commit `ref` resolved to: the file is this commit's. */
  readonly commit_id: string;
  readonly blob_id?: string;
  readonly ref?: string;
}

/** `GET /projects/:id/releases` (Entities::Release): only what finding a component's version needs. */
export interface Release {
  readonly tag_name: string;
  readonly released_at?: string;
  readonly upcoming_release?: boolean;
  readonly commit?: CommitBasic;
}

/** `GET /templates/gitlab_ci_ymls/:key` (Entities::Template). */
export interface CiTemplate {
  readonly name: string;
  readonly content: string;
}

/** `GET /pipelines/:id/test_report` (`TestReportEntity` with `details: true`). */
export interface TestReport {
  readonly total_count: number;
  readonly failed_count?: number;
  readonly error_count?: number;
  readonly test_suites: readonly TestSuite[];
}

/** One suite per job, named after the job (its group name for `parallel: N`): `Ci::Build#test_suite_name`. */
export interface TestSuite {
  readonly name: string;
  readonly total_count?: number;
  readonly failed_count?: number;
  readonly error_count?: number;
  /** Set when GitLab could not parse the job's JUnit file; `test_cases` is then empty. */
  readonly suite_error?: string | null;
  readonly test_cases: readonly TestCase[];
}

/** `TestCaseEntity`. `status` is `success`, `failed`, `skipped` or `error`. */
export interface TestCase {
  readonly status: string;
  readonly name: string;
  readonly classname?: string | null;
  /** The JUnit `file` attribute, relative to the project (`./spec/x_spec.rb`), when the reporter wrote one. */
  readonly file?: string | null;
  readonly execution_time?: number | null;
  readonly system_output?: string | null;
  readonly stack_trace?: string | null;
}
