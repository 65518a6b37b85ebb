/**
 * The GitLab calls Release Pilot needs, as one small interface. Everything outside the
 * adapter (lanes, gates, commands, tests) depends on this, never on the HTTP library,
 * so a fake can stand in and a GraphQL or push source can replace polling later.
 *
 * Conventions for implementations:
 * - Reads resolve to {@link ReadResult}: the data plus `unchanged`, true when GitLab
 *   confirmed (HTTP 304 for every page) that nothing changed since this client last read
 *   the same URL. A server that sends no ETag simply always reports `unchanged: false`.
 *   A reader that acts on `unchanged` while others read the same URL takes its own view
 *   with {@link GitLabApi.forReader}, so "this client" is that reader alone.
 * - Writes (play, retry, cancel, create, approve, reject) are sent exactly once: never
 *   retried automatically, whatever the outcome. Callers decide what to do on failure.
 * - Failures reject with a {@link GitLabError} subclass (see `errors.ts`) whose message
 *   is safe to show and never contains the token.
 */
import type { GitLabInstance } from './instance';
import type {
  Branch, Bridge, CiLintResult, CiStatus, CompareResult, CurrentUser, Deployment, DeploymentApproval, DeploymentStatus,
  Environment, Job, JobVariable, MergeRequest, Pipeline, PipelineBasic, PipelineVariable, Project, TestReport, TokenInfo,
  CommitBasic, RepositoryFile, Release, CiTemplate, GraphqlAnswer,
} from './models';

export interface ReadResult<T> {
  readonly data: T;
  /** True when the server confirmed the data is the same as at this client's previous read of it. */
  readonly unchanged: boolean;
}

/** A numeric project id or its full path (`group/sub/project`); implementations encode paths. */
export type ProjectRef = number | string;

export interface PageOptions {
  /** Items per page (GitLab caps at 100). */
  readonly perPage?: number;
  /** Stop after this many pages; needs `perPage`. */
  readonly maxPages?: number;
}

export interface PipelineFilter extends PageOptions {
  readonly ref?: string;
  readonly sha?: string;
  readonly status?: CiStatus;
  /** e.g. `push`, `web`, `merge_request_event`, `parent_pipeline`. */
  readonly source?: string;
  /** ISO 8601; GitLab keeps pipelines whose `updated_at` is at or after it (inclusive). */
  readonly updatedAfter?: string;
  readonly orderBy?: 'id' | 'status' | 'ref' | 'updated_at' | 'user_id';
  /** GitLab's default for pipelines is `desc`. */
  readonly sort?: 'asc' | 'desc';
}

export interface DeploymentFilter extends PageOptions {
  readonly status?: DeploymentStatus;
  readonly environment?: string;
  readonly orderBy?: 'id' | 'iid' | 'created_at' | 'updated_at' | 'finished_at' | 'ref';
  readonly sort?: 'asc' | 'desc';
}

export interface EnvironmentFilter {
  readonly name?: string;
  readonly search?: string;
  readonly states?: 'available' | 'stopping' | 'stopped';
}

export interface CiLintOptions {
  /** Simulate pipeline creation for `ref` instead of a static check. */
  readonly dryRun?: boolean;
  readonly ref?: string;
  readonly includeJobs?: boolean;
}

export interface ArtifactFileOptions {
  /** Stop reading past this many bytes (after decompression) and drop the connection: the read fails as too large. */
  readonly maxBytes: number;
}

export interface GitLabApi {
  /** The instance this client talks to; its token never leaves that origin. */
  readonly instance: GitLabInstance;

