/**
 * Where the manual jobs of the lanes deploy, and whether their deployments wait for approval,
 * at a cost that does not grow with time spent waiting at a gate.
 *
 * - Where a job deploys is fixed when its pipeline is created, so the project's recent
 *   deployments and environments are read once per set of manual jobs (a new pipeline, a
 *   retried gate), never on a timer.
 * - An approval given elsewhere changes nothing a list shows. GitLab's
 *   `Deployments::ApprovalService#process_build!` (ee/app/services/deployments/approval_service.rb)
 *   only writes a `deployment_approvals` row when the environment has approval rules (a no-op
 *   for the job, which stays manual), and that row (ee/app/models/deployments/approval.rb)
 *   does not touch its deployment, so neither `updated_at` of the pipeline, the job nor the
 *   deployment moves: no `updated_after` list can show it. Only `GET .../deployments/:id`
 *   (`Entities::DeploymentExtended`, extended in ee/lib/ee/api/entities/deployment_extended.rb)
 *   carries `pending_approval_count` and the approvals; the list's `Entities::Deployment` does
 *   not. So each deployment still `blocked` is read on its own, slower pace (`approvalEveryMs`):
 *   the one extra request a minute of the gates-waiting state (3 a minute with the feed's 2).
 *   Without approval rules the last approval enqueues the job, which the change feed shows.
 */
import type { GitLabApi, ProjectRef } from '../gitlab/client';
import { GitLabError } from '../gitlab/errors';
import type { JobDeployment } from './jobDeployment';
import { deploymentsByJob } from './jobDeployment';
import type { LaneSnapshot, PipelineView, RepoSnapshot } from './snapshot';
import { statusInfo } from './statusTable';

/** The reads this needs. */
export type GateApi = Pick<GitLabApi, 'deployments' | 'environments' | 'deployment'>;

/** Recent deployments are enough: a pipeline's deployments are created with it. */
const RECENT_DEPLOYMENTS = 100;
/** Timers fire a little late in real time; a read due within this much counts as due. */
const DUE_SLACK_MS = 5_000;

export const DEFAULT_APPROVAL_EVERY_MS = 60_000;

interface Known {
  /** The manual jobs the deployments were read for. */
  readonly jobs: string;
  byJob: Record<number, JobDeployment>;
}

export interface WaitingDeployment {
  readonly deploymentId: number;
  readonly deploymentIid?: number;
  /** When its approvals were last read (epoch ms). */
  readonly readAt: number;
}

export interface GateReadCount {
  reads: number;
  unchanged: number;
}

/** What is known is kept per lane of a repository: `repoKey`, a NUL, the lane id (neither holds a NUL). */
function laneKey(repoKey: string, laneId: string): string {
  return `${repoKey}\u0000${laneId}`;
}

function isLaneOf(key: string, repoKey: string): boolean {
  return key.startsWith(laneKey(repoKey, ''));
}

export class GateDeployments {
  private readonly known = new Map<string, Known>();
  private readonly approvalsReadAt = new Map<string, number>();

  constructor(private readonly now: () => number, private readonly approvalEveryMs = DEFAULT_APPROVAL_EVERY_MS) {}

  /**
   * The deployments of a repository known to wait for approval, with when their approvals were
   * last read: what the GraphQL poll (gatesPoll.ts) can read in the same request as the feed.
   */
  waitingForApproval(repoKey: string): WaitingDeployment[] {
    const waiting: WaitingDeployment[] = [];
    for (const [key, known] of this.lanesOf(repoKey)) {
      for (const deployment of Object.values(known.byJob)) {
        if (deployment.status === 'blocked') waiting.push({ deploymentId: deployment.deploymentId, ...(deployment.deploymentIid !== undefined ? { deploymentIid: deployment.deploymentIid } : {}), readAt: this.approvalsReadAt.get(key) ?? 0 });
      }
    }
    return waiting;
  }

  /**
   * Takes an approval state read elsewhere (the GraphQL poll) as this deployment's latest read:
   * it shows, and the REST read of its lane is not due for another period.
   */
  recordApproval(repoKey: string, deploymentId: number, read: Pick<JobDeployment, 'status' | 'pendingApprovals' | 'approvals'>): void {
    for (const [key, known] of this.lanesOf(repoKey)) {
      const entry = Object.entries(known.byJob).find(([, d]) => d.deploymentId === deploymentId);
      if (!entry) continue;
      const [jobId, listed] = entry;
      const { pendingApprovals: _p, approvals: _a, ...base } = listed;
      known.byJob = { ...known.byJob, [Number(jobId)]: { ...base, ...read } };
      this.approvalsReadAt.set(key, this.now());
    }
  }

