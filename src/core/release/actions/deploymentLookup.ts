/**
 * The reads a release decision needs, gathered in as few requests as possible: where the
 * jobs of a pipeline deploy (recent deployments + environment tiers), the approval state of
 * a deployment, and what a deployment would ship (commits since the last success there).
 */
import type { GitLabApi, ProjectRef } from '../../gitlab/client';
import type { CommitBasic, Deployment, UserBasic } from '../../gitlab/models';
import type { JobDeployment } from '../../lanes/jobDeployment';
import { deploymentsByJob } from '../../lanes/jobDeployment';

/** Recent deployments are enough: a pipeline's deployments are created with it. */
const RECENT_DEPLOYMENTS = 100;

export async function jobDeployments(api: GitLabApi, project: ProjectRef): Promise<Map<number, JobDeployment>> {
  const [deployments, environments] = await Promise.all([
    api.deployments(project, { orderBy: 'id', sort: 'desc', perPage: RECENT_DEPLOYMENTS, maxPages: 1 }),
    api.environments(project),
  ]);
  return deploymentsByJob(deployments.data, environments.data);
}

/** A deployment as the single-deployment GET returns it, approvals included (Premium). */
export type DeploymentDetail = Deployment;

/** One deployment with its approval state: only the single-deployment GET carries approvals. */
export async function readDeployment(api: GitLabApi, project: ProjectRef, deploymentId: number): Promise<DeploymentDetail | undefined> {
  return (await api.deployment(project, deploymentId)).data;
}

/** Adds what only the single-deployment read knows (approvals so far, approvals missing) to what the list said. */
export async function withApprovals(api: GitLabApi, project: ProjectRef, deployment: JobDeployment): Promise<JobDeployment> {
  const detail = (await api.deployment(project, deployment.deploymentId)).data;
  return {
    ...deployment,
    status: detail.status,
    ...(detail.pending_approval_count !== undefined ? { pendingApprovals: detail.pending_approval_count } : {}),
    ...(detail.approvals ? { approvals: detail.approvals } : {}),
  };
}

/** Deployments of the project waiting for approval, with their approval state. */
export async function blockedDeployments(api: GitLabApi, project: ProjectRef): Promise<DeploymentDetail[]> {
  const blocked = (await api.deployments(project, { status: 'blocked', orderBy: 'id', sort: 'desc', perPage: 50, maxPages: 1 })).data;
  const details = await Promise.all(blocked.map((d) => readDeployment(api, project, d.id)));
  return details.map((d, i) => d ?? blocked[i]!);
}

export interface ApprovalProgress {
  /** Undefined when GitLab did not say (Free tier, or an adapter without single reads). */
  readonly required?: number;
  readonly pending?: number;
  readonly approvedBy: readonly UserBasic[];
  readonly rejectedBy: readonly UserBasic[];
  /** Who may approve, as GitLab names the rules (e.g. "Maintainers"). */
  readonly approvers: readonly string[];
}

export function approvalProgress(deployment: DeploymentDetail): ApprovalProgress {
  const rules = deployment.approval_summary?.rules ?? [];
  const required = rules.length > 0 ? rules.reduce((sum, r) => sum + r.required_approvals, 0) : undefined;
  const approvals = deployment.approvals ?? rules.flatMap((r) => r.deployment_approvals ?? []);
  const approvedBy = approvals.filter((a) => a.status === 'approved').map((a) => a.user);
  const pending = deployment.pending_approval_count ?? (required !== undefined ? Math.max(0, required - approvedBy.length) : undefined);
  return {
    ...(required !== undefined ? { required } : {}),
    ...(pending !== undefined ? { pending } : {}),
    approvedBy,
    rejectedBy: approvals.filter((a) => a.status === 'rejected').map((a) => a.user),
    approvers: rules.map((r) => r.access_level_description ?? (r.user_id ? `user #${r.user_id}` : 'a group')).filter(Boolean),
  };
}

/** One line: "1 of 1 approval needed; approved by @riley; approvers: Maintainers". */
export function describeApprovals(progress: ApprovalProgress): string {
  const parts: string[] = [];
  if (progress.required !== undefined) parts.push(`${progress.required - (progress.pending ?? 0)} of ${progress.required} approval${progress.required === 1 ? '' : 's'} given`);
  else if (progress.pending !== undefined) parts.push(`${progress.pending} approval${progress.pending === 1 ? '' : 's'} still needed`);
  if (progress.approvedBy.length) parts.push(`approved by ${progress.approvedBy.map((u) => `@${u.username}`).join(', ')}`);
  if (progress.rejectedBy.length) parts.push(`rejected by ${progress.rejectedBy.map((u) => `@${u.username}`).join(', ')}`);
  if (progress.approvers.length) parts.push(`approvers: ${progress.approvers.join(', ')}`);
  return parts.join('; ') || 'approval state unknown';
}

export interface ShipList {
  /** SHA of the last successful deployment to the environment; undefined for a first deployment. */
  readonly since?: string;
  readonly commits: readonly CommitBasic[];
  /** GitLab gave up comparing (huge ranges). */
  readonly truncated: boolean;
}

/** Commits a deployment of `sha` to `environment` would ship. */
export async function commitsToShip(api: GitLabApi, project: ProjectRef, environment: string, sha: string): Promise<ShipList> {
  const last = (await api.deployments(project, { environment, status: 'success', orderBy: 'id', sort: 'desc', perPage: 1, maxPages: 1 })).data[0];
  if (!last) return { commits: [], truncated: false };
  if (last.sha === sha) return { since: last.sha, commits: [], truncated: false };
  const compared = (await api.compare(project, last.sha, sha)).data;
  return { since: last.sha, commits: compared.commits, truncated: compared.compare_timeout === true };
}
