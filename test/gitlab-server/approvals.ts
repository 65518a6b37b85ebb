// Deployment approval arithmetic, shared by the simulation, the approval action and payloads.
import type { ApprovalRule, Deployment, Project, ProtectedEnvironment, User } from './model';
import type { FakeGitLabState } from './state';

export function protectionOf(state: FakeGitLabState, deployment: Deployment): ProtectedEnvironment | undefined {
  const env = state.environments.get(deployment.environmentId);
  return env ? state.findProtectedEnvironment(deployment.projectId, env.name) : undefined;
}

export function requiredApprovals(protection: ProtectedEnvironment | undefined): number {
  if (!protection) return 0;
  if (protection.approvalRules.length > 0) return protection.approvalRules.reduce((sum, r) => sum + r.requiredApprovals, 0);
  return protection.requiredApprovalCount;
}

export function pendingApprovalCount(state: FakeGitLabState, deployment: Deployment): number {
  const required = requiredApprovals(protectionOf(state, deployment));
  const approved = deployment.approvals.filter((a) => a.status === 'approved').length;
  return Math.max(0, required - approved);
}

/** The rule a user may approve under, if any: named user first, then role. */
export function ruleFor(state: FakeGitLabState, project: Project, protection: ProtectedEnvironment, user: User): ApprovalRule | undefined {
  const access = state.accessOf(project, user);
  return protection.approvalRules.find((r) => r.userId === user.id)
    ?? protection.approvalRules.find((r) => r.accessLevel !== null && access >= r.accessLevel);
}

/** Whether a user may run deployments to a protected environment. */
export function mayDeploy(state: FakeGitLabState, project: Project, protection: ProtectedEnvironment | undefined, user: User): boolean {
  if (!protection) return true;
  const access = state.accessOf(project, user);
  return protection.deployAccessLevels.some((d) => d.userId === user.id || (d.accessLevel !== null && access >= d.accessLevel));
}
