// The fake GitLab's data, with a typed API tests use to arrange what the server answers.
// Pipelines are created and moved by pipelineFactory.ts, simulation.ts and actions.ts.
import { createHash } from 'node:crypto';
import type { Clock } from './clock';
import { guessTier } from './statusRules';
import type {
  AccessLevel, ApprovalRule, Commit, DeployAccessLevel, Deployment, Environment, EnvironmentTier, Job,
  MergeRequest, Pipeline, PipelineSpecResolver, Project, ProtectedEnvironment, Release, Token, TokenScope, User,
} from './model';
import { ACCESS, fullPath } from './model';

export interface NewProject {
  /** Full path, e.g. `group/demo-service` (subgroups allowed). */
  readonly path: string;
  readonly defaultBranch?: string;
  readonly visibility?: Project['visibility'];
  readonly description?: string;
  readonly members?: readonly { readonly user: User; readonly access: AccessLevel }[];
  readonly ciConfig?: string;
  readonly resolveSpec?: PipelineSpecResolver;
  readonly allowTriggererToApprove?: boolean;
}

/** A role or one user, as GitLab's protected-environment rules name them. */
export type Who = { readonly accessLevel: AccessLevel } | { readonly userId: number };

export interface NewProtectedEnvironment {
  readonly name: string;
  readonly deployAccess?: readonly Who[];
  readonly approvalRules?: readonly (Who & { readonly requiredApprovals?: number })[];
  readonly requiredApprovalCount?: number;
}

export class FakeGitLabState {
  /** Origin used in web_url fields; the server sets it once it listens. */
  webUrl = 'http://127.0.0.1';
  readonly users = new Map<number, User>();
  readonly tokens = new Map<number, Token>();
  readonly projects = new Map<number, Project>();
  readonly mergeRequests = new Map<number, MergeRequest>();
  readonly pipelines = new Map<number, Pipeline>();
  readonly jobs = new Map<number, Job>();
  readonly environments = new Map<number, Environment>();
  readonly protectedEnvironments: ProtectedEnvironment[] = [];
  readonly deployments = new Map<number, Deployment>();
  /** The instance's CI templates (`GET /templates/gitlab_ci_ymls`), by key (`Jobs/Build` for `Jobs/Build.gitlab-ci.yml`). */
  readonly ciTemplates = new Map<string, string>();
  private readonly sequences = new Map<string, number>();
  private readonly jobsByPipeline = new Map<number, Job[]>();

  /**
   * GitLab's admin setting `archive_builds_in_seconds` ("Archive jobs"): jobs created longer ago
   * are archived, and an archived job is not retryable (`Ci::Build#archived?`). Null: never.
   */
  archiveBuildsInSeconds: number | null = null;

  constructor(readonly clock: Clock) {}

  nextId(kind: string): number {
    const next = (this.sequences.get(kind) ?? 0) + 1;
    this.sequences.set(kind, next);
    return next;
  }

  addUser(input: { username: string; name?: string; email?: string }): User {
    const user: User = {
      id: this.nextId('user'),
      username: input.username,
      name: input.name ?? input.username,
      email: input.email ?? `${input.username}@example.com`,
      createdAt: this.clock.now(),
    };
    this.users.set(user.id, user);
    return user;
  }

  addToken(input: { user: User; value: string; scopes?: readonly TokenScope[]; name?: string; revoked?: boolean; expiresAt?: number | null }): Token {
    const token: Token = {
      id: this.nextId('token'),
      name: input.name ?? `${input.user.username}-token`,
      value: input.value,
      userId: input.user.id,
      scopes: input.scopes ?? ['api'],
      createdAt: this.clock.now(),
      revoked: input.revoked ?? false,
      expiresAt: input.expiresAt ?? null,
      lastUsedAt: null,
    };
    this.tokens.set(token.id, token);
    return token;
  }

  findToken(value: string): Token | undefined {
    return [...this.tokens.values()].find((t) => t.value === value);
  }

  revokeToken(value: string): void {
    const token = this.findToken(value);
    if (!token) throw new Error('no such token');
    token.revoked = true;
  }

