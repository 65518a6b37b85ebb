/**
 * The one file that imports @gitbeaker/rest. gitbeaker supplies the endpoint catalogue
 * (paths, parameter names, pagination by Link); the wire is our {@link GitLabTransport},
 * plugged in through gitbeaker's `requesterFn` hook, because the stock requester cannot
 * send If-None-Match, hides 304s, follows redirects with the token and retries writes.
 *
 * Each call builds its gitbeaker resource with a requester bound to a per-call record,
 * so concurrent calls each learn whether all of *their* pages came back 304.
 */
// Only types at load: gitbeaker itself is imported on the first request (see `library`).
import type * as Gitbeaker from '@gitbeaker/rest';
import type { ArtifactFileOptions, GitLabApi, PageOptions, ProjectRef, ReaderApi, ReadResult } from './client';
import type { Expected } from './entityShapes';
import { EXPECTED, shapeProblem } from './entityShapes';
import { UnexpectedAnswerError } from './errors';
import type { GitLabInstance } from './instance';
import type {
  Branch, Bridge, CiLintResult, CompareResult, CurrentUser, Deployment, DeploymentApproval, Environment, Job, JobVariable,
  MergeRequest, Pipeline, PipelineBasic, PipelineVariable, Project, TestReport, TokenInfo, CommitBasic, RepositoryFile, Release, CiTemplate, GraphqlAnswer,
} from './models';
import type { HttpMethod, TransportOptions } from './transport';
import { GitLabTransport } from './transport';

export type GitbeakerApiOptions = TransportOptions;

/** Builds the production {@link GitLabApi} for one signed-in instance and its token. */
export function createGitbeakerApi(options: GitbeakerApiOptions): GitbeakerApi {
  return new GitbeakerApi(new GitLabTransport(options), options.instance, options.timeoutMs ?? 30_000);
}

type ResourceOptions = NonNullable<ConstructorParameters<typeof Gitbeaker.Jobs>[0]>;
/** Picks one of gitbeaker's resource classes from the loaded library. */
type ResourcePick<R> = (library: typeof Gitbeaker) => new (options: ResourceOptions) => R;

/**
 * gitbeaker, imported when the first request is made rather than with the extension: evaluating it
 * is the largest part of loading the bundle, and an editor that never signs in never needs it.
 */
function library(): Promise<typeof Gitbeaker> {
  return import('@gitbeaker/rest');
}

/**
 * The library, loaded once per client: each `import()` of a CommonJS module builds a fresh
 * namespace object copying all of gitbeaker's exports (TypeScript's `__importStar`, esbuild's
 * `__toESM`), which profiling showed as the largest single cost of a 304 answer.
 */
class LibraryOnce {
  private loaded: Promise<typeof Gitbeaker> | undefined;

  get(): Promise<typeof Gitbeaker> {
    this.loaded ??= library();
    return this.loaded;
  }
}
type RequesterFn = NonNullable<ResourceOptions['requesterFn']>;
type Requester = ReturnType<RequesterFn>;
/** gitbeaker's raw request options (before its own options handler, which we replace). */
interface RawOptions {
  readonly searchParams?: Record<string, unknown>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/**
 * gitbeaker's unions for some filters lag GitLab's (no `waiting_for_callback` pipeline
 * status, no `blocked` deployment status, no `finished_at` order); GitLab accepts them
 * and they reach the wire unchanged, so our wider filter types are narrowed here.
 */
type LaggingFilter<R, M extends keyof R> = R[M] extends (project: ProjectRef, options?: infer O) => unknown ? NonNullable<O> : never;

class CallRecord {
  constructor(readonly expected: Expected<unknown>, readonly readOnly = false, readonly maxBodyBytes?: number) {}
  gets = 0;
  notModified = 0;
  get unchanged(): boolean {
    return this.gets > 0 && this.gets === this.notModified;
  }
}

const DEFAULT_PAGE: Required<PageOptions> = { perPage: 100, maxPages: 10 };
/** `/api/graphql`, relative to the REST base `/api/v4/` the transport resolves endpoints against. */
const GRAPHQL_ENDPOINT = '../graphql';

export class GitbeakerApi implements ReaderApi {
  constructor(
    private readonly transport: GitLabTransport,
    readonly instance: GitLabInstance,
    private readonly timeoutMs: number,
    /** Whose conditional reads these are (see `WireRequest.reader`); undefined: the shared scope. */
    private readonly reader?: string,
    private readonly gitbeaker: LibraryOnce = new LibraryOnce(),
  ) {}

