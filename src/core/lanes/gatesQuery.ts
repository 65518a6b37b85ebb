/**
 * The gates-waiting poll as one GraphQL query: what the change feed reads (the project's
 * pipelines updated at or after the newest one seen) and the approval state of the one
 * deployment waiting for approval, which no REST list carries (see gateDeployments.ts).
 *
 * Every name below is GitLab's (checked against its source):
 * - `Query.project(fullPath: ID!)`; `Project.pipelines` takes `updatedAfter: Time` (and `first`)
 *   from `ResolvesPipelines` (app/graphql/resolvers/concerns/resolves_pipelines.rb), the same
 *   `Ci::PipelinesFinder` the REST list uses, so the filter is the same inclusive one. It has no
 *   order argument: the finder's default, newest id first. The feed only needs the set.
 * - `Pipeline` (app/graphql/types/ci/pipeline_type.rb): `id` is a global ID
 *   (`gid://gitlab/Ci::Pipeline/123`), `iid` a String, `status` the upper-case `PipelineStatusEnum`,
 *   `ref` the pipeline's own ref (`refs/merge-requests/<iid>/head` for an MR pipeline, as in REST,
 *   which is how a new MR of the branch is noticed), `path` the page's path.
 * - `Project.deployment(iid: ID!)` (`Resolvers::DeploymentResolver.single`) and, on Premium
 *   (ee/app/graphql/ee/types/deployment_type.rb), `pendingApprovalCount`, `approvalSummary` and
 *   `approvals`, each resolvable for ONE deployment per request (`FieldCallCount, limit: 1`): so
 *   one query carries the approvals of one deployment, never more.
 * - `DeploymentApproval` (ee/app/graphql/types/deployments/approval_type.rb): `user`, `status`
 *   (`APPROVED` / `REJECTED`), `createdAt`, `comment`.
 *
 * An instance without those (Free, older GitLab) answers `errors`: the caller falls back to REST.
 */
import type { DeploymentApproval, DeploymentStatus, GraphqlAnswer, PipelineBasic } from '../gitlab/models';

export const GATES_QUERY = `query releasePilotGates($fullPath: ID!, $updatedAfter: Time!, $first: Int!, $deploymentIid: ID!) {
  project(fullPath: $fullPath) {
    id
    pipelines(updatedAfter: $updatedAfter, first: $first) {
      nodes { id iid sha ref status source createdAt updatedAt path }
    }
    deployment(iid: $deploymentIid) {
      iid
      status
      pendingApprovalCount
      approvals { status createdAt comment user { id username name } }
    }
  }
}`;

export interface GatesQueryInput {
  readonly projectPath: string;
  /** The change feed's cursor (ISO 8601). */
  readonly updatedAfter: string;
  /** The feed's page size (GitLab caps a connection page at 100). */
  readonly first: number;
  readonly deploymentIid: number;
}

export function gatesQueryVariables(input: GatesQueryInput): Record<string, unknown> {
  return { fullPath: input.projectPath, updatedAfter: input.updatedAfter, first: input.first, deploymentIid: String(input.deploymentIid) };
}

/** The approval state of the deployment the query asked about, in the REST models' words. */
export interface GatesApproval {
  readonly status: DeploymentStatus;
  readonly pendingApprovals?: number;
  readonly approvals?: readonly DeploymentApproval[];
}

export type GatesAnswer =
  | { readonly ok: true; readonly pipelines: readonly PipelineBasic[]; readonly deployment?: GatesApproval }
  /** Why the answer cannot stand in for the REST reads (for tests; never shown). */
  | { readonly ok: false; readonly problem: string };

const DEPLOYMENT_STATUSES: ReadonlySet<string> = new Set(['created', 'running', 'success', 'failed', 'canceled', 'skipped', 'blocked']);

/**
 * Reads the answer into the REST models the feed and the gates use. Anything short of a whole,
 * error-free answer is `ok: false`: a partial answer (a field this instance lacks, a limit hit)
 * must not pass for "nothing moved".
 */
