import type { GitLabApi } from '../../gitlab/client';
import type { Job, JobVariable, Pipeline, PipelineVariable } from '../../gitlab/models';
import { buildConfirmation, confirmed } from './confirmation';
import { targetKey } from './inFlightGuard';
import type { ShipList } from './deploymentLookup';
import { approvalProgress, commitsToShip, describeApprovals, readDeployment } from './deploymentLookup';
import type { GateAction } from '../gates/actionTable';
import { actionRow, pipelineActions } from '../gates/actionTable';
import type { Gate } from '../gates/detectGates';
import type { ReleaseDeps } from './releaseDeps';
import { connectionFor, ensureCanAct, freshGate, sendOnce } from './releaseDeps';
import type { ReleaseTarget } from './releaseTarget';
import type { ReleaseActionKind } from './refusals';
import type { RepoConnection } from '../../lanes/repoConnection';
import { askVariables } from './askVariables';

/**
 * Plays a manual (or delayed) job, optionally with job variables. Canary and production ask
 * first (see confirmation.ts); the POST is sent once, guarded per job.
 */
export async function playJob(deps: ReleaseDeps, target: ReleaseTarget, options: { withVariables?: boolean; gate?: Gate } = {}): Promise<Job | undefined> {
  if (target.jobId === undefined) throw new Error('Choose a manual job to play.');
  const connection = connectionFor(deps, target);
  if (!(await ensureCanAct(deps, connection))) return undefined;
  const { api, projectPath } = connection;
  const gate = options.gate ?? (await freshGate(deps, connection, target.jobId));
  if (!allows(deps, gate, 'play', 'played')) return undefined;
  let variables: JobVariable[] = [];
  if (options.withVariables) {
    const asked = await askVariables(deps, `Play ${gate.job.name} with variables`, `job:${projectPath}:${gate.job.name}`);
    if (!asked) return undefined;
    variables = asked;
  }
  const confirmation = buildConfirmation({ gate, verb: 'play', variableKeys: variables.map((v) => v.key), ...(await releaseFacts(deps, api, projectPath, gate, target.repoKey)) });
  if (!(await confirmed(deps.ask, confirmation))) return undefined;
  const played = await sendOnce(deps, targetKey(api.instance.url, projectPath, 'job', gate.job.id), 'play', () => api.playJob(projectPath, gate.job.id, variables));
  if (!played) return undefined;
  deps.watched.jobs.add(played.id);
  deps.logger.info(`Played ${gate.job.name} (job ${played.id}) of pipeline #${gate.pipelineId}${variables.length ? ` with ${variables.map((v) => v.key).join(', ')}` : ''}`);
  void deps.host.refreshNow(true);
  void deps.ask.inform('info', `${gate.job.name} started on ${gate.ref} @ ${gate.sha.slice(0, 8)}.`, ['Follow log']).then((choice) => {
    if (choice) return deps.openLog({ ...target, jobId: played.id }, played);
    return undefined;
  });
  return played;
}