  addProject(input: NewProject): Project {
    const slash = input.path.lastIndexOf('/');
    if (slash <= 0) throw new Error(`project path needs a namespace: ${input.path}`);
    const project: Project = {
      id: this.nextId('project'),
      name: input.path.slice(slash + 1),
      path: input.path.slice(slash + 1),
      namespace: input.path.slice(0, slash),
      description: input.description ?? '',
      createdAt: this.clock.now(),
      visibility: input.visibility ?? 'private',
      defaultBranch: input.defaultBranch ?? 'main',
      members: new Map((input.members ?? []).map((m) => [m.user.id, m.access])),
      ciConfig: input.ciConfig ?? '',
      resolveSpec: input.resolveSpec ?? (() => undefined),
      allowTriggererToApprove: input.allowTriggererToApprove ?? false,
      commits: new Map(),
      branches: new Map(),
      protectedBranches: new Set(),
      tags: new Map(),
      releases: [],
    };
    this.projects.set(project.id, project);
    this.addCommit(project, { branch: project.defaultBranch, title: 'Initial commit' });
    project.protectedBranches.add(project.defaultBranch);
    return project;
  }

  /** Finds a project by numeric id or by full path (case-insensitive, like GitLab). */
  findProject(idOrPath: string): Project | undefined {
    if (/^\d+$/.test(idOrPath)) return this.projects.get(Number(idOrPath));
    const wanted = idOrPath.toLowerCase();
    return [...this.projects.values()].find((p) => fullPath(p).toLowerCase() === wanted);
  }

  accessOf(project: Project, user: User): AccessLevel | 0 {
    return project.members.get(user.id) ?? 0;
  }

  addMember(project: Project, user: User, access: AccessLevel): void {
    project.members.set(user.id, access);
  }

  /** Adds a commit on top of a branch (creating the branch from the default branch if needed). */
  addCommit(project: Project, input: { branch: string; title: string; message?: string; author?: User; files?: Readonly<Record<string, string | null>> }): Commit {
    const parent = project.branches.get(input.branch) ?? project.branches.get(project.defaultBranch);
    // The tree: the parent's files, with this commit's changes (null deletes a file).
    const files = new Map(parent ? project.commits.get(parent)?.files : undefined);
    for (const [path, content] of Object.entries(input.files ?? {})) {
      if (content === null) files.delete(path);
      else files.set(path, content);
    }
    const sequence = this.nextId('commit');
    const sha = createHash('sha1').update(`${project.id}:${sequence}:${input.title}`).digest('hex');
    const author = input.author;
    const commit: Commit = {
      sha,
      parentIds: parent ? [parent] : [],
      title: input.title,
      message: input.message ?? `${input.title}\n`,
      authorName: author?.name ?? 'Demo Author',
      authorEmail: author?.email ?? 'author@example.com',
      createdAt: this.clock.now(),
      files,
    };
    project.commits.set(sha, commit);
    project.branches.set(input.branch, sha);
    return commit;
  }

  addBranch(project: Project, name: string, from: string = project.defaultBranch): string {
    const sha = this.resolveRef(project, from);
    if (!sha) throw new Error(`unknown ref ${from}`);
    project.branches.set(name, sha);
    return sha;
  }

  /** Tags `ref` (a branch, tag or SHA) as `name`. */
  addTag(project: Project, name: string, ref: string = project.defaultBranch): string {
    const sha = this.resolveRef(project, ref);
    if (!sha) throw new Error(`unknown ref ${ref}`);
    project.tags.set(name, sha);
    return sha;
  }

  /** Releases a tag (created at `ref` when it does not exist yet), as a CI/CD catalog version is published. */
  addRelease(project: Project, input: { tagName: string; ref?: string; name?: string }): Release {
    const sha = project.tags.get(input.tagName) ?? this.addTag(project, input.tagName, input.ref);
    const release: Release = { tagName: input.tagName, name: input.name ?? input.tagName, sha, createdAt: this.clock.now(), releasedAt: this.clock.now() };
    project.releases.push(release);
    return release;
  }

  /** A branch name, a tag, a full or short SHA, or `refs/merge-requests/<iid>/head` (branches win over tags, as in Gitaly's lookup). */
  resolveRef(project: Project, ref: string): string | undefined {
    const branch = project.branches.get(ref) ?? project.tags.get(ref);
    if (branch) return branch;
    const mr = /^refs\/merge-requests\/(\d+)\/head$/.exec(ref);
    if (mr) {
      const request = this.findMergeRequest(project, Number(mr[1]));
      return request ? project.branches.get(request.sourceBranch) : undefined;
    }
    if (/^[0-9a-f]{7,40}$/.test(ref)) return [...project.commits.keys()].find((sha) => sha.startsWith(ref));
    return undefined;
  }

