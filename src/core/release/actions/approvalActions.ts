import type { DeploymentApproval } from '../../gitlab/models';
import { buildConfirmation, confirmed } from './confirmation';
import { targetKey } from './inFlightGuard';
import type { DeploymentDetail } from './deploymentLookup';
import { approvalProgress, blockedDeployments, describeApprovals, readDeployment } from './deploymentLookup';
import type { Gate } from '../gates/detectGates';
import { allows, releaseFacts } from './jobActions';
import type { ReleaseDeps } from './releaseDeps';
import { connectionFor, ensureCanAct, freshGate, sendOnce } from './releaseDeps';
import type { ReleaseTarget } from './releaseTarget';

export type ApprovalVerb = 'approve' | 'reject';

/** A blocked deployment with its approval state in words, for lists and pickers. */
export interface PendingApproval {
  readonly repoKey: string;
  readonly projectPath: string;
  readonly deployment: DeploymentDetail;
  readonly summary: string;
}

/** Deployments waiting for approval in every connected project (or one). */
export async function pendingApprovals(deps: ReleaseDeps, repoKey?: string): Promise<PendingApproval[]> {
  const connections = repoKey ? [connectionFor(deps, { repoKey })] : deps.host.allConnections();
  const lists = await Promise.all(connections.map(async (c) => (await blockedDeployments(c.api, c.projectPath)).map((deployment) => ({
    repoKey: c.repoKey,
    projectPath: c.projectPath,
    deployment,
    summary: describeApprovals(approvalProgress(deployment)),
  }))));
  return lists.flat();
}

/**
 * Approves or rejects a deployment with an optional comment. The target is a job (its
 * deployment is looked up), a deployment id, or nothing: then the waiting ones are listed.
 */
export async function decideDeployment(deps: ReleaseDeps, verb: ApprovalVerb, target: ReleaseTarget | undefined): Promise<DeploymentApproval | undefined> {
  const chosen = target ? await deploymentOf(deps, target) : await pickPending(deps, verb);
  if (!chosen) return undefined;
  const connection = connectionFor(deps, { repoKey: chosen.repoKey });
  if (!(await ensureCanAct(deps, connection))) return undefined;
  const { api, projectPath } = connection;
  const { deployment, gate } = chosen;
  if (deployment.status !== 'blocked') {
    void deps.ask.inform('warning', `The deployment to ${deployment.environment.name} is not waiting for approval (it is ${deployment.status}).`);
    return undefined;
  }
  if (gate && !allows(deps, gate, verb, verb === 'approve' ? 'approved' : 'rejected')) return undefined;
  if (gate) {
    const confirmation = buildConfirmation({ gate, verb, approvals: describeApprovals(approvalProgress(deployment)), ...(await releaseFacts(deps, api, projectPath, gate, chosen.repoKey)) });
    if (!(await confirmed(deps.ask, confirmation))) return undefined;
  }
  const comment = await deps.ask.input({
    title: `${verb === 'approve' ? 'Approve' : 'Reject'} deployment to ${deployment.environment.name}`,
    prompt: verb === 'reject' ? 'Why? (optional, shown to the team)' : 'Comment (optional)',
  });
  if (comment === undefined) return undefined;
  const key = targetKey(api.instance.url, projectPath, 'deployment', deployment.id);
  const text = comment.trim() || undefined;
  const given = await sendOnce(deps, key, verb, () => (verb === 'approve' ? api.approveDeployment(projectPath, deployment.id, text) : api.rejectDeployment(projectPath, deployment.id, text)));
  if (!given) return undefined;
  deps.logger.info(`${verb === 'approve' ? 'Approved' : 'Rejected'} deployment ${deployment.id} to ${deployment.environment.name}`);
  void deps.host.refreshNow(true);
  const after = await readDeployment(api, projectPath, deployment.id).catch(() => undefined);
  const state = after ? describeApprovals(approvalProgress(after)) : '';
  const next = verb === 'approve' && after && after.status !== 'blocked' && deployment.deployable ? ' The deployment job can be played now.' : '';
  const buttons = next ? ['Play'] : [];
  void deps.ask.inform('info', `${verb === 'approve' ? 'Approved' : 'Rejected'}: deployment to ${deployment.environment.name}${state ? ` (${state})` : ''}.${next}`, buttons).then((choice) => {
    if (choice && deployment.deployable) return deps.openPlay({ repoKey: chosen.repoKey, jobId: deployment.deployable.id });
    return undefined;
  });
  return given;
}

