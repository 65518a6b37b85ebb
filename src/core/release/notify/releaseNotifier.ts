import type { Logger } from '../../logger';
import type { RepoSnapshot } from '../../lanes/snapshot';
import type { JobDeployment } from '../../lanes/jobDeployment';
import type { ApprovalState } from '../gates/actionTable';
import { detectGates } from '../gates/detectGates';
import type { GatePattern } from '../gates/gatePatterns';
import type { EventButton, LaneGates, NotificationSetting, ReleaseEvent } from './releaseEvents';
import { enabledEvents, isStanding, NotificationLedger, releaseEvents, StandingNotices } from './releaseEvents';
import type { WatchedSets } from '../actions/releaseDeps';
import type { Asker } from '../../asker';
import type { ReleaseHost } from '../actions/releaseDeps';
import type { ReleaseTarget } from '../actions/releaseTarget';
import type { NoticeAction, NoticeBoard } from './noticeBoard';

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
  /** Where gates waiting for a person are shown until a refresh says they no longer wait. */
  readonly board: NoticeBoard;
  /** Called when the approval state of the waiting gates changed (the tree's menus follow it). */
  readonly approvalsChanged?: () => void;
}

/**
 * Watches each lanes refresh for the moments that matter (core decides which: see
 * releaseEvents.ts), shows each once, with the buttons that act on it.
 */
export class ReleaseNotifier {
  private readonly ledger: NotificationLedger;
  /** Notices on screen about states that can end, and how to close each. */
  private readonly standing = new StandingNotices();
  private readonly closers = new Map<string, () => void>();
  private readonly subscription: { dispose(): void };
  private running: Promise<ReleaseEvent[]> = Promise.resolve([]);
  /** Approval state of the gates waiting for a person, as of the last check (the tree's menus read it). */
  private approvals = new Map<number, ApprovalState>();

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
    this.noteApprovals(lanes);
    const events = releaseEvents(lanes, this.deps.watched);
    for (const key of this.standing.settle(events)) this.close(key);
    const fresh = this.ledger.admit(events);
    if (fresh.length === 0) return [];
    await this.deps.memory.update(LEDGER_KEY, this.ledger.keys());
    const shown = enabledEvents(fresh, this.deps.enabled());
    for (const event of shown) this.show(event);
    return shown;
  }

  /** What is known about a job's deployment approval (undefined: not a waiting gate, or not known). */
  approvalOf(jobId: number): ApprovalState | undefined {
    return this.approvals.get(jobId);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const key of [...this.closers.keys()]) this.close(key);
  }

  private close(key: string): void {
    this.closers.get(key)?.();
    this.closers.delete(key);
    this.standing.dismissed(key);
  }

  private noteApprovals(lanes: readonly LaneGates[]): void {
    const next = new Map(lanes.flatMap((l) => l.gates.map((g) => [g.job.id, g.approval] as const)));
    const same = next.size === this.approvals.size && [...next].every(([id, state]) => this.approvals.get(id) === state);
    this.approvals = next;
    if (!same) this.deps.approvalsChanged?.();
  }

  private show(event: ReleaseEvent): void {
    if (isStanding(event)) return this.showStanding(event);
    const labels = event.buttons.map((b) => BUTTON_LABELS[b]);
    void this.deps.ask.inform(event.severity, event.message, labels).then((choice) => {
      const button = event.buttons[labels.indexOf(choice ?? '')];
      if (!button) return undefined;
      const target: ReleaseTarget = { repoKey: event.repoKey, projectId: event.projectId, pipelineId: event.pipelineId, ...(event.jobId !== undefined ? { jobId: event.jobId } : {}) };
      return this.deps.act(button, target, event);
    });
  }

  /** A gate waiting for a person: on screen until a refresh shows it no longer waits. */
  private showStanding(event: ReleaseEvent): void {
    const ended = new Promise<void>((resolve) => this.closers.set(event.key, resolve));
    this.standing.opened(event);
    const target: ReleaseTarget = { repoKey: event.repoKey, projectId: event.projectId, pipelineId: event.pipelineId, ...(event.jobId !== undefined ? { jobId: event.jobId } : {}) };
    const action: NoticeAction | undefined = event.buttons.includes('play')
      ? { label: `Play ${event.gate?.job.name ?? 'job'}`, button: 'play', target }
      : event.buttons.includes('approve') ? { label: `Approve ${event.gate?.job.name ?? 'deployment'}...`, button: 'approve', target } : undefined;
    this.deps.board.post(event.message, action, ended);
  }
}

/**
 * Where the lane's manual jobs deploy and their approval state: the lanes read it for every
 * refresh on their own budget (gateDeployments.ts), so notifications cost no request.
 */
function deploymentsOf(lane: RepoSnapshot['lanes'][number]): Map<number, JobDeployment> {
  return new Map(Object.entries(lane.deployments ?? {}).map(([jobId, deployment]) => [Number(jobId), deployment] as const));
}
