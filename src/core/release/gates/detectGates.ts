/**
 * Finds the gates of a pipeline: jobs waiting for a person (manual or delayed) and jobs whose
 * deployment waits for approval on a protected environment. Jobs carry no environment, so
 * where each job deploys comes from the project's deployments (`deployable` is the job),
 * with tiers from its environments.
 */
import type { CommitBasic, Job } from '../../gitlab/models';
import type { JobDeployment } from '../../lanes/jobDeployment';
import type { PipelineView } from '../../lanes/snapshot';
import type { StatusKey } from '../../lanes/statusTable';
import { jobStatusKey } from '../../lanes/statusTable';
import type { ApprovalState, GateAction, JobGateKind } from './actionTable';
import { allowedActions, JOB_PHASE } from './actionTable';
import type { GatePattern } from './gatePatterns';
import { classifyJob } from './gatePatterns';

export interface Gate {
  readonly kind: JobGateKind;
  readonly job: Job;
  readonly status: StatusKey;
  readonly pipelineId: number;
  readonly projectId: number;
  readonly ref: string;
  readonly sha: string;
  readonly commit?: CommitBasic;
  readonly deployment?: JobDeployment;
  readonly approval: ApprovalState;
  readonly actions: readonly GateAction[];
}

/** A rejection is final for a deployment; otherwise `blocked` means approvals are missing. */
export function approvalState(deployment: JobDeployment | undefined): ApprovalState {
  if (!deployment) return 'not-required';
  if (deployment.approvals?.some((a) => a.status === 'rejected')) return 'rejected';
  if (deployment.status === 'blocked') return 'required';
  if (deployment.approvals?.some((a) => a.status === 'approved')) return 'approved';
  return 'not-required';
}

/** Everything known about one job of a pipeline, gate or not. */
export function describeJob(
  job: Job,
  pipeline: { readonly id: number; readonly project_id: number; readonly ref: string; readonly sha: string },
  deployments: ReadonlyMap<number, JobDeployment>,
  patterns: readonly GatePattern[],
  commit?: CommitBasic,
): Gate {
  const deployment = deployments.get(job.id);
  const status = jobStatusKey(job);
  const classified = classifyJob(job, deployment?.environment, patterns);
  const kind: JobGateKind = classified ?? (job.status === 'manual' || deployment?.status === 'blocked' ? 'manual' : 'none');
  const approval = approvalState(deployment);
  const jobCommit = commit ?? job.commit;
  return {
    kind,
    job,
    status,
    pipelineId: pipeline.id,
    projectId: pipeline.project_id,
    ref: pipeline.ref,
    sha: pipeline.sha,
    ...(jobCommit ? { commit: jobCommit } : {}),
    ...(deployment ? { deployment } : {}),
    approval,
    actions: allowedActions({ status, kind, approval }),
  };
}

/** Whether a job waits for a person right now. */
export function isWaitingGate(gate: Gate): boolean {
  const phase = (JOB_PHASE as Readonly<Record<string, string>>)[gate.status];
  return phase === 'manual' || phase === 'scheduled' || gate.approval === 'required';
}

/** The gates of a pipeline that wait for a person, in stage order. */
export function detectGates(view: PipelineView, deployments: ReadonlyMap<number, JobDeployment>, patterns: readonly GatePattern[]): Gate[] {
  const gates: Gate[] = [];
  for (const stage of view.stages) {
    for (const jobView of stage.jobs) {
      if (jobView.kind !== 'job') continue;
      const gate = describeJob(jobView.job, view.pipeline, deployments, patterns, view.commit);
      if (isWaitingGate(gate)) gates.push(gate);
    }
  }
  return gates;
}

/**
 * The gate to act on next: the earliest in stage order, preferring canary/production over
 * optional manual jobs that do not hold the pipeline (GitLab's default `allow_failure: true`).
 */
export function nextGate(gates: readonly Gate[]): Gate | undefined {
  const holding = gates.filter((g) => !g.job.allow_failure || g.kind === 'canary' || g.kind === 'production');
  return holding[0] ?? gates[0];
}
