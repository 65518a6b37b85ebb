/**
 * Roll Back...: an environment goes back to an earlier successful deployment the way GitLab's
 * own Rollback button does it, by running the job of that deployment again (`POST
 * /jobs/:id/retry`), once. The person picks the target (the previous deployment first), reads a
 * full confirmation (what leaves, who deployed the target and when, approvals), and the new job's
 * log is followed; if approvals hold it back, they are told so instead. GitLab's refusals come
 * back in plain words (refusals.ts); nothing is retried by us.
 */
import type { GitLabApi } from '../../gitlab/client';
import type { Deployment, Job } from '../../gitlab/models';
import type { RepoConnection } from '../../lanes/repoConnection';
import type { LocalHistory } from '../../environments/compareEnvironments';
import { commitsBetween } from '../../environments/compareEnvironments';
import { groupOf } from '../../environments/environmentGroups';
import { rollbackTargets } from '../../environments/rollbackTargets';
import { formatAgo } from '../../lanes/format';
import { targetKey } from './inFlightGuard';
import type { ReleaseDeps } from './releaseDeps';
import { connectionFor, ensureCanAct, sendOnce } from './releaseDeps';
import { buildRollbackConfirmation } from './rollbackConfirmation';

/** Enough history to go back a release or two, and to skip repeats of the same commit. */
const HISTORY = 50;

export interface RollbackRequest {
  readonly repoKey: string;
  /** The environment's name; asked when absent (production first). */
  readonly environment?: string;
  /** The local clone's history, when the editor has one for this repository. */
  readonly local?: LocalHistory;
  /** Injected clock for "2 hours ago" in the picker. */
  readonly now?: number;
}

/** The re-run job, and the environment it deploys to (asked when the request named none). */
export interface RollbackStarted {
  readonly job: Job;
  readonly environment: string;
}

export async function rollBack(deps: ReleaseDeps, request: RollbackRequest): Promise<RollbackStarted | undefined> {
  const connection = connectionFor(deps, request);
  if (!(await ensureCanAct(deps, connection))) return undefined;
  const { api, projectPath } = connection;
  const environment = request.environment ?? (await pickEnvironment(deps, connection));
  if (!environment) return undefined;
  const successes = (await api.deployments(projectPath, { environment, status: 'success', orderBy: 'id', sort: 'desc', perPage: HISTORY, maxPages: 1 })).data;
  const { current, targets } = rollbackTargets(successes);
  if (!current) {
    void deps.ask.inform('info', `Nothing has been deployed to ${environment} successfully yet: there is nothing to roll back.`);
    return undefined;
  }
  if (!targets.some((t) => t.verdict.eligible)) {
    void deps.ask.inform('info', `${environment} has no earlier successful deployment of another commit to roll back to.`);
    return undefined;
  }
  const now = request.now ?? Date.now();
  const target = await deps.ask.pick(targets.map((t, i) => ({
    label: `${t.verdict.eligible ? '$(history)' : '$(circle-slash)'} ${t.deployment.ref} @ ${t.deployment.sha.slice(0, 8)}${t.deployment.deployable?.commit?.title ? ` ${t.deployment.deployable.commit.title}` : ''}`,
    description: `${i === 0 ? 'previous · ' : ''}#${t.deployment.iid} by ${t.deployment.user ? `@${t.deployment.user.username}` : 'someone'} ${formatAgo(t.deployment.finished_at ?? t.deployment.created_at, now)}`,
    ...(t.verdict.eligible ? (t.verdict.warnings.length ? { detail: t.verdict.warnings.join('; ') } : {}) : { detail: `Not possible: ${t.verdict.why}` }),
    value: t,
  })), { title: `Roll back ${environment} (now ${current.ref} @ ${current.sha.slice(0, 8)}) to which deployment?`, placeholder: 'The previous deployment is first' });
  if (!target) return undefined;
  if (!target.verdict.eligible) {
    void deps.ask.inform('warning', `${environment} cannot go back to ${target.deployment.sha.slice(0, 8)}: ${target.verdict.why}.`);
    return undefined;
  }
  const job = target.deployment.deployable;
  if (!job) return undefined;
  const [leaving, requiredApprovals] = await Promise.all([
    commitsBetween(api, projectPath, target.deployment.sha, current.sha, request.local).catch((error: unknown) => unknown(deps, 'the commits that leave', error)),
    approvalsRequired(deps, connection.api, projectPath, current),
  ]);
  const confirmation = buildRollbackConfirmation({
    environment, current, target: target.deployment, warnings: target.verdict.warnings,
    ...(leaving ? { leaving } : {}), ...(requiredApprovals !== undefined ? { requiredApprovals } : {}),
  });
  if (!(await deps.ask.confirm(confirmation))) return undefined;
  // One key per environment: two rollbacks of the same environment never travel at once, whichever target each picked.
  const rerun = await sendOnce(deps, targetKey(api.instance.url, projectPath, 'environment', environment), 'rollback', () => api.retryJob(projectPath, job.id));
  if (!rerun) return undefined;
  deps.watched.jobs.add(rerun.id);
  deps.logger.info(`Rolling back ${environment} to ${target.deployment.sha.slice(0, 8)}: job ${job.id} re-run as job ${rerun.id}`);
  void deps.host.refreshNow(true);
  const followTarget = { repoKey: request.repoKey, jobId: rerun.id, ...(rerun.pipeline ? { pipelineId: rerun.pipeline.id } : {}) };
  if (rerun.status === 'manual') {
    void deps.ask.inform('info', `The rollback of ${environment} to ${target.deployment.sha.slice(0, 8)} waits for approval (job ${rerun.id}): it runs once an approver approves and it is played.`, ['Follow log']).then((choice) => (choice ? deps.openLog(followTarget, rerun) : undefined));
    return { job: rerun, environment };
  }
  await deps.openLog(followTarget, rerun);
  return { job: rerun, environment };
}

/** The approvals a deployment to the environment needs, from the single-deployment answer (Premium). */
async function approvalsRequired(deps: ReleaseDeps, api: GitLabApi, projectPath: string, current: Deployment): Promise<number | undefined> {
  try {
    const detail = (await api.deployment(projectPath, current.id)).data;
    const rules = detail.approval_summary?.rules;
    return rules ? rules.reduce((sum, r) => sum + r.required_approvals, 0) : undefined;
  } catch (error) {
    return unknown(deps, 'the approval rules', error);
  }
}

function unknown(deps: ReleaseDeps, what: string, error: unknown): undefined {
  deps.logger.warn(`Could not read ${what} for the rollback confirmation: ${error instanceof Error ? error.message : String(error)}`);
  return undefined;
}

/** Production first, then the canary, then the rest by name. */
async function pickEnvironment(deps: ReleaseDeps, connection: RepoConnection): Promise<string | undefined> {
  const environments = (await connection.api.environments(connection.projectPath, { states: 'available' })).data;
  const rank = { production: 0, canary: 1, dev: 2, other: 3, review: 4 } as const;
  const sorted = [...environments].sort((a, b) => rank[groupOf(a)] - rank[groupOf(b)] || a.name.localeCompare(b.name));
  if (sorted.length === 0) {
    void deps.ask.inform('info', `${connection.projectPath} has no environments yet.`);
    return undefined;
  }
  return deps.ask.pick(sorted.map((e) => ({ label: e.name, ...(e.tier ? { description: e.tier } : {}), value: e.name })), { title: 'Roll back which environment?' });
}