  /** Drops ETags and cached bodies, e.g. on sign-out. */
  clearCache(): void {
    this.transport.clearCache();
  }

  forReader(reader: string): GitbeakerApi {
    return new GitbeakerApi(this.transport, this.instance, this.timeoutMs, reader, this.gitbeaker);
  }

  /** Drops what this reader holds (no-op for the shared scope, which `clearCache` empties). */
  release(): void {
    if (this.reader !== undefined) this.transport.forgetReader(this.reader);
  }

  currentUser(): Promise<ReadResult<CurrentUser>> {
    return this.read(EXPECTED.currentUser, (g) => g.Users, (r) => r.showCurrentUser());
  }

  tokenScopes(): Promise<ReadResult<TokenInfo>> {
    return this.read(EXPECTED.tokenInfo, (g) => g.PersonalAccessTokens, (r) => r.show());
  }

  project(project: ProjectRef): Promise<ReadResult<Project>> {
    return this.read(EXPECTED.project, (g) => g.Projects, (r) => r.show(project));
  }

  branches(project: ProjectRef, options: { readonly search?: string } & PageOptions = {}): Promise<ReadResult<Branch[]>> {
    return this.read(EXPECTED.branches, (g) => g.Branches, (r) => r.all(project, { ...page(options), ...(options.search ? { search: options.search } : {}) }));
  }

  mergeRequestsForBranch(project: ProjectRef, branch: string): Promise<ReadResult<MergeRequest[]>> {
    return this.read(EXPECTED.mergeRequests, (g) => g.MergeRequests, (r) => r.all({ projectId: project, sourceBranch: branch, state: 'opened', perPage: 20, maxPages: 1 }));
  }

  mrPipelines(project: ProjectRef, mergeRequestIid: number, options: PageOptions = { perPage: 20, maxPages: 1 }): Promise<ReadResult<PipelineBasic[]>> {
    return this.read(EXPECTED.pipelines, (g) => g.MergeRequests, (r) => r.allPipelines(project, mergeRequestIid, page(options)));
  }

  pipelines(project: ProjectRef, filter: Parameters<GitLabApi['pipelines']>[1] = {}): Promise<ReadResult<PipelineBasic[]>> {
    const { perPage: _p, maxPages: _m, ...filters } = filter;
    return this.read(EXPECTED.pipelines, (g) => g.Pipelines, (r) => r.all(project, { ...(definedOnly(filters) as LaggingFilter<Gitbeaker.Pipelines, 'all'>), ...page(filter) }));
  }

  pipeline(project: ProjectRef, pipelineId: number): Promise<ReadResult<Pipeline>> {
    return this.read(EXPECTED.pipeline, (g) => g.Pipelines, (r) => r.show(project, pipelineId));
  }

  pipelineJobs(project: ProjectRef, pipelineId: number, options: { readonly includeRetried?: boolean } = {}): Promise<ReadResult<Job[]>> {
    return this.read(EXPECTED.jobs, (g) => g.Jobs, (r) => r.all(project, { pipelineId, includeRetried: options.includeRetried ?? false, ...page({}) }));
  }

  pipelineBridges(project: ProjectRef, pipelineId: number): Promise<ReadResult<Bridge[]>> {
    return this.read(EXPECTED.bridges, (g) => g.Jobs, (r) => r.allPipelineBridges(project, pipelineId));
  }