interface ChosenDeployment {
  readonly repoKey: string;
  readonly deployment: DeploymentDetail;
  readonly gate?: Gate;
}

async function deploymentOf(deps: ReleaseDeps, target: ReleaseTarget): Promise<ChosenDeployment | undefined> {
  const { api, projectPath } = connectionFor(deps, target);
  if (target.deploymentId !== undefined) {
    const deployment = await readDeployment(api, projectPath, target.deploymentId);
    if (!deployment) throw new Error(`Deployment ${target.deploymentId} was not found.`);
    const gate = deployment.deployable ? await freshGate(deps, { repoKey: target.repoKey, api, projectPath }, deployment.deployable.id) : undefined;
    return { repoKey: target.repoKey, deployment, ...(gate ? { gate } : {}) };
  }
  if (target.jobId === undefined) return pickPending(deps, 'approve', target.repoKey);
  const gate = await freshGate(deps, { repoKey: target.repoKey, api, projectPath }, target.jobId);
  if (!gate.deployment) {
    void deps.ask.inform('warning', `${gate.job.name} does not deploy to an environment, so there is nothing to approve.`);
    return undefined;
  }
  const deployment = await readDeployment(api, projectPath, gate.deployment.deploymentId);
  if (!deployment) throw new Error(`The deployment of ${gate.job.name} was not found.`);
  return { repoKey: target.repoKey, deployment, gate };
}

async function pickPending(deps: ReleaseDeps, verb: ApprovalVerb, repoKey?: string): Promise<ChosenDeployment | undefined> {
  const pending = await pendingApprovals(deps, repoKey);
  if (pending.length === 0) {
    void deps.ask.inform('info', 'No deployment is waiting for approval.');
    return undefined;
  }
  const picked = await deps.ask.pick(pending.map((p) => ({
    label: `${p.deployment.environment.name}: ${p.deployment.ref} @ ${p.deployment.sha.slice(0, 8)}`,
    description: `${p.projectPath} · by @${p.deployment.user?.username ?? '?'}`,
    detail: p.summary,
    value: p,
  })), { title: `${verb === 'approve' ? 'Approve' : 'Reject'} which deployment?`, placeholder: 'Deployments waiting for approval' });
  if (!picked) return undefined;
  const { api, projectPath } = connectionFor(deps, { repoKey: picked.repoKey });
  const gate = picked.deployment.deployable ? await freshGate(deps, { repoKey: picked.repoKey, api, projectPath }, picked.deployment.deployable.id) : undefined;
  return { repoKey: picked.repoKey, deployment: picked.deployment, ...(gate ? { gate } : {}) };
}

/** "Deployments waiting for approval": the list with who approved so far, then what to do with the one picked. */
export async function reviewPendingApprovals(deps: ReleaseDeps, openInBrowser: (url: string, instanceUrl: string) => PromiseLike<unknown>): Promise<DeploymentApproval | undefined> {
  const pending = await pendingApprovals(deps);
  if (pending.length === 0) {
    void deps.ask.inform('info', 'No deployment is waiting for approval.');
    return undefined;
  }
  const picked = await deps.ask.pick(pending.map((p) => ({
    label: `$(shield) ${p.deployment.environment.name}: ${p.deployment.ref} @ ${p.deployment.sha.slice(0, 8)}`,
    description: `${p.projectPath} · by @${p.deployment.user?.username ?? '?'}`,
    detail: p.summary,
    value: p,
  })), { title: 'Deployments waiting for approval' });
  if (!picked) return undefined;
  const choice = await deps.ask.pick<'approve' | 'reject' | 'open'>([
    { label: '$(check) Approve...', value: 'approve' },
    { label: '$(close) Reject...', value: 'reject' },
    ...(picked.deployment.deployable ? [{ label: '$(link-external) Open job in browser', value: 'open' as const }] : []),
  ], { title: `Deployment to ${picked.deployment.environment.name}: ${picked.summary}` });
  if (choice === 'open' && picked.deployment.deployable) {
    await openInBrowser(picked.deployment.deployable.web_url, connectionFor(deps, { repoKey: picked.repoKey }).api.instance.url);
    return undefined;
  }
  return choice === 'approve' || choice === 'reject' ? decideDeployment(deps, choice, { repoKey: picked.repoKey, deploymentId: picked.deployment.id }) : undefined;
}
