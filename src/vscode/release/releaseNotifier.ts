import type * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { RepoSnapshot } from '../../core/pipelines/snapshot';
import type { JobDeployment } from '../../core/release/gates/detectGates';
import { detectGates } from '../../core/release/gates/detectGates';
import type { GatePattern } from '../../core/release/gates/gatePatterns';
import type { EventButton, LaneGates, NotificationSetting, ReleaseEvent } from '../../core/release/notify/releaseEvents';
import { enabledEvents, NotificationLedger, releaseEvents } from '../../core/release/notify/releaseEvents';
import type { WatchedSets } from './releaseContext';
import type { ReleaseHost, ReleaseTarget } from './releaseHost';
import type { ReleaseUi } from './releaseUi';

const LEDGER_KEY = 'releasePilot.notifications.announced';

const BUTTON_LABELS: Readonly<Record<EventButton, string>> = {
  play: 'Play',
  approve: 'Approve...',
  'show-log': 'Show log',
  'open-in-browser': 'Open in browser',
};

export interface NotifierDeps {
  readonly host: ReleaseHost;
  readonly ui: ReleaseUi;
  readonly logger: Logger;
  readonly watched: WatchedSets;
  readonly patterns: () => readonly GatePattern[];
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
export class ReleaseNotifier implements vscode.Disposable {
  private readonly ledger: NotificationLedger;
  private readonly subscription: vscode.Disposable;
  private running: Promise<ReleaseEvent[]> = Promise.resolve([]);
  /** Every event shown, newest last (tests read this). */
  readonly shown: ReleaseEvent[] = [];

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
        lanes.push({ repoKey: repo.repoKey, laneTitle: lane.lane.title, pipeline: lane.pipeline, gates: detectGates(lane.pipeline, byJob, this.deps.patterns()) });
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
    this.shown.push(event);
    const labels = event.buttons.map((b) => BUTTON_LABELS[b]);
    void this.deps.ui.notify(event.severity, event.message, labels).then((choice) => {
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