  job(project: ProjectRef, jobId: number): Promise<ReadResult<Job>> {
    return this.read(EXPECTED.job, (g) => g.Jobs, (r) => r.show(project, jobId));
  }

  pipelineTestReport(project: ProjectRef, pipelineId: number, options: Partial<ArtifactFileOptions> = {}): Promise<ReadResult<TestReport>> {
    return this.read(EXPECTED.testReport, (g) => g.Pipelines, (r) => r.showTestReport(project, pipelineId), options.maxBytes);
  }

  /**
   * Straight to the transport: gitbeaker's artifact download buffers the whole file as a blob,
   * where this must stop reading at `maxBytes` and hang up (a 50 MB report is never read whole).
   */
  async jobArtifactFile(project: ProjectRef, jobId: number, artifactPath: string, options: ArtifactFileOptions): Promise<string> {
    const path = artifactPath.split('/').filter((s) => s.length > 0).map(encodeURIComponent).join('/');
    const endpoint = `projects/${encodeURIComponent(String(project))}/jobs/${jobId}/artifacts/${path}`;
    const response = await this.transport.send({ method: 'GET', endpoint, rawText: true, maxBodyBytes: options.maxBytes, headers: { accept: '*/*' }, ...(this.reader !== undefined ? { reader: this.reader } : {}) });
    return this.fromWire(EXPECTED.artifactFile, response.body, false);
  }

  jobTrace(project: ProjectRef, jobId: number): Promise<ReadResult<string>> {
    return this.read(EXPECTED.jobLog, (g) => g.Jobs, (r) => r.showLog(project, jobId));
  }

  environments(project: ProjectRef, filter: Parameters<GitLabApi['environments']>[1] = {}): Promise<ReadResult<Environment[]>> {
    const { name, search, states } = filter;
    const which = name ? { name } : search ? { search } : {};
    return this.read(EXPECTED.environments, (g) => g.Environments, (r) => r.all(project, { ...which, ...(states ? { states } : {}), ...page({}) }));
  }

  deployments(project: ProjectRef, filter: Parameters<GitLabApi['deployments']>[1] = {}): Promise<ReadResult<Deployment[]>> {
    const { perPage: _p, maxPages: _m, ...filters } = filter;
    return this.read(EXPECTED.deployments, (g) => g.Deployments, (r) => r.all(project, { ...(definedOnly(filters) as LaggingFilter<Gitbeaker.Deployments, 'all'>), ...page(filter) }));
  }
  deployment(project: ProjectRef, deploymentId: number): Promise<ReadResult<Deployment>> {
    return this.read(EXPECTED.deployment, (g) => g.Deployments, (r) => r.show(project, deploymentId));
  }


  compare(project: ProjectRef, from: string, to: string): Promise<ReadResult<CompareResult>> {
    return this.read(EXPECTED.compare, (g) => g.Repositories, (r) => r.compare(project, from, to));
  }

  commit(project: ProjectRef, ref: string): Promise<ReadResult<CommitBasic>> {
    return this.read(EXPECTED.commit, (g) => g.Commits, (r) => r.show(project, ref));
  }

  repositoryFile(project: ProjectRef, filePath: string, ref: string): Promise<ReadResult<RepositoryFile>> {
    return this.read(EXPECTED.repositoryFile, (g) => g.RepositoryFiles, (r) => r.show(project, filePath, ref));
  }

  releases(project: ProjectRef, options: PageOptions = { perPage: 100, maxPages: 1 }): Promise<ReadResult<Release[]>> {
    return this.read(EXPECTED.releases, (g) => g.ProjectReleases, (r) => r.all(project, page(options)));
  }

