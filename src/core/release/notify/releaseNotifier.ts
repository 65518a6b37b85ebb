import type { Logger } from '../../logger';
import type { RepoSnapshot } from '../../lanes/snapshot';
import type { JobDeployment } from '../../lanes/jobDeployment';
import { detectGates } from '../gates/detectGates';
import type { GatePattern } from '../gates/gatePatterns';
import type { EventButton, LaneGates, NotificationSetting, ReleaseEvent } from './releaseEvents';
import { enabledEvents, NotificationLedger, releaseEvents } from './releaseEvents';
import type { WatchedSets } from '../actions/releaseDeps';
import type { Asker } from '../../asker';
import type { ReleaseHost } from '../actions/releaseDeps';
import type { ReleaseTarget } from '../actions/releaseTarget';

const LEDGER_KEY = 'releasePilot.notifications.announced';

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
}

/**
 * Watches each lanes refresh for the moments that matter (core decides which: see
 * releaseEvents.ts), shows each once, with the buttons that act on it.
 */
export class ReleaseNotifier  {
  private readonly ledger: NotificationLedger;
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
        const byJob = deploymentsOf(lane);
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
}

/**
 * Where the lane's manual jobs deploy and their approval state: the lanes read it for every
 * refresh on their own budget (gateDeployments.ts), so notifications cost no request.
 */
function deploymentsOf(lane: RepoSnapshot['lanes'][number]): Map<number, JobDeployment> {
  return new Map(Object.entries(lane.deployments ?? {}).map(([jobId, deployment]) => [Number(jobId), deployment] as const));
}