export function readGatesAnswer(answer: GraphqlAnswer, origin: string): GatesAnswer {
  if (answer.errors && answer.errors.length > 0) return { ok: false, problem: `errors: ${answer.errors.map((e) => e.message).join('; ')}` };
  const project = record(answer.data?.['project']);
  if (!project) return { ok: false, problem: 'no project (not found, or not visible to this token)' };
  const projectId = gidNumber(project['id']);
  const nodes = record(project['pipelines'])?.['nodes'];
  if (projectId === undefined || !Array.isArray(nodes)) return { ok: false, problem: 'no pipelines' };
  const pipelines: PipelineBasic[] = [];
  for (const node of nodes) {
    const pipeline = pipelineOf(record(node), projectId, origin);
    if (!pipeline) return { ok: false, problem: 'a pipeline without id, ref, sha, status or timestamps' };
    pipelines.push(pipeline);
  }
  const rawDeployment = project['deployment'];
  // The deployment was deleted meanwhile: the feed still stands; its gate is read the REST way.
  if (rawDeployment === null || rawDeployment === undefined) return { ok: true, pipelines };
  const deployment = approvalOf(record(rawDeployment));
  if (!deployment) return { ok: false, problem: 'a deployment without status or approvals' };
  return { ok: true, pipelines, deployment };
}

function pipelineOf(node: Readonly<Record<string, unknown>> | undefined, projectId: number, origin: string): PipelineBasic | undefined {
  if (!node) return undefined;
  const id = gidNumber(node['id']);
  const { sha, ref, status, createdAt, updatedAt } = node;
  if (id === undefined || typeof sha !== 'string' || typeof ref !== 'string' || typeof status !== 'string' || typeof createdAt !== 'string' || typeof updatedAt !== 'string') return undefined;
  const iid = Number(node['iid']);
  const source = node['source'];
  const path = node['path'];
  return {
    id,
    ...(Number.isInteger(iid) ? { iid } : {}),
    project_id: projectId,
    sha,
    ref,
    // Ci::HasStatus names, upper-cased by PipelineStatusEnum.
    status: status.toLowerCase() as PipelineBasic['status'],
    ...(typeof source === 'string' ? { source } : {}),
    created_at: createdAt,
    updated_at: updatedAt,
    web_url: typeof path === 'string' && path.startsWith('/') ? `${origin}${path}` : '',
  };
}

function approvalOf(node: Readonly<Record<string, unknown>> | undefined): GatesApproval | undefined {
  const status = typeof node?.['status'] === 'string' ? node['status'].toLowerCase() : undefined;
  if (!node || status === undefined || !DEPLOYMENT_STATUSES.has(status)) return undefined;
  const pending = node['pendingApprovalCount'];
  const rawApprovals = node['approvals'];
  let approvals: DeploymentApproval[] | undefined;
  if (Array.isArray(rawApprovals)) {
    approvals = [];
    for (const raw of rawApprovals) {
      const approval = approvalEntry(record(raw));
      if (!approval) return undefined;
      approvals.push(approval);
    }
  }
  return {
    status: status as DeploymentStatus,
    ...(typeof pending === 'number' ? { pendingApprovals: pending } : {}),
    ...(approvals ? { approvals } : {}),
  };
}

function approvalEntry(node: Readonly<Record<string, unknown>> | undefined): DeploymentApproval | undefined {
  const user = record(node?.['user']);
  const status = typeof node?.['status'] === 'string' ? node['status'].toLowerCase() : undefined;
  const userId = gidNumber(user?.['id']);
  const createdAt = node?.['createdAt'];
  if (!user || userId === undefined || (status !== 'approved' && status !== 'rejected') || typeof createdAt !== 'string') return undefined;
  const username = user['username'];
  const name = user['name'];
  if (typeof username !== 'string' || typeof name !== 'string') return undefined;
  const comment = node?.['comment'];
  return { user: { id: userId, username, name }, status, created_at: createdAt, comment: typeof comment === 'string' ? comment : null };
}

/** `gid://gitlab/Ci::Pipeline/123` -> 123. */
export function gidNumber(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^gid:\/\/gitlab\/[A-Za-z:]+\/(\d+)$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Readonly<Record<string, unknown>>) : undefined;
}
