// The subset of GitLab's GraphQL schema the extension asks for, under GitLab's own type, field and
// argument names (app/graphql/types/project_type.rb, ci/pipeline_type.rb, deployment_type.rb and
// its EE extension, resolvers/concerns/resolves_pipelines.rb), run by a real GraphQL executor
// (graphql-js) so a query GitLab would refuse for its shape is refused here too.
import type { GraphQLSchema } from 'graphql';
import { buildSchema, GraphQLError } from 'graphql';
import { pendingApprovalCount, protectionOf, requiredApprovals } from '../approvals';
import type { Deployment, Pipeline, Project, User } from '../model';
import { ACCESS, fullPath } from '../model';
import { pipelineWebUrl } from '../payloads/pipelines';
import type { FakeGitLabState } from '../state';

export const GITLAB_SCHEMA_SDL = `
"""Time (GitLab's Types::TimeType): ISO 8601, whole seconds."""
scalar Time

enum PipelineStatusEnum { CREATED WAITING_FOR_RESOURCE PREPARING WAITING_FOR_CALLBACK PENDING RUNNING FAILED SUCCESS CANCELED CANCELING SKIPPED MANUAL SCHEDULED }
enum PipelineScopeEnum { RUNNING PENDING FINISHED BRANCHES TAGS }
enum DeploymentStatus { CREATED RUNNING SUCCESS FAILED CANCELED SKIPPED BLOCKED }
enum DeploymentsApprovalStatus { APPROVED REJECTED }
enum DeploymentApprovalSummaryStatus { APPROVED REJECTED PENDING_APPROVAL }

type Query {
  project(fullPath: ID!): Project
}

type Project {
  id: ID!
  fullPath: ID!
  name: String!
  pipelines(status: PipelineStatusEnum, scope: PipelineScopeEnum, ref: String, sha: String, source: String, updatedAfter: Time, updatedBefore: Time, username: String, after: String, before: String, first: Int, last: Int): PipelineConnection
  deployment(iid: ID!): Deployment
}

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

type PipelineConnection { count: Int! nodes: [Pipeline] pageInfo: PageInfo! }

type Pipeline {
  id: ID!
  iid: String!
  name: String
  sha: String
  ref: String
  status: PipelineStatusEnum!
  source: String
  createdAt: Time!
  updatedAt: Time!
  startedAt: Time
  finishedAt: Time
  path: String
}

type UserCore { id: ID! username: String! name: String! }

type DeploymentApproval { user: UserCore status: DeploymentsApprovalStatus createdAt: Time updatedAt: Time comment: String }

type DeploymentApprovalSummary { totalRequiredApprovals: Int totalPendingApprovalCount: Int status: DeploymentApprovalSummaryStatus }

type Deployment {
  id: ID
  iid: ID
  ref: String
  sha: String
  status: DeploymentStatus
  createdAt: Time
  updatedAt: Time
  finishedAt: Time
  pendingApprovalCount: Int
  approvals: [DeploymentApproval!]
  approvalSummary: DeploymentApprovalSummary
}
`;

/** What resolvers see of the request: the signed-in user (null: anonymous) and per-request counters. */
export interface GraphqlContext {
  readonly state: FakeGitLabState;
  readonly user: User | null;
  /** GitLab's `FieldCallCount`: how often each limited field resolved in this request. */
  readonly calls: Map<string, number>;
}

/** GitLab's connection pages stop at 100 (`default_max_page_size`). */
const MAX_PAGE_SIZE = 100;

/** Built once: the SDL does not change, and building it is the costly part. */
let schema: GraphQLSchema | undefined;
export function gitlabSchema(): GraphQLSchema {
  schema ??= buildSchema(GITLAB_SCHEMA_SDL);
  return schema;
}

/** The root value: graphql-js's default resolvers call these functions with (args, context). */
export const rootValue = {
  project: (args: { fullPath: string }, ctx: GraphqlContext) => {
    const project = ctx.state.findProject(args.fullPath);
    return project && level(ctx, project) >= 0 ? projectNode(project) : null;
  },
};

/** -1: may not see the project; else the user's role (0 for a public project's outsider). */
function level(ctx: GraphqlContext, project: Project): number {
  const access = ctx.user ? ctx.state.accessOf(project, ctx.user) : 0;
  if (access > 0 || project.visibility === 'public') return access;
  if (project.visibility === 'internal' && ctx.user) return 0;
  return -1;
}

/** `read_pipeline` / `read_deployment`: reporters of a private project, anyone who sees a public one. */
function mayReadCi(ctx: GraphqlContext, project: Project): boolean {
  const access = level(ctx, project);
  return access >= ACCESS.reporter || (access >= 0 && project.visibility === 'public');
}

function gid(model: string, id: number): string {
  return `gid://gitlab/${model}/${id}`;
}

