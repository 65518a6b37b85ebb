/**
 * The moments worth interrupting someone for, decided from lane snapshots: a lane reached a
 * gate (canary ready to play, production awaiting approval or ready to play), and a pipeline
 * the user started or a gate the user played finished. Each event has a key; the ledger makes
 * sure a key is announced once, across refreshes and reloads.
 */
import type { PipelineView } from '../../lanes/snapshot';
import type { StatusKey } from '../../lanes/statusTable';
import { statusInfo } from '../../lanes/statusTable';
import type { Gate } from '../gates/detectGates';

export type ReleaseEventKind = 'gate-ready' | 'gate-awaiting-approval' | 'pipeline-finished' | 'job-finished';
export type NotificationSetting = 'gates' | 'startedPipelines' | 'playedJobs';
export type EventButton = 'play' | 'approve' | 'show-log' | 'open-in-browser';

export interface ReleaseEvent {
  readonly key: string;
  readonly kind: ReleaseEventKind;
  /** Which setting turns this kind off. */
  readonly setting: NotificationSetting;
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly buttons: readonly EventButton[];
  readonly repoKey: string;
  readonly projectId: number;
  readonly pipelineId: number;
  readonly jobId?: number;
  readonly gate?: Gate;
  readonly webUrl?: string;
}

/** One lane as the notifier sees it: the latest pipeline and its waiting gates. */
export interface LaneGates {
  readonly repoKey: string;
  readonly laneTitle: string;
  readonly pipeline: PipelineView;
  readonly gates: readonly Gate[];
}

/** What this user set in motion (from this window). */
export interface Watched {
  readonly pipelines: ReadonlySet<number>;
  readonly jobs: ReadonlySet<number>;
}

interface Outcome {
  readonly words: string;
  readonly severity: ReleaseEvent['severity'];
}

/** Final statuses and how they are announced; anything else is not finished. */
const OUTCOMES: Readonly<Partial<Record<StatusKey, Outcome>>> = {
  success: { words: 'passed', severity: 'info' },
  success_with_warnings: { words: 'passed with warnings', severity: 'warning' },
  failed: { words: 'failed', severity: 'error' },
  failed_allowed: { words: 'failed (allowed to fail)', severity: 'warning' },
  canceled: { words: 'was canceled', severity: 'warning' },
};

const GATE_NAMES = { canary: 'Canary', production: 'Production', manual: 'Manual job', none: 'Job' } as const;