/** Production shows what ships and where approvals stand; a read that fails leaves that part "unknown". */
export async function releaseFacts(deps: ReleaseDeps, api: GitLabApi, projectPath: string, gate: Gate, repoKey: string): Promise<{ ship?: ShipList; approvals?: string; canaryWarning?: string }> {
  if (gate.kind !== 'production') return {};
  const environment = gate.deployment?.environment.name;
  const unknown = (what: string) => (error: unknown): undefined => {
    deps.logger.warn(`Could not read ${what} for the confirmation: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  };
  const [ship, approvals, canaryWarning] = await Promise.all([
    environment ? commitsToShip(api, projectPath, environment, gate.sha).catch(unknown('the deployment history')) : Promise.resolve(undefined),
    gate.deployment && gate.approval !== 'not-required'
      ? readDeployment(api, projectPath, gate.deployment.deploymentId).then((d) => (d ? describeApprovals(approvalProgress(d)) : undefined)).catch(unknown('the approvals'))
      : Promise.resolve(undefined),
    deps.canaryWarning ? deps.canaryWarning(repoKey, gate.pipelineId).catch(unknown('the canary verdict')) : Promise.resolve(undefined),
  ]);
  return { ...(ship ? { ship } : {}), ...(approvals ? { approvals } : {}), ...(canaryWarning ? { canaryWarning } : {}) };
}

export async function retryJob(deps: ReleaseDeps, target: ReleaseTarget): Promise<Job | undefined> {
  if (target.jobId === undefined) throw new Error('Choose a job to retry.');
  const jobId = target.jobId;
  return sendChecked(deps, target, {
    kind: 'job', id: jobId, action: 'retry',
    // The menu offered Retry on what the tree showed; the table decides again on what GitLab says now.
    allowed: async (connection) => allows(deps, await freshGate(deps, connection, jobId), 'retry', 'retried'),
    call: (api, projectPath) => api.retryJob(projectPath, jobId),
    sent: (fresh) => {
      deps.watched.jobs.add(fresh.id);
      void deps.ask.inform('info', `${fresh.name} retried (new job ${fresh.id}).`);
    },
  });
}

export async function cancelJob(deps: ReleaseDeps, target: ReleaseTarget): Promise<Job | undefined> {
  if (target.jobId === undefined) throw new Error('Choose a job to cancel.');
  const jobId = target.jobId;
  return sendChecked(deps, target, {
    kind: 'job', id: jobId, action: 'cancel',
    allowed: async (connection) => allows(deps, await freshGate(deps, connection, jobId), 'cancel', 'canceled'),
    call: (api, projectPath) => api.cancelJob(projectPath, jobId),
  });
}

export async function retryPipeline(deps: ReleaseDeps, target: ReleaseTarget): Promise<Pipeline | undefined> {
  if (target.pipelineId === undefined) throw new Error('Choose a pipeline to retry.');
  const pipelineId = target.pipelineId;
  return sendChecked(deps, target, {
    kind: 'pipeline', id: pipelineId, action: 'retry-pipeline',
    allowed: ({ api, projectPath }) => pipelineAllows(deps, api, projectPath, pipelineId, 'retry'),
    call: (api, projectPath) => api.retryPipeline(projectPath, pipelineId),
    sent: (result) => deps.watched.pipelines.add(result.id),
  });
}

export async function cancelPipeline(deps: ReleaseDeps, target: ReleaseTarget): Promise<Pipeline | undefined> {
  if (target.pipelineId === undefined) throw new Error('Choose a pipeline to cancel.');
  const pipelineId = target.pipelineId;
  return sendChecked(deps, target, {
    kind: 'pipeline', id: pipelineId, action: 'cancel-pipeline',
    allowed: ({ api, projectPath }) => pipelineAllows(deps, api, projectPath, pipelineId, 'cancel'),
    call: (api, projectPath) => api.cancelPipeline(projectPath, pipelineId),
  });
}

/** One retry or cancel: what it acts on, the fresh check against GitLab, the call, and what follows a sent one. */
interface CheckedSend<T> {
  readonly kind: 'job' | 'pipeline';
  readonly id: number;
  readonly action: ReleaseActionKind;
  allowed(connection: RepoConnection): Promise<boolean>;
  call(api: GitLabApi, projectPath: string): Promise<T>;
  sent?(result: T): void;
}

/**
 * The shared path of retry and cancel: the token may act, GitLab says now that the action is
 * allowed, the request goes once (guarded per job or pipeline), then the lanes refresh.
 */
async function sendChecked<T>(deps: ReleaseDeps, target: ReleaseTarget, spec: CheckedSend<T>): Promise<T | undefined> {
  const connection = connectionFor(deps, target);
  if (!(await ensureCanAct(deps, connection))) return undefined;
  if (!(await spec.allowed(connection))) return undefined;
  const { api, projectPath } = connection;
  const result = await sendOnce(deps, targetKey(api.instance.url, projectPath, spec.kind, spec.id), spec.action, () => spec.call(api, projectPath));
  if (result === undefined) return undefined;
  spec.sent?.(result);
  void deps.host.refreshNow(true);
  return result;
}

/** Whether the action table allows `action` on the job as GitLab has it now; if not, says why. */
export function allows(deps: ReleaseDeps, gate: Gate, action: GateAction, done: string): boolean {
  if (gate.actions.includes(action)) return true;
  const why = actionRow(gate)?.why ?? 'its status does not allow it';
  void deps.ask.inform('warning', `${gate.job.name} cannot be ${done} now: ${why}.`);
  return false;
}

async function pipelineAllows(deps: ReleaseDeps, api: GitLabApi, projectPath: string, pipelineId: number, action: 'retry' | 'cancel'): Promise<boolean> {
  const { data } = await api.pipeline(projectPath, pipelineId);
  if (pipelineActions(data.status).includes(action)) return true;
  void deps.ask.inform('warning', `Pipeline #${pipelineId} cannot be ${action === 'retry' ? 'retried' : 'canceled'} now: it is ${data.status}.`);
  return false;
}

/**
 * Starts a pipeline on a branch (default: the lane's branch, else the checked-out one) with
 * optional variables, remembered per project for next time; then refreshes so it shows.
 */
export async function startPipeline(deps: ReleaseDeps, target: ReleaseTarget | undefined): Promise<Pipeline | undefined> {
  const repoKey = target?.repoKey ?? (await pickRepo(deps));
  if (!repoKey) return undefined;
  const connection = connectionFor(deps, { repoKey });
  if (!(await ensureCanAct(deps, connection))) return undefined;
  const { api, projectPath, lanes } = connection;
  const lane = lanes.find((l) => l.id === target?.laneId);
  const current = lanes.find((l) => l.id === 'mr')?.branch;
  const ref = await deps.ask.input({
    title: `Run pipeline: ${projectPath} (1/2)`,
    prompt: 'Branch or tag to run the pipeline for',
    value: lane?.branch ?? current ?? '',
    validate: (value) => (value.trim() ? undefined : 'Give a branch or tag name.'),
  });
  if (!ref?.trim()) return undefined;
  const variables = await askVariables(deps, `Run pipeline on ${ref.trim()} (2/2)`, `pipeline:${projectPath}`);
  if (!variables) return undefined;
  const pipelineVariables: PipelineVariable[] = variables.map((v) => ({ ...v, variable_type: 'env_var' }));
  const created = await sendOnce(deps, targetKey(api.instance.url, projectPath, 'ref', ref.trim()), 'create-pipeline', () => api.createPipeline(projectPath, ref.trim(), pipelineVariables));
  if (!created) return undefined;
  deps.watched.pipelines.add(created.id);
  deps.logger.info(`Started pipeline #${created.id} on ${created.ref}${variables.length ? ` with ${variables.map((v) => v.key).join(', ')}` : ''}`);
  await deps.host.refreshNow(true);
  void deps.ask.inform('info', `Pipeline #${created.id} started on ${created.ref}.`);
  return created;
}

async function pickRepo(deps: ReleaseDeps): Promise<string | undefined> {
  const all = deps.host.allConnections();
  if (all.length <= 1) return all[0]?.repoKey;
  return deps.ask.pick(all.map((c) => ({ label: c.projectPath, description: c.repoKey, value: c.repoKey })), { title: 'Which project?' });
}