  /** `GET /user`: validates the token at sign-in. */
  currentUser(): Promise<ReadResult<CurrentUser>>;
  /** `GET /personal_access_tokens/self`: the token's scopes (see {@link tokenCapabilities}). */
  tokenScopes(): Promise<ReadResult<TokenInfo>>;
  project(project: ProjectRef): Promise<ReadResult<Project>>;
  branches(project: ProjectRef, options?: { readonly search?: string } & PageOptions): Promise<ReadResult<Branch[]>>;
  /** Open merge requests whose source branch is `branch`. */
  mergeRequestsForBranch(project: ProjectRef, branch: string): Promise<ReadResult<MergeRequest[]>>;
  /** Pipelines of a merge request, newest first. */
  mrPipelines(project: ProjectRef, mergeRequestIid: number, options?: PageOptions): Promise<ReadResult<PipelineBasic[]>>;
  /** Pipelines of the project, newest first. */
  pipelines(project: ProjectRef, filter?: PipelineFilter): Promise<ReadResult<PipelineBasic[]>>;
  pipeline(project: ProjectRef, pipelineId: number): Promise<ReadResult<Pipeline>>;
  /** Jobs of a pipeline (trigger jobs excluded: see {@link GitLabApi.pipelineBridges}). */
  pipelineJobs(project: ProjectRef, pipelineId: number, options?: { readonly includeRetried?: boolean }): Promise<ReadResult<Job[]>>;
  /** Trigger jobs of a pipeline with the downstream pipeline each started. */
  pipelineBridges(project: ProjectRef, pipelineId: number): Promise<ReadResult<Bridge[]>>;
  job(project: ProjectRef, jobId: number): Promise<ReadResult<Job>>;
  /** `GET /pipelines/:id/test_report`: the JUnit reports of the pipeline's latest jobs, parsed by GitLab, one suite per job. */
  pipelineTestReport(project: ProjectRef, pipelineId: number, options?: ArtifactFileOptions): Promise<ReadResult<TestReport>>;
  /**
   * `GET /jobs/:id/artifacts/*path`: one file of the job's artifacts archive, as text, read up to
   * `maxBytes` (GitLab sends whole files; a larger one is cut off, never read whole). 404 when the
   * job has no archive or the archive has no such file.
   */
  jobArtifactFile(project: ProjectRef, jobId: number, artifactPath: string, options: ArtifactFileOptions): Promise<string>;
  /** The whole log, as GitLab has no offset support on this route. */
  jobTrace(project: ProjectRef, jobId: number): Promise<ReadResult<string>>;
  environments(project: ProjectRef, filter?: EnvironmentFilter): Promise<ReadResult<Environment[]>>;
  deployments(project: ProjectRef, filter?: DeploymentFilter): Promise<ReadResult<Deployment[]>>;
  /** One deployment; only this read carries `approval_summary` (who approved, what is missing). */
  deployment(project: ProjectRef, deploymentId: number): Promise<ReadResult<Deployment>>;
  /** `GET /projects/:id/repository/commits/:ref`: the commit a branch, tag or SHA names. */
  commit(project: ProjectRef, ref: string): Promise<ReadResult<CommitBasic>>;
  /** `GET /projects/:id/repository/files/:path?ref=`: a file (base64) and the commit `ref` resolved to. */
  repositoryFile(project: ProjectRef, filePath: string, ref: string): Promise<ReadResult<RepositoryFile>>;
  /** `GET /projects/:id/releases`, newest first (GitLab's default order, `released_at` desc). */
  releases(project: ProjectRef, options?: PageOptions): Promise<ReadResult<Release[]>>;
  /** `GET /templates/gitlab_ci_ymls/:key`: one of the instance's CI templates. */
  ciTemplate(key: string): Promise<ReadResult<CiTemplate>>;
  /**
   * One GraphQL query, as `GET /api/graphql?query=…&variables=…` (GitLab routes GET and POST to
   * the same controller and refuses only mutations over GET): a GET is a conditional read like
   * any other, so the same question while nothing moved is answered 304. Resolves to the answer
   * envelope whatever it holds; `errors` in it are the caller's to judge. Optional: a fake that
   * has no GraphQL leaves it out, and callers use REST.
   */
  graphql?(query: string, variables: Readonly<Record<string, unknown>>): Promise<ReadResult<GraphqlAnswer>>;
  /** Commits reachable from `to` but not from `from`. */
  compare(project: ProjectRef, from: string, to: string): Promise<ReadResult<CompareResult>>;

  /** Plays a manual or delayed job. GitLab answers 400 "Unplayable Job" when that is no longer possible. */
  playJob(project: ProjectRef, jobId: number, variables?: readonly JobVariable[]): Promise<Job>;
  /** Retries a job; resolves to the new job (new id). */
  retryJob(project: ProjectRef, jobId: number): Promise<Job>;
  cancelJob(project: ProjectRef, jobId: number): Promise<Job>;
  retryPipeline(project: ProjectRef, pipelineId: number): Promise<Pipeline>;
  cancelPipeline(project: ProjectRef, pipelineId: number): Promise<Pipeline>;
  createPipeline(project: ProjectRef, ref: string, variables?: readonly PipelineVariable[]): Promise<Pipeline>;
  approveDeployment(project: ProjectRef, deploymentId: number, comment?: string): Promise<DeploymentApproval>;
  rejectDeployment(project: ProjectRef, deploymentId: number, comment?: string): Promise<DeploymentApproval>;
  /** Server-side lint of `content` (a POST that reads; never cached, never retried). */
  ciLint(project: ProjectRef, content: string, options?: CiLintOptions): Promise<CiLintResult>;
  /**
   * The same API as one reader: its conditional reads revalidate only bodies it received
   * itself, so its `unchanged` means "same as my previous read", whoever else reads the URL.
   * Optional: an implementation without conditional reads needs none.
   */
  forReader?(reader: string): ReaderApi;
}

/** A {@link GitLabApi} view owned by one reader; `release()` drops what it holds. */
export interface ReaderApi extends GitLabApi {
  release(): void;
}

/** What a token allows, from its scopes. */
export interface TokenCapabilities {
  /** Can read pipelines and jobs (`read_api` or `api`). */
  readonly canWatch: boolean;
  /** Can play, retry, cancel, approve and create (`api`). */
  readonly canAct: boolean;
}

const SCOPE_CAPABILITIES: Readonly<Record<string, Partial<TokenCapabilities>>> = {
  api: { canWatch: true, canAct: true },
  read_api: { canWatch: true },
};

export function tokenCapabilities(scopes: readonly string[]): TokenCapabilities {
  const granted = scopes.map((scope) => SCOPE_CAPABILITIES[scope] ?? {});
  return { canWatch: granted.some((g) => g.canWatch === true), canAct: granted.some((g) => g.canAct === true) };
}