export function releaseEvents(lanes: readonly LaneGates[], watched: Watched): ReleaseEvent[] {
  const events: ReleaseEvent[] = [];
  for (const lane of lanes) {
    const { pipeline } = lane.pipeline;
    const base = { repoKey: lane.repoKey, projectId: pipeline.project_id, pipelineId: pipeline.id };
    // A finished pipeline keeps its unplayed manual jobs as `manual`, but nobody waits on them.
    const gates = statusInfo(pipeline.status).final ? [] : lane.gates;
    for (const gate of gates) {
      if (gate.kind !== 'canary' && gate.kind !== 'production') continue;
      const where = gate.deployment?.environment.name ?? gate.job.name;
      const event = { ...base, jobId: gate.job.id, gate, webUrl: gate.job.web_url, setting: 'gates' as const, severity: 'info' as const };
      if (gate.approval === 'required') {
        events.push({
          ...event,
          key: `awaiting-approval:${pipeline.project_id}:${gate.job.id}`,
          kind: 'gate-awaiting-approval',
          message: `${lane.laneTitle}: ${GATE_NAMES[gate.kind]} deployment to ${where} (${gate.ref} @ ${gate.sha.slice(0, 8)}) is waiting for approval.`,
          buttons: ['approve', 'open-in-browser'],
        });
      } else if (gate.actions.includes('play')) {
        events.push({
          ...event,
          key: `ready:${pipeline.project_id}:${gate.job.id}:${gate.approval}`,
          kind: 'gate-ready',
          message: `${lane.laneTitle}: ${GATE_NAMES[gate.kind]} gate ${gate.job.name} is ready to play (${gate.ref} @ ${gate.sha.slice(0, 8)}${gate.approval === 'approved' ? ', approved' : ''}).`,
          buttons: ['play', 'open-in-browser'],
        });
      }
    }
    const outcome = OUTCOMES[lane.pipeline.status];
    if (outcome && watched.pipelines.has(pipeline.id)) {
      events.push({
        ...base,
        key: `pipeline-finished:${pipeline.project_id}:${pipeline.id}`,
        kind: 'pipeline-finished',
        setting: 'startedPipelines',
        severity: outcome.severity,
        message: `${lane.laneTitle}: pipeline #${pipeline.id} on ${pipeline.ref} ${outcome.words}.`,
        buttons: ['open-in-browser'],
        webUrl: pipeline.web_url,
      });
    }
    for (const stage of lane.pipeline.stages) {
      for (const job of stage.jobs) {
        const jobOutcome = OUTCOMES[job.status];
        if (!jobOutcome || !watched.jobs.has(job.job.id)) continue;
        events.push({
          ...base,
          key: `job-finished:${pipeline.project_id}:${job.job.id}`,
          kind: 'job-finished',
          setting: 'playedJobs',
          severity: jobOutcome.severity,
          jobId: job.job.id,
          message: `${lane.laneTitle}: ${job.job.name} ${jobOutcome.words} (pipeline #${pipeline.id}).`,
          buttons: ['show-log', 'open-in-browser'],
          webUrl: job.job.web_url,
        });
      }
    }
  }
  return events;
}

/** Keys already announced, oldest first; bounded so a long-lived workspace does not grow it forever. */
export class NotificationLedger {
  private readonly seen: string[];
  private readonly index: Set<string>;

  constructor(initial: readonly string[] = [], private readonly limit = 500) {
    this.seen = initial.slice(-limit);
    this.index = new Set(this.seen);
  }

  /** The events not announced before, now marked as announced. */
  admit(events: readonly ReleaseEvent[]): ReleaseEvent[] {
    const fresh: ReleaseEvent[] = [];
    for (const event of events) {
      if (this.index.has(event.key)) continue;
      this.index.add(event.key);
      this.seen.push(event.key);
      fresh.push(event);
    }
    while (this.seen.length > this.limit) this.index.delete(this.seen.shift()!);
    return fresh;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /** For workspaceState. */
  keys(): string[] {
    return [...this.seen];
  }
}

/** Events about a state that can stop being true (a gate waiting for a person), as opposed to news that stays true (a job finished). */
export function isStanding(event: ReleaseEvent): boolean {
  return event.kind === 'gate-ready' || event.kind === 'gate-awaiting-approval';
}

/**
 * The standing notices on screen. Each refresh's events are the truth: a notice whose event
 * is no longer among them (the canary was played, the approval given, a newer pipeline took
 * the lane) has stopped being true and must go, whatever the ledger remembers having shown.
 */
export class StandingNotices {
  private readonly open = new Set<string>();

  /** A standing event was shown. */
  opened(event: ReleaseEvent): void {
    if (isStanding(event)) this.open.add(event.key);
  }

  /** The person closed it. */
  dismissed(key: string): void {
    this.open.delete(key);
  }

  /** Keys of shown notices the current events no longer support; they are forgotten. */
  settle(current: readonly ReleaseEvent[]): string[] {
    const stillTrue = new Set(current.filter(isStanding).map((e) => e.key));
    const ended = [...this.open].filter((key) => !stillTrue.has(key));
    for (const key of ended) this.open.delete(key);
    return ended;
  }

  get keys(): readonly string[] {
    return [...this.open];
  }
}

/** Drops events whose kind the user turned off (they still count as announced: turning it back on does not replay old news). */
export function enabledEvents(events: readonly ReleaseEvent[], enabled: Readonly<Record<NotificationSetting, boolean>>): ReleaseEvent[] {
  return events.filter((e) => enabled[e.setting]);
}
