// Environments, deployments, approvals and protected environments as GitLab renders them.
import { pendingApprovalCount, protectionOf } from '../approvals';
import { iso } from '../clock';
import type { AccessLevel, Approval, Deployment, Environment, ProtectedEnvironment } from '../model';
import type { FakeGitLabState } from '../state';
import { job as jobPayload } from './pipelines';
import { projectBasic } from './projects';
import { userBasic } from './users';

const ACCESS_DESCRIPTION: Readonly<Record<AccessLevel, string>> = {
  10: 'Guest', 20: 'Reporter', 30: 'Developers + Maintainers', 40: 'Maintainers', 50: 'Owners',
};

export function environmentBasic(state: FakeGitLabState, env: Environment): Record<string, unknown> {
  return {
    id: env.id,
    name: env.name,
    slug: env.slug,
    external_url: env.externalUrl,
    created_at: iso(env.createdAt),
    updated_at: iso(env.updatedAt),
  };
}

export function environment(state: FakeGitLabState, env: Environment): Record<string, unknown> {
  return {
    ...environmentBasic(state, env),
    description: null,
    state: env.state,
    tier: env.tier,
    project: projectBasic(state, state.projectOf(env)),
    auto_stop_at: null,
    auto_stop_setting: 'always',
    kubernetes_namespace: null,
    flux_resource_path: null,
  };
}

/** The single-environment answer adds the last finished deployment. */
export function environmentWithLastDeployment(state: FakeGitLabState, env: Environment): Record<string, unknown> {
  const last = [...state.deployments.values()]
    .filter((d) => d.environmentId === env.id && d.status === 'success')
    .sort((a, b) => b.id - a.id)[0];
  return { ...environment(state, env), last_deployment: last ? deployment(state, last) : null };
}

export function deployment(state: FakeGitLabState, d: Deployment): Record<string, unknown> {
  const env = state.environments.get(d.environmentId);
  const job = state.jobs.get(d.jobId);
  return {
    id: d.id,
    iid: d.iid,
    ref: d.ref,
    sha: d.sha,
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    finished_at: iso(d.finishedAt),
    status: d.status,
    user: userBasic(state, state.userOf(d.userId)),
    environment: env ? environmentBasic(state, env) : null,
    deployable: job ? jobPayload(state, job) : null,
  };
}

export function approval(state: FakeGitLabState, a: Approval): Record<string, unknown> {
  return { user: userBasic(state, state.userOf(a.userId)), status: a.status, created_at: iso(a.createdAt), comment: a.comment };
}

/** The single-deployment answer adds the approval state (Premium). */
export function deploymentExtended(state: FakeGitLabState, d: Deployment): Record<string, unknown> {
  const protection = protectionOf(state, d);
  const rules = (protection?.approvalRules ?? []).map((r) => ({
    ...approvalRule(r),
    deployment_approvals: d.approvals.filter((a) => a.ruleId === r.id).map((a) => approval(state, a)),
  }));
  return {
    ...deployment(state, d),
    pending_approval_count: pendingApprovalCount(state, d),
    approvals: d.approvals.map((a) => approval(state, a)),
    approval_summary: { rules },
  };
}

function approvalRule(r: ProtectedEnvironment['approvalRules'][number]): Record<string, unknown> {
  return {
    id: r.id,
    user_id: r.userId,
    group_id: null,
    access_level: r.accessLevel,
    access_level_description: r.accessLevel === null ? 'User' : ACCESS_DESCRIPTION[r.accessLevel],
    required_approvals: r.requiredApprovals,
    group_inheritance_type: 0,
  };
}

export function protectedEnvironment(pe: ProtectedEnvironment): Record<string, unknown> {
  return {
    name: pe.name,
    deploy_access_levels: pe.deployAccessLevels.map((d) => ({
      id: d.id,
      access_level: d.accessLevel,
      access_level_description: d.accessLevel === null ? 'User' : ACCESS_DESCRIPTION[d.accessLevel],
      user_id: d.userId,
      group_id: null,
      group_inheritance_type: 0,
    })),
    required_approval_count: pe.requiredApprovalCount,
    approval_rules: pe.approvalRules.map(approvalRule),
  };
}