  /** Drops what is known about a repository. */
  forget(repoKey: string): void {
    for (const key of [...this.known.keys()]) if (isLaneOf(key, repoKey)) this.known.delete(key);
    for (const key of [...this.approvalsReadAt.keys()]) if (isLaneOf(key, repoKey)) this.approvalsReadAt.delete(key);
  }

  /** What is known about each lane of a repository, by lane key. */
  private lanesOf(repoKey: string): [string, Known][] {
    return [...this.known].filter(([key]) => isLaneOf(key, repoKey));
  }

  /**
   * The snapshot with each lane's deployments attached. Errors leave a lane without (or with its
   * last) deployments: gates still show from the jobs, only approval state is missing.
   * `approvalsNow` reads approvals even when not due (after the user acted).
   */
  async attach(snapshot: RepoSnapshot, api: GateApi, project: ProjectRef, count: GateReadCount, approvalsNow = false): Promise<RepoSnapshot> {
    const lanes = await Promise.all(snapshot.lanes.map(async (lane): Promise<LaneSnapshot> => {
      const view = lane.pipeline;
      const key = laneKey(snapshot.repoKey, lane.lane.id);
      if (!view || !waitsAtManualJob(view)) {
        this.known.delete(key);
        const { deployments: _dropped, ...rest } = lane;
        return rest;
      }
      try {
        const byJob = await this.deploymentsOf(key, view, api, project, count, approvalsNow);
        return { ...lane, deployments: byJob };
      } catch (error) {
        if (!(error instanceof GitLabError)) throw error;
        const last = this.known.get(key)?.byJob;
        return last ? { ...lane, deployments: last } : lane;
      }
    }));
    return { ...snapshot, lanes };
  }

  private async deploymentsOf(key: string, view: PipelineView, api: GateApi, project: ProjectRef, count: GateReadCount, approvalsNow: boolean): Promise<Record<number, JobDeployment>> {
    const jobs = `${view.pipeline.id}:${manualJobIds(view).join(',')}`;
    let known = this.known.get(key);
    if (!known || known.jobs !== jobs) {
      const [deployments, environments] = await Promise.all([
        api.deployments(project, { orderBy: 'id', sort: 'desc', perPage: RECENT_DEPLOYMENTS, maxPages: 1 }),
        api.environments(project),
      ]);
      tally(count, deployments.unchanged, environments.unchanged);
      const mine = new Set(manualJobIds(view));
      const byJob: Record<number, JobDeployment> = {};
      for (const [jobId, deployment] of deploymentsByJob(deployments.data, environments.data)) if (mine.has(jobId)) byJob[jobId] = deployment;
      known = { jobs, byJob };
      this.known.set(key, known);
      // The list just said where each deployment stands; approvals are due a full period later.
      this.approvalsReadAt.set(key, this.now());
      if (!approvalsNow) return known.byJob;
    }
    const blocked = Object.entries(known.byJob).filter(([, d]) => d.status === 'blocked');
    const due = approvalsNow || this.now() - (this.approvalsReadAt.get(key) ?? 0) >= this.approvalEveryMs - DUE_SLACK_MS;
    if (blocked.length === 0 || !due) return known.byJob;
    this.approvalsReadAt.set(key, this.now());
    const details = await Promise.all(blocked.map(([, d]) => api.deployment(project, d.deploymentId)));
    tally(count, ...details.map((d) => d.unchanged));
    const byJob = { ...known.byJob };
    blocked.forEach(([jobId, listed], i) => {
      const detail = details[i]!.data;
      byJob[Number(jobId)] = {
        ...listed,
        status: detail.status,
        ...(detail.pending_approval_count !== undefined ? { pendingApprovals: detail.pending_approval_count } : {}),
        ...(detail.approvals ? { approvals: detail.approvals } : {}),
      };
    });
    known.byJob = byJob;
    return byJob;
  }
}

/** A pipeline that is not finished and holds a manual or delayed job: its deployments matter. */
function waitsAtManualJob(view: PipelineView): boolean {
  return needsDeploymentInfo(view) && !statusInfo(view.pipeline.status).final;
}

function manualJobIds(view: PipelineView): number[] {
  return view.stages.flatMap((s) => s.jobs.filter((j) => j.kind === 'job' && (j.job.status === 'manual' || j.job.status === 'scheduled')).map((j) => j.job.id)).sort((a, b) => a - b);
}

function tally(count: GateReadCount, ...unchanged: boolean[]): void {
  count.reads += unchanged.length;
  count.unchanged += unchanged.filter(Boolean).length;
}

/** Jobs of a pipeline whose deployment environment matters: any with status manual or a known deployment. */
export function needsDeploymentInfo(view: PipelineView): boolean {
  return view.stages.some((s) => s.jobs.some((j) => j.kind === 'job' && (j.job.status === 'manual' || j.job.status === 'scheduled')));
}