  /**
   * A plain transport read: gitbeaker has the route (GitLabCIYMLTemplates) but prints a
   * deprecation warning on stderr at every call, which would land in the CLI's output.
   */
  async ciTemplate(key: string): Promise<ReadResult<CiTemplate>> {
    const response = await this.transport.send({ method: 'GET', endpoint: `templates/gitlab_ci_ymls/${encodeURIComponent(key)}`, ...(this.reader !== undefined ? { reader: this.reader } : {}) });
    return { data: this.fromWire(EXPECTED.ciTemplate, response.body, false), unchanged: response.notModified };
  }

  /**
   * A plain transport read, as gitbeaker has no GraphQL: the endpoint is written relative to the
   * REST base (`<url>/api/v4/`), so `../graphql` is `<url>/api/graphql`, the one path outside the
   * REST base the transport lets the token go to (`tokenMayBeSentTo`).
   */
  async graphql(query: string, variables: Readonly<Record<string, unknown>>): Promise<ReadResult<GraphqlAnswer>> {
    const search = new URLSearchParams({ query, variables: JSON.stringify(variables) }).toString();
    const response = await this.transport.send({ method: 'GET', endpoint: GRAPHQL_ENDPOINT, query: search, ...(this.reader !== undefined ? { reader: this.reader } : {}) });
    return { data: this.fromWire(EXPECTED.graphqlAnswer, response.body, false), unchanged: response.notModified };
  }

  playJob(project: ProjectRef, jobId: number, variables?: readonly JobVariable[]): Promise<Job> {
    const options = variables && variables.length > 0 ? { jobVariablesAttributes: variables.map(({ key, value }) => ({ key, value })) } : undefined;
    return this.write(EXPECTED.job, (g) => g.Jobs, (r) => r.play(project, jobId, options));
  }

  retryJob(project: ProjectRef, jobId: number): Promise<Job> {
    return this.write(EXPECTED.job, (g) => g.Jobs, (r) => r.retry(project, jobId));
  }

  cancelJob(project: ProjectRef, jobId: number): Promise<Job> {
    return this.write(EXPECTED.job, (g) => g.Jobs, (r) => r.cancel(project, jobId));
  }

  retryPipeline(project: ProjectRef, pipelineId: number): Promise<Pipeline> {
    return this.write(EXPECTED.pipeline, (g) => g.Pipelines, (r) => r.retry(project, pipelineId));
  }

  cancelPipeline(project: ProjectRef, pipelineId: number): Promise<Pipeline> {
    return this.write(EXPECTED.pipeline, (g) => g.Pipelines, (r) => r.cancel(project, pipelineId));
  }

  createPipeline(project: ProjectRef, ref: string, variables?: readonly PipelineVariable[]): Promise<Pipeline> {
    const options = variables && variables.length > 0
      ? { variables: variables.map((v) => ({ key: v.key, value: v.value, variable_type: v.variable_type ?? 'env_var' })) }
      : undefined;
    return this.write(EXPECTED.pipeline, (g) => g.Pipelines, (r) => r.create(project, ref, options));
  }

  approveDeployment(project: ProjectRef, deploymentId: number, comment?: string): Promise<DeploymentApproval> {
    return this.write(EXPECTED.approval, (g) => g.Deployments, (r) => r.setApproval(project, deploymentId, 'approved', comment ? { comment } : undefined));
  }

  rejectDeployment(project: ProjectRef, deploymentId: number, comment?: string): Promise<DeploymentApproval> {
    return this.write(EXPECTED.approval, (g) => g.Deployments, (r) => r.setApproval(project, deploymentId, 'rejected', comment ? { comment } : undefined));
  }

  ciLint(project: ProjectRef, content: string, options: Parameters<GitLabApi['ciLint']>[2] = {}): Promise<CiLintResult> {
    return this.write(EXPECTED.ciLint, (g) => g.Lint, (r) => r.lint(project, content, definedOnly({ dryRun: options.dryRun, ref: options.ref, includeJobs: options.includeJobs })), { readOnly: true });
  }