/** Types::TimeType renders `value.iso8601`: no fraction of a second. */
function time(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface PipelineArgs {
  readonly status?: string;
  readonly scope?: string;
  readonly ref?: string;
  readonly sha?: string;
  readonly source?: string;
  readonly updatedAfter?: string;
  readonly updatedBefore?: string;
  readonly username?: string;
  readonly first?: number;
}

const SCOPES: Readonly<Record<string, (p: Pipeline) => boolean>> = {
  RUNNING: (p) => p.status === 'running',
  PENDING: (p) => p.status === 'pending',
  FINISHED: (p) => ['success', 'failed', 'canceled', 'skipped'].includes(p.status),
  BRANCHES: (p) => p.source !== 'merge_request_event',
  TAGS: () => false,
};

function projectNode(project: Project) {
  return {
    id: gid('Project', project.id),
    fullPath: fullPath(project),
    name: project.name,
    pipelines: (args: PipelineArgs, ctx: GraphqlContext) => {
      if (!mayReadCi(ctx, project)) return connection([]);
      const after = parseTime(args.updatedAfter, 'updatedAfter');
      const before = parseTime(args.updatedBefore, 'updatedBefore');
      // Ci::PipelinesFinder: the same filters as REST (UpdatedAtFilterable is inclusive), newest id first.
      const list = ctx.state.pipelinesOf(project)
        .filter((p) => args.status === undefined || p.status === args.status.toLowerCase())
        .filter((p) => args.scope === undefined || (SCOPES[args.scope]?.(p) ?? true))
        .filter((p) => args.ref === undefined || p.ref === args.ref)
        .filter((p) => args.sha === undefined || p.sha === args.sha)
        .filter((p) => args.source === undefined || p.source === args.source)
        .filter((p) => args.username === undefined || ctx.state.users.get(p.userId)?.username === args.username)
        .filter((p) => after === undefined || p.updatedAt >= after)
        .filter((p) => before === undefined || p.updatedAt <= before)
        .sort((a, b) => b.id - a.id);
      return connection(list.slice(0, Math.min(args.first ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE)), list.length, (p) => pipelineNode(ctx.state, p));
    },
    deployment: (args: { iid: string }, ctx: GraphqlContext) => {
      if (!mayReadCi(ctx, project)) return null;
      const deployment = [...ctx.state.deployments.values()].find((d) => d.projectId === project.id && String(d.iid) === args.iid);
      return deployment ? deploymentNode(ctx.state, deployment) : null;
    },
  };
}

function connection<T>(items: readonly T[], total = items.length, node: (item: T) => unknown = (item) => item) {
  return {
    count: total,
    nodes: items.map(node),
    pageInfo: { hasNextPage: total > items.length, hasPreviousPage: false, startCursor: null, endCursor: null },
  };
}

function pipelineNode(state: FakeGitLabState, p: Pipeline) {
  return {
    id: gid('Ci::Pipeline', p.id),
    iid: String(p.iid),
    name: p.name,
    sha: p.sha,
    ref: p.ref,
    status: p.status.toUpperCase(),
    source: p.source,
    createdAt: time(p.createdAt),
    updatedAt: time(p.updatedAt),
    startedAt: time(p.startedAt),
    finishedAt: time(p.finishedAt),
    path: new URL(pipelineWebUrl(state, p)).pathname,
  };
}

function deploymentNode(state: FakeGitLabState, d: Deployment) {
  const approvals = () => d.approvals.map((a) => {
    const user = state.userOf(a.userId);
    return { user: { id: gid('User', user.id), username: user.username, name: user.name }, status: a.status.toUpperCase(), createdAt: time(a.createdAt), updatedAt: time(a.createdAt), comment: a.comment };
  });
  return {
    id: gid('Deployment', d.id),
    iid: String(d.iid),
    ref: d.ref,
    sha: d.sha,
    status: d.status.toUpperCase(),
    createdAt: time(d.createdAt),
    updatedAt: time(d.updatedAt),
    finishedAt: time(d.finishedAt),
    // EE fields GitLab resolves for one deployment per request (Gitlab::Graphql::Limit::FieldCallCount).
    pendingApprovalCount: (_args: unknown, ctx: GraphqlContext) => limited(ctx, 'pendingApprovalCount', () => pendingApprovalCount(state, d)),
    approvals: (_args: unknown, ctx: GraphqlContext) => limited(ctx, 'approvals', approvals),
    approvalSummary: (_args: unknown, ctx: GraphqlContext) => limited(ctx, 'approvalSummary', () => {
      const required = requiredApprovals(protectionOf(state, d));
      const pending = pendingApprovalCount(state, d);
      const rejected = d.approvals.some((a) => a.status === 'rejected');
      return { totalRequiredApprovals: required, totalPendingApprovalCount: pending, status: rejected ? 'REJECTED' : pending === 0 ? 'APPROVED' : 'PENDING_APPROVAL' };
    }),
  };
}

/** GitLab's FieldCallCount(limit: 1) on the Deployment approval fields, with its message. */
function limited<T>(ctx: GraphqlContext, field: string, resolve: () => T): T {
  const count = (ctx.calls.get(field) ?? 0) + 1;
  ctx.calls.set(field, count);
  if (count > 1) throw new GraphQLError(`"${field}" field can be requested only for 1 Deployment(s) at a time.`);
  return resolve();
}

function parseTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new GraphQLError(`Argument '${name}' on Field 'pipelines' has an invalid value (${JSON.stringify(value)}). Expected type 'Time'.`);
  return ms;
}
