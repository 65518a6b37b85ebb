import { jobDeployments } from './deploymentLookup';
import type { GateAction } from '../gates/actionTable';
import type { Gate } from '../gates/detectGates';
import { detectGates, nextGate } from '../gates/detectGates';
import { statusInfo } from '../../lanes/statusTable';
import { decideDeployment } from './approvalActions';
import { cancelJob, playJob, retryJob } from './jobActions';
import type { ReleaseDeps } from './releaseDeps';
import { connectionFor } from './releaseDeps';
import type { ReleaseTarget } from './releaseTarget';

const ACTION_LABELS: Readonly<Record<GateAction, { label: string; detail: string }>> = {
  play: { label: '$(play) Play', detail: 'Run the job now' },
  'play-with-variables': { label: '$(symbol-variable) Play with variables...', detail: 'Run the job with extra CI/CD variables' },
  approve: { label: '$(check) Approve...', detail: 'Approve the deployment (an optional comment is asked)' },
  reject: { label: '$(close) Reject...', detail: 'Reject the deployment: GitLab fails the job' },
  retry: { label: '$(refresh) Retry', detail: 'Run the job again' },
  cancel: { label: '$(circle-slash) Cancel', detail: 'Stop the job' },
  'open-log': { label: '$(output) Follow log', detail: 'Open the live job log in an editor' },
  'open-in-browser': { label: '$(link-external) Open in browser', detail: 'Open the job in GitLab' },
};

export interface PromoteOutcome {
  readonly gate?: Gate;
  readonly action?: GateAction;
  readonly result?: unknown;
}

/**
 * "Promote...": the next gate of the chosen lane, and exactly the actions the table allows
 * for it. Works from a lane node, or asks which lane.
 */
export async function promote(deps: ReleaseDeps, target: ReleaseTarget | undefined, openInBrowser: (url: string, instanceUrl: string) => PromiseLike<unknown>): Promise<PromoteOutcome> {
  const lane = target?.laneId ? target : await pickLane(deps);
  if (!lane?.laneId) return {};
  const { api, projectPath } = connectionFor(deps, lane);
  const snapshot = deps.host.snapshot(lane.repoKey)?.lanes.find((l) => l.lane.id === lane.laneId);
  const view = snapshot?.pipeline;
  if (!view) {
    void deps.ask.inform('info', `The ${snapshot?.lane.title ?? lane.laneId} lane has no pipeline yet.`);
    return {};
  }
  const gate = nextGate(detectGates(view, await jobDeployments(api, projectPath), deps.patterns(lane.repoKey)));
  if (!gate) {
    void deps.ask.inform('info', `No gate is waiting in the ${snapshot.lane.title} lane: pipeline #${view.pipeline.id} is ${statusInfo(view.status).label.toLowerCase()}.`);
    return {};
  }
  const where = gate.deployment ? ` → ${gate.deployment.environment.name}` : '';
  const action = await deps.ask.pick(gate.actions.map((a) => ({ ...ACTION_LABELS[a], value: a })), {
    title: `${snapshot.lane.title}: ${gate.kind === 'manual' ? 'manual job' : gate.kind} gate ${gate.job.name}${where} (${gate.ref} @ ${gate.sha.slice(0, 8)})`,
    placeholder: gate.approval === 'required' ? 'Waiting for approval' : 'What now?',
  });
  if (!action) return { gate };
  const jobTarget: ReleaseTarget = { repoKey: lane.repoKey, pipelineId: gate.pipelineId, jobId: gate.job.id };
  const run: Readonly<Record<GateAction, () => Promise<unknown>>> = {
    play: () => playJob(deps, jobTarget, { gate }),
    'play-with-variables': () => playJob(deps, jobTarget, { gate, withVariables: true }),
    approve: () => decideDeployment(deps, 'approve', jobTarget),
    reject: () => decideDeployment(deps, 'reject', jobTarget),
    retry: () => retryJob(deps, jobTarget),
    cancel: () => cancelJob(deps, jobTarget),
    'open-log': () => deps.openLog(jobTarget, gate.job),
    'open-in-browser': () => Promise.resolve(openInBrowser(gate.job.web_url, api.instance.url)),
  };
  return { gate, action, result: await run[action]() };
}

async function pickLane(deps: ReleaseDeps): Promise<ReleaseTarget | undefined> {
  const items = deps.host.allConnections().flatMap((c) => (deps.host.snapshot(c.repoKey)?.lanes ?? []).map((l) => ({
    label: l.lane.title,
    description: [c.projectPath, l.lane.branch, l.pipeline ? `#${l.pipeline.pipeline.id} ${statusInfo(l.pipeline.status).label}` : 'no pipeline'].filter(Boolean).join(' · '),
    value: { repoKey: c.repoKey, laneId: l.lane.id },
  })));
  if (items.length === 0) throw new Error('No release lanes yet: sign in to GitLab and open a repository whose remote is on GitLab.');
  return deps.ask.pick(items, { title: 'Promote which lane?' });
}