  private async read<R, T>(expected: Expected<T>, pick: ResourcePick<R>, call: (resource: R) => Promise<unknown>, maxBodyBytes?: number): Promise<ReadResult<T>> {
    const record = new CallRecord(expected, false, maxBodyBytes);
    const data = await call(this.resource(pick(await this.gitbeaker.get()), record));
    return { data: this.fromWire(expected, data, false), unchanged: record.unchanged };
  }

  private async write<R, T>(expected: Expected<T>, pick: ResourcePick<R>, call: (resource: R) => Promise<unknown>, options: { readonly readOnly?: boolean } = {}): Promise<T> {
    const record = new CallRecord(expected, options.readOnly ?? false);
    return this.fromWire(expected, await call(this.resource(pick(await this.gitbeaker.get()), record)), !record.readOnly);
  }

  /** The one door from the wire to the models: the answer is checked against what the call promises. */
  private fromWire<T>(expected: Expected<T>, value: unknown, write: boolean): T {
    const problem = shapeProblem(expected, value);
    if (problem) throw new UnexpectedAnswerError({ host: this.instance.hostname, ...problem, write });
    return value as T;
  }

  private resource<R>(Resource: new (options: ResourceOptions) => R, record: CallRecord): R {
    // No token goes to gitbeaker: the transport attaches it after checking the target. Nor its
    // timeout: the transport times every request itself (`timeoutMs`), and gitbeaker's would add
    // a second timer signal per request, joined to ours with AbortSignal.any (profiled at scale).
    return new Resource({ host: this.instance.url, requesterFn: this.requesterFor(record), queryTimeout: null });
  }

  private requesterFor(record: CallRecord): RequesterFn {
    const send = (method: HttpMethod) => async (endpoint: string, options: RawOptions = {}) => {
      const query = toQuery(options.searchParams);
      const body = options.body === undefined ? undefined : JSON.stringify(decamelizeDeep(options.body));
      const response = await this.transport.send({
        method, endpoint, ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}), ...(options.signal ? { signal: options.signal } : {}), ...(this.reader !== undefined ? { reader: this.reader } : {}), ...(record.readOnly ? { readOnly: true } : {}), ...(record.maxBodyBytes !== undefined ? { maxBodyBytes: record.maxBodyBytes } : {}),
      });
      if (method === 'GET') {
        record.gets++;
        if (response.notModified) record.notModified++;
        // gitbeaker spreads each further page into the list; a page that is not a list must stop here, in words.
        if (record.expected.list && record.gets > 1 && !Array.isArray(response.body)) {
          throw new UnexpectedAnswerError({ host: this.instance.hostname, answer: 'wrong-shape', what: record.expected.name });
        }
      }
      // gitbeaker reads only body/headers/status; 304s are reported as 200 so it treats them as data.
      return { body: response.body, headers: response.headers, status: response.notModified ? 200 : response.status };
    };
    const requester = { get: send('GET'), post: send('POST'), put: send('PUT'), patch: send('PATCH'), delete: send('DELETE') };
    // gitbeaker types each verb as generic over the body type it promises its caller; the
    // JSON from the wire is untyped, and fromWire() is where it meets our models.
    return () => requester as unknown as Requester;
  }
}

function page(options: PageOptions): { perPage: number; maxPages: number } {
  return { perPage: options.perPage ?? DEFAULT_PAGE.perPage, maxPages: options.maxPages ?? DEFAULT_PAGE.maxPages };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** gitbeaker hands over camelCase option names; GitLab wants snake_case. */
function decamelize(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function decamelizeDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decamelizeDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [decamelize(k), decamelizeDeep(v)]));
  }
  return value;
}

/** Query string in GitLab's style: snake_case names, arrays as `name[]=a&name[]=b`. */
function toQuery(params: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    const name = decamelize(key);
    if (Array.isArray(value)) for (const item of value) search.append(`${name}[]`, scalar(item));
    else search.append(name, scalar(value));
  }
  return search.toString();
}

function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}
