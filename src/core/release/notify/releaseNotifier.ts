import type { Logger } from '../../logger';
import type { RepoSnapshot } from '../../lanes/snapshot';
import { statusInfo } from '../../lanes/statusTable';
import { jobDeployments } from '../actions/deploymentLookup';
import type { JobDeployment } from '../gates/detectGates';
import { detectGates, needsDeploymentInfo } from '../gates/detectGates';
import type { GatePattern } from '../gates/gatePatterns';
import type { EventButton, LaneGates, NotificationSetting, ReleaseEvent } from './releaseEvents';
import { enabledEvents, NotificationLedger, releaseEvents } from './releaseEvents';
import type { WatchedSets } from '../actions/releaseDeps';
import type { Asker } from '../../asker';
import type { ReleaseHost } from '../actions/releaseDeps';
import type { ReleaseTarget } from '../actions/releaseTarget';

const LEDGER_KEY = 'releasePilot.notifications.announced';
/** Where jobs deploy changes only when pipelines are created; re-read it at most this often per project. */
const DEPLOYMENTS_TTL_MS = 30_000;

const BUTTON_LABELS: Readonly<Record<EventButton, string>> = {
  play: 'Play',
  approve: 'Approve...',
  'show-log': 'Show log',
  'open-in-browser': 'Open in browser',
};

export interface NotifierDeps {
  readonly host: ReleaseHost;
  readonly ask: Asker;
  readonly logger: Logger;
  readonly watched: WatchedSets;
  readonly patterns: (repoKey: string) => readonly GatePattern[];
  readonly enabled: () => Readonly<Record<NotificationSetting, boolean>>;
  readonly memory: { get<T>(key: string): T | undefined; update(key: string, value: unknown): PromiseLike<void> };
  /** Runs a button's action on the event's job. */
  readonly act: (button: EventButton, target: ReleaseTarget, event: ReleaseEvent) => Promise<unknown>;
  readonly now?: () => number;
}

/**
 * Watches each lanes refresh for the moments that matter (core decides which: see
 * releaseEvents.ts), shows each once, with the buttons that act on it.
 */
export class ReleaseNotifier  {
  private readonly ledger: NotificationLedger;
  private readonly deployments = new Map<string, { at: number; jobs: string; byJob: Map<number, JobDeployment> }>();
  private readonly subscription: { dispose(): void };
  private running: Promise<ReleaseEvent[]> = Promise.resolve([]);

  constructor(private readonly deps: NotifierDeps) {
    this.ledger = new NotificationLedger(deps.memory.get<string[]>(LEDGER_KEY) ?? []);
    this.subscription = deps.host.onDidRefresh((result) => {
      this.running = this.running.then(() => this.check(result.snapshots)).catch((error: unknown) => {
        deps.logger.warn(`Release notifications: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      });
    });
  }

  /** Resolves when the check of the latest refresh is done. */
  whenIdle(): Promise<ReleaseEvent[]> {
    return this.running;
  }

  /** Finds, dedupes and shows the events of one refresh; returns those shown. */
  async check(snapshots: readonly RepoSnapshot[]): Promise<ReleaseEvent[]> {
    const lanes: LaneGates[] = [];
    for (const repo of snapshots) {
      for (const lane of repo.lanes) {
        if (!lane.pipeline) continue;
        const byJob = await this.deploymentsFor(repo, lane.pipeline);
        lanes.push({ repoKey: repo.repoKey, laneTitle: lane.lane.title, pipeline: lane.pipeline, gates: detectGates(lane.pipeline, byJob, this.deps.patterns(repo.repoKey)) });
      }
    }
    const fresh = this.ledger.admit(releaseEvents(lanes, this.deps.watched));
    if (fresh.length === 0) return [];
    await this.deps.memory.update(LEDGER_KEY, this.ledger.keys());
    const shown = enabledEvents(fresh, this.deps.enabled());
    for (const event of shown) this.show(event);
    return shown;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private show(event: ReleaseEvent): void {
    const labels = event.buttons.map((b) => BUTTON_LABELS[b]);
    void this.deps.ask.inform(event.severity, event.message, labels).then((choice) => {
      const button = event.buttons[labels.indexOf(choice ?? '')];
      if (!button) return undefined;
      const target: ReleaseTarget = { repoKey: event.repoKey, projectId: event.projectId, pipelineId: event.pipelineId, ...(event.jobId !== undefined ? { jobId: event.jobId } : {}) };
      return this.deps.act(button, target, event);
    });
  }

  /** Only pipelines at a manual job need to know where their jobs deploy. */
  private async deploymentsFor(repo: RepoSnapshot, view: NonNullable<RepoSnapshot['lanes'][number]['pipeline']>): Promise<Map<number, JobDeployment>> {
    if (!needsDeploymentInfo(view) || statusInfo(view.pipeline.status).final) return new Map();
    const connection = this.deps.host.connection(repo.repoKey);
    if (!connection) return new Map();
    const jobs = view.stages.flatMap((s) => s.jobs.filter((j) => j.job.status === 'manual').map((j) => `${j.job.id}`)).join(',');
    const key = `${connection.api.instance.url}|${connection.projectPath}`;
    const now = (this.deps.now ?? Date.now)();
    const cached = this.deployments.get(key);
    if (cached && cached.jobs === jobs && now - cached.at < DEPLOYMENTS_TTL_MS) return cached.byJob;
    const byJob = await jobDeployments(connection.api, connection.projectPath);
    this.deployments.set(key, { at: now, jobs, byJob });
    return byJob;
  }
}