  /** Commits reachable from `sha`, newest first. */
  history(project: Project, sha: string): Commit[] {
    const out: Commit[] = [];
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      const commit = project.commits.get(next);
      if (!commit || seen.has(next)) continue;
      seen.add(next);
      out.push(commit);
      queue.push(...commit.parentIds);
    }
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }

  addMergeRequest(project: Project, input: { sourceBranch: string; targetBranch: string; title: string; author: User; description?: string }): MergeRequest {
    const iid = this.nextId(`mr:${project.id}`);
    const mr: MergeRequest = {
      id: this.nextId('mr'),
      iid,
      projectId: project.id,
      title: input.title,
      description: input.description ?? '',
      sourceBranch: input.sourceBranch,
      targetBranch: input.targetBranch,
      authorId: input.author.id,
      createdAt: this.clock.now(),
      state: 'opened',
      updatedAt: this.clock.now(),
    };
    this.mergeRequests.set(mr.id, mr);
    return mr;
  }

  findMergeRequest(project: Project, iid: number): MergeRequest | undefined {
    return [...this.mergeRequests.values()].find((m) => m.projectId === project.id && m.iid === iid);
  }

  ensureEnvironment(project: Project, name: string, tier?: EnvironmentTier, url?: string): Environment {
    const existing = this.findEnvironment(project, name);
    if (existing) return existing;
    const env: Environment = {
      id: this.nextId('environment'),
      projectId: project.id,
      name,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24),
      tier: tier ?? guessTier(name),
      externalUrl: url ?? null,
      createdAt: this.clock.now(),
      state: 'available',
      updatedAt: this.clock.now(),
    };
    this.environments.set(env.id, env);
    return env;
  }

  findEnvironment(project: Project, name: string): Environment | undefined {
    return [...this.environments.values()].find((e) => e.projectId === project.id && e.name === name);
  }

  protectEnvironment(project: Project, input: NewProtectedEnvironment): ProtectedEnvironment {
    const deployAccessLevels: DeployAccessLevel[] = (input.deployAccess ?? [{ accessLevel: ACCESS.maintainer }]).map((a) => ({
      id: this.nextId('deployAccess'),
      accessLevel: 'accessLevel' in a ? a.accessLevel : null,
      userId: 'userId' in a ? a.userId : null,
    }));
    const approvalRules: ApprovalRule[] = (input.approvalRules ?? []).map((r) => ({
      id: this.nextId('approvalRule'),
      accessLevel: 'accessLevel' in r ? r.accessLevel : null,
      userId: 'userId' in r ? r.userId : null,
      requiredApprovals: r.requiredApprovals ?? 1,
    }));
    const protectedEnv: ProtectedEnvironment = {
      projectId: project.id,
      name: input.name,
      deployAccessLevels,
      approvalRules,
      requiredApprovalCount: input.requiredApprovalCount ?? 0,
    };
    const at = this.protectedEnvironments.findIndex((p) => p.projectId === project.id && p.name === input.name);
    if (at >= 0) this.protectedEnvironments.splice(at, 1, protectedEnv);
    else this.protectedEnvironments.push(protectedEnv);
    return protectedEnv;
  }

  findProtectedEnvironment(projectId: number, name: string): ProtectedEnvironment | undefined {
    return this.protectedEnvironments.find((p) => p.projectId === projectId && p.name === name);
  }

  projectOf(entity: { projectId: number }): Project {
    const project = this.projects.get(entity.projectId);
    if (!project) throw new Error(`no project ${entity.projectId}`);
    return project;
  }

  pipelineOf(job: Job): Pipeline {
    const pipeline = this.pipelines.get(job.pipelineId);
    if (!pipeline) throw new Error(`no pipeline ${job.pipelineId}`);
    return pipeline;
  }

  userOf(id: number): User {
    const user = this.users.get(id);
    if (!user) throw new Error(`no user ${id}`);
    return user;
  }

  /** Stores a job; use this rather than `jobs.set` so pipelines find their jobs quickly. */
  storeJob(job: Job): void {
    this.jobs.set(job.id, job);
    const list = this.jobsByPipeline.get(job.pipelineId) ?? [];
    list.push(job);
    this.jobsByPipeline.set(job.pipelineId, list);
  }

  /** Jobs of a pipeline in creation order; retried attempts only when asked. */
  jobsOf(pipeline: Pipeline, options: { includeRetried?: boolean } = {}): Job[] {
    return (this.jobsByPipeline.get(pipeline.id) ?? []).filter((j) => options.includeRetried === true || !j.retried);
  }

  /** The current (not retried) job with that name in a pipeline. */
  findJob(pipeline: Pipeline, name: string): Job | undefined {
    return this.jobsOf(pipeline).find((j) => j.name === name);
  }

  pipelinesOf(project: Project): Pipeline[] {
    return [...this.pipelines.values()].filter((p) => p.projectId === project.id);
  }

  deploymentOfJob(job: Job): Deployment | undefined {
    return [...this.deployments.values()].find((d) => d.jobId === job.id);
  }
}
