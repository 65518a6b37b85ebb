/**
 * What is deployed where, in as few requests as GitLab allows: the project's available
 * environments (one list) and its recent deployments (one list, newest first), which together
 * give each environment its last successful deployment and anything newer (running, waiting for
 * approval, failed). GitLab's environment list carries no `last_deployment` (only the single
 * environment answer does), so an environment whose last success is older than the recent page
 * gets one filtered read of its own, at most {@link MAX_OLDER_READS} of them. Approvals still
 * missing show only in the single-deployment answer: it is read for waiting deployments alone.
 *
 * Nothing here runs on a timer: the editor reads on demand and when the lanes saw a deployment move.
 */
import type { GitLabApi, ProjectRef } from '../gitlab/client';
import type { Deployment, Environment } from '../gitlab/models';

/** One page of recent deployments: a project's environments rarely lag further behind. */
export const RECENT_DEPLOYMENTS = 100;
/** Environments whose last success is older than the recent page, read one by one up to this many. */
export const MAX_OLDER_READS = 10;

export interface EnvironmentRow {
  readonly environment: Environment;
  /** The last successful deployment: what runs there now (undefined: never deployed, or too old to look up). */
  readonly deployed?: Deployment;
  /** A deployment newer than `deployed` that has not succeeded (running, waiting for approval, failed, canceled). */
  readonly latest?: Deployment;
  /** Approvals `latest` still waits for, when GitLab says (Premium). */
  readonly pendingApprovals?: number;
}

/** How many requests a read made: counted for the polling budget (docs/benchmarks.md). */
export interface EnvironmentsRead {
  readonly rows: readonly EnvironmentRow[];
  readonly requests: number;
}

export async function readEnvironments(api: GitLabApi, project: ProjectRef): Promise<EnvironmentsRead> {
  const [environments, recent] = await Promise.all([
    api.environments(project, { states: 'available' }),
    api.deployments(project, { orderBy: 'id', sort: 'desc', perPage: RECENT_DEPLOYMENTS, maxPages: 1 }),
  ]);
  let requests = 2;
  const byEnvironment = new Map<number, Deployment[]>();
  for (const d of recent.data) {
    const list = byEnvironment.get(d.environment.id) ?? [];
    list.push(d);
    byEnvironment.set(d.environment.id, list);
  }
  const full = recent.data.length >= RECENT_DEPLOYMENTS;
  let olderReads = 0;
  const rows = await Promise.all(environments.data.map(async (environment): Promise<EnvironmentRow> => {
    const mine = byEnvironment.get(environment.id) ?? [];
    let deployed = mine.find((d) => d.status === 'success');
    if (!deployed && full && olderReads < MAX_OLDER_READS) {
      olderReads++;
      requests++;
      deployed = (await api.deployments(project, { environment: environment.name, status: 'success', orderBy: 'id', sort: 'desc', perPage: 1, maxPages: 1 })).data[0];
    }
    const latest = mine[0] && mine[0].id !== deployed?.id && (deployed === undefined || mine[0].id > deployed.id) ? mine[0] : undefined;
    let pendingApprovals: number | undefined;
    if (latest?.status === 'blocked') {
      requests++;
      pendingApprovals = (await api.deployment(project, latest.id)).data.pending_approval_count;
    }
    return { environment, ...(deployed ? { deployed } : {}), ...(latest ? { latest } : {}), ...(pendingApprovals !== undefined ? { pendingApprovals } : {}) };
  }));
  return { rows, requests };
}

/**
 * A fingerprint of what the lanes show about deployments: each lane pipeline's id and status and
 * the status of its jobs that deploy. When it changes, a deployment may have moved and the
 * environments are worth reading again; when it does not, they are not (no request at rest).
 */
export function deploymentFingerprint(lanes: readonly {
  readonly pipeline?: { readonly pipeline: { readonly id: number }; readonly status: string; readonly stages: readonly { readonly jobs: readonly { readonly job: { readonly id: number; readonly status: string } }[] }[] };
  readonly deployments?: Readonly<Record<number, unknown>>;
}[]): string {
  return lanes.map((lane) => {
    const view = lane.pipeline;
    if (!view) return '-';
    const deploying = Object.keys(lane.deployments ?? {}).map(Number);
    const jobs = view.stages.flatMap((s) => s.jobs).filter((j) => deploying.includes(j.job.id)).map((j) => `${j.job.id}:${j.job.status}`);
    return `${view.pipeline.id}:${view.status}[${jobs.join(',')}]`;
  }).join('|');
}
