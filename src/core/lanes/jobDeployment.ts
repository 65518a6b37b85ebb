/**
 * Where a job deploys and what is known of that deployment. Jobs carry no environment, so this
 * comes from the project's deployments (`deployable` is the job), with tiers from its
 * environments. The lanes read it (gateDeployments.ts) and the release gates use it.
 */
import type { Deployment, DeploymentApproval, DeploymentStatus, Environment } from '../gitlab/models';

/** Where a job deploys to, as far as known (jobs themselves carry no environment). */
export interface JobEnvironment {
  readonly name: string;
  /** `production`, `staging`, `testing`, `development` or `other`; absent when unknown. */
  readonly tier?: string;
}

/** What is known about the deployment a job makes. */
export interface JobDeployment {
  readonly deploymentId: number;
  /** The project-level number GraphQL finds it by (`Project.deployment(iid:)`), when the list gave it. */
  readonly deploymentIid?: number;
  readonly environment: JobEnvironment;
  readonly status: DeploymentStatus;
  /** Approvals still missing, when GitLab said (single-deployment reads, Premium). */
  readonly pendingApprovals?: number;
  readonly approvals?: readonly DeploymentApproval[];
}

/** Indexes deployments by the job that makes them; tiers come from the environments list. */
export function deploymentsByJob(deployments: readonly Deployment[], environments: readonly Environment[] = []): Map<number, JobDeployment> {
  const tiers = new Map(environments.map((e) => [e.name, e.tier] as const));
  const byJob = new Map<number, JobDeployment>();
  for (const d of deployments) {
    if (!d.deployable) continue;
    const tier = d.environment.tier ?? tiers.get(d.environment.name);
    byJob.set(d.deployable.id, {
      deploymentId: d.id,
      ...(typeof d.iid === 'number' ? { deploymentIid: d.iid } : {}),
      environment: { name: d.environment.name, ...(tier ? { tier } : {}) },
      status: d.status,
      ...(d.pending_approval_count !== undefined ? { pendingApprovals: d.pending_approval_count } : {}),
      ...(d.approvals ? { approvals: d.approvals } : {}),
    });
  }
  return byJob;
}
