/**
 * Decides, per poll, what the lanes need read. Every poll makes one read per project, the
 * change feed (changeFeed.ts); lanes are read only when something they show can have moved:
 *
 * | lane | read again when |
 * |---|---|
 * | any | its pipeline (or a downstream one) runs; its last read failed; it was never read |
 * | dev / master | a pipeline on its branch moved |
 * | merge request | a pipeline of its MR, of its branch, or of the MR's target branch moved (merged?); an MR pipeline on the checked-out commit appeared (an MR opened elsewhere) |
 *
 * Start, a branch switch, a manual refresh and the user's own actions read every lane in
 * full (`LaneStore` does that). Deployments of waiting gates come from gateDeployments.ts; while
 * one waits for approval, the feed read that is due with its approvals is one GraphQL query
 * carrying both (gatesPoll.ts).
 *
 * The poller keeps one pace for the whole workspace, the fastest any repository needs (3 s while
 * something runs). A quiet repository (nothing running, last read fine) does not need that pace:
 * its feed is read on its own rest pace (`quietFeedEveryMs`, 30 s), so one running pipeline among
 * 50 repositories costs its own reads plus about 50 feed reads every 30 s, not 50 every 3 s.
 * The quiet feeds due are spread over the polls in between (the longest-unread first, as many
 * per poll as keeps each within its period), so no single poll reads them all at once.
 *
 * Each update also keeps to a read budget (readBudget.ts): the repositories the person looks at
 * first, the others oldest-read first as far as the budget goes, running ones out of view at a
 * background pace; a full read owed to many repositories is spread over several updates
 * (`WatchRefresh.owed` says how many wait; the poller's `continue` reads them right after).
 */
import type { GitLabApi, ProjectRef } from '../gitlab/client';
import { GitLabError } from '../gitlab/errors';
import type { PipelineBasic } from '../gitlab/models';
import { ChangeFeed } from './changeFeed';
import type { GateApi } from './gateDeployments';
import { GateDeployments } from './gateDeployments';
import type { GatesApproval } from './gatesQuery';
import { GatesPoll } from './gatesPoll';
import type { LaneId } from './lanes';
import type { LaneStore, RefreshOptions, RepoTarget, StoreRefresh } from './laneStore';
import type { RefreshReason } from './poller';
import type { Owed, ReadBudgetOptions } from './readBudget';
import { DEFAULT_BACKGROUND_EVERY_MS, DEFAULT_REQUESTS_PER_UPDATE, estimateReadCost, planReads, strongerOwed } from './readBudget';
import type { LaneSnapshot, PipelineView, RepoSnapshot } from './snapshot';
import { pipelineActivity, snapshotActivity } from './snapshot';

export interface WatchTarget extends RepoTarget {
  readonly api: RepoTarget['api'] & GateApi & Partial<Pick<GitLabApi, 'graphql' | 'instance'>>;
}

export interface LaneWatcherOptions {
  readonly now: () => number;
  /** How often a deployment waiting for approval is re-read (default 60 s). */
  readonly approvalEveryMs?: number;
  /** How often the feed of a repository where nothing runs is read while others run (default 30 s, the rest pace). */
  readonly quietFeedEveryMs?: number;
  /** How often a deployment waiting for approval is read with the feed in one GraphQL query (default 30 s). */
  readonly graphqlApprovalEveryMs?: number;
  /** Requests per update and the pace of running repositories out of view (readBudget.ts). */
  readonly budget?: ReadBudgetOptions;
}

export interface WatchRefresh extends StoreRefresh {
  /** Repositories still owed a read this update left for the next (the poller continues at once). */
  readonly owed: number;
}

export const DEFAULT_QUIET_FEED_EVERY_MS = 30_000;
/** Timers fire a little late; a feed due within this much counts as due. */
const FEED_DUE_SLACK_MS = 1_000;

/** An approval read this recently (in this very poll) needs no read when the repository comes to rest. */
const APPROVAL_JUST_READ_MS = 1_000;

/** Reasons that read every lane in full. */
const FULL_READS: ReadonlySet<RefreshReason> = new Set<RefreshReason>(['start', 'manual', 'user-action', 'branch-switch']);

/** How often coming back to the window re-reads the MR lane (an MR opened in the browser meanwhile). */
const FOCUS_MR_CHECK_MS = 2 * 60_000;

/** Merge-request pipelines run on `refs/merge-requests/<iid>/head` (or `/merge`, `/train`). */
const MR_REF = /^refs\/merge-requests\/(\d+)\//;

export class LaneWatcher {
  private readonly feeds = new Map<string, { readonly project: ProjectRef; readonly feed: ChangeFeed }>();
  private readonly gates: GateDeployments;
  private readonly gatesPoll: GatesPoll;
  private readonly lanesRead = new Map<string, string>();
  /** When each repository's MR lane was last looked at because the window regained focus. */
  private readonly focusChecks = new Map<string, number>();
  /** When each repository's feed was last read, and when the last timed poll ran. */
  private readonly feedReadAt = new Map<string, number>();
  private lastPollAt: number | undefined;
  private quietCredit = 0;
  /** Reads owed to repositories that an update's budget left for the next one. */
  private readonly owed = new Map<string, Owed>();

  constructor(private readonly store: LaneStore, private readonly options: LaneWatcherOptions) {
    this.gates = new GateDeployments(options.now, options.approvalEveryMs);
    this.gatesPoll = new GatesPoll(options.now, options.graphqlApprovalEveryMs);
  }

  /** Drops a repository (folder closed, signed out). */
  forget(repoKey: string): void {
    this.store.forget(repoKey);
    this.gates.forget(repoKey);
    this.feeds.delete(repoKey);
    this.lanesRead.delete(repoKey);
    this.feedReadAt.delete(repoKey);
    this.owed.delete(repoKey);
  }

  /**
   * One update: reads what is due within the budget and returns every repository's latest
   * snapshot. `focus` names the repositories the person looks at (by default the first target).
   */
  async refresh(targets: readonly WatchTarget[], reason: RefreshReason, focus?: ReadonlySet<string>): Promise<WatchRefresh> {
    let reads = 0;
    let unchanged = 0;
    const only = new Map<string, Set<LaneId>>();
    const sameHead = new Map<string, Set<LaneId>>();
    const moved = new Set<number>();
    const feedErrors: GitLabError[] = [];
    const lanesKeyOf = (target: WatchTarget) => target.lanes.map((l) => `${l.id}=${l.branch ?? ''}`).join('|');
    const focused = focus ?? new Set(targets.slice(0, 1).map((t) => t.repoKey));
    this.oweReads(targets, reason, focused, lanesKeyOf);
    const reading = this.plan(targets, reason, focused);
    const forced = new Set<string>();
    /** Repositories that were running before this update: coming to rest, their waiting deployment is read. */
    const wasActive = new Set<string>();
    for (const target of targets) {
      const owed = this.owed.get(target.repoKey);
      if (!reading.has(target.repoKey)) {
        only.set(target.repoKey, new Set());
        continue;
      }
      this.owed.delete(target.repoKey);
      if (owed === 'force') forced.add(target.repoKey);
      const feed = this.feedOf(target);
      const before = this.store.snapshot(target.repoKey);
      if (before && snapshotActivity([before]) === 'active') wasActive.add(target.repoKey);
      const everything = owed === 'full' || owed === 'force' || !before;
      try {
        const read = await feed.read(this.feedApiOf(target, feed, everything));
        this.feedReadAt.set(target.repoKey, this.options.now());
        reads++;
        if (read.notModified) unchanged++;
        for (const p of read.changed) moved.add(p.id);
        if (!everything && before && !read.everything) {
          const plan = this.lanesToRead(before, read.changed, owed === 'focus' && this.focusCheckDue(target.repoKey));
          only.set(target.repoKey, plan.read);
          sameHead.set(target.repoKey, plan.sameHead);
        }
      } catch (error) {
        if (!(error instanceof GitLabError)) throw error;
        reads++;
        // A feed that failed is read again on the next poll, whatever the repository's pace.
        this.feedReadAt.delete(target.repoKey);
        feedErrors.push(error);
        // Without the feed nothing is known to have moved: keep every lane as it was, unless never read.
        if (!everything) only.set(target.repoKey, new Set());
      }
      this.lanesRead.set(target.repoKey, lanesKeyOf(target));
    }
    const pending = targets.filter((t) => only.get(t.repoKey)?.size !== 0);
    const result = await this.readLanes(pending, forced, { only, sameHead, moved });
    const count = { reads: 0, unchanged: 0 };
    const snapshots: RepoSnapshot[] = [];
    for (const target of targets) {
      const snapshot = result?.snapshots.find((s) => s.repoKey === target.repoKey) ?? this.store.snapshot(target.repoKey);
      if (!snapshot) continue;
      const settled = wasActive.has(target.repoKey) && snapshotActivity([snapshot]) !== 'active' && this.approvalsStaleAtRest(target);
      snapshots.push(await this.gates.attach(snapshot, target.api, target.projectPath, count, forced.has(target.repoKey) || settled));
    }
    const error = result?.error ?? feedErrors[0];
    return {
      snapshots,
      activity: snapshotActivity(snapshots),
      ...(error ? { error } : {}),
      allUnchanged: (result ? result.allUnchanged : true) && count.reads === count.unchanged && unchanged === reads,
      reads: reads + (result?.reads ?? 0) + count.reads,
      owed: targets.filter((t) => this.owed.has(t.repoKey)).length,
    };
  }

  /**
   * The lane store's read of the repositories whose lanes are due. `force` (re-reading resting
   * pipelines' details) goes only to the repositories the person acted on, in a read of their own.
   */
  private async readLanes(pending: readonly WatchTarget[], forced: ReadonlySet<string>, options: Omit<RefreshOptions, 'force'>): Promise<StoreRefresh | undefined> {
    const acted = pending.filter((t) => forced.has(t.repoKey));
    const rest = pending.filter((t) => !forced.has(t.repoKey));
    const [a, b] = await Promise.all([
      acted.length > 0 ? this.store.refresh(acted, { ...options, force: true }) : undefined,
      rest.length > 0 ? this.store.refresh(rest, options) : undefined,
    ]);
    if (!a || !b) return a ?? b;
    const error = a.error ?? b.error;
    return {
      snapshots: [...a.snapshots, ...b.snapshots],
      activity: snapshotActivity([...a.snapshots, ...b.snapshots]),
      ...(error ? { error } : {}),
      allUnchanged: a.allUnchanged && b.allUnchanged,
      reads: a.reads + b.reads,
    };
  }

  /**
   * What this update's reason owes each repository: a full read on start, a manual refresh, a
   * branch switch or after an action (`force` for the focused ones: the action was theirs), or
   * when it was never read or its lanes changed; a feed read (and the MR check) on focus.
   */
  private oweReads(targets: readonly WatchTarget[], reason: RefreshReason, focused: ReadonlySet<string>, lanesKeyOf: (t: WatchTarget) => string): void {
    for (const target of targets) {
      const key = target.repoKey;
      const fresh = !this.store.snapshot(key) || this.lanesRead.get(key) !== lanesKeyOf(target);
      let owed: Owed | undefined;
      if (reason === 'user-action') owed = focused.has(key) ? 'force' : 'full';
      else if (FULL_READS.has(reason) || fresh) owed = 'full';
      else if (reason === 'focus') owed = 'focus';
      if (owed) this.owed.set(key, strongerOwed(this.owed.get(key), owed));
    }
  }

  /**
   * The repositories this update reads (readBudget.ts): those owed a read, and on a timed poll
   * the focused ones while they run, running ones out of view at the background pace and quiet
   * ones whose feed is due; focused first, the rest oldest-read first within the budget.
   */
  private plan(targets: readonly WatchTarget[], reason: RefreshReason, focused: ReadonlySet<string>): Set<string> {
    const now = this.options.now();
    const backgroundEvery = this.options.budget?.backgroundEveryMs ?? DEFAULT_BACKGROUND_EVERY_MS;
    const skipped = this.quietFeedsToSkip(targets, reason);
    const due = targets.filter((t) => {
      if (this.owed.has(t.repoKey)) return true;
      if (reason !== 'timer') return false;
      if (skipped.has(t.repoKey)) return false;
      if (focused.has(t.repoKey) || this.isQuiet(t)) return true;
      const readAt = this.feedReadAt.get(t.repoKey);
      return readAt === undefined || now - readAt >= backgroundEvery - FEED_DUE_SLACK_MS;
    });
    const candidates = due.map((t) => {
      const owed = this.owed.get(t.repoKey);
      return {
        repoKey: t.repoKey,
        cost: estimateReadCost(this.store.snapshot(t.repoKey), t.lanes, owed === 'full' || owed === 'force'),
        focused: focused.has(t.repoKey),
        lastReadAt: this.feedReadAt.get(t.repoKey),
      };
    });
    return new Set(planReads(candidates, this.options.budget?.requestsPerUpdate ?? DEFAULT_REQUESTS_PER_UPDATE).read);
  }

  /** Nothing runs, its last read was fine: its feed keeps the quiet pace. */
  private isQuiet(target: WatchTarget): boolean {
    const snapshot = this.store.snapshot(target.repoKey);
    return snapshot !== undefined && this.feedReadAt.has(target.repoKey) && snapshot.lanes.every((l) => !l.error) && snapshotActivity([snapshot]) !== 'active';
  }

  /**
   * The quiet repositories whose feed this poll leaves for later. Only timed polls skip: start,
   * focus, a manual refresh, a branch switch and the user's actions read every feed. A quiet feed
   * is read when its period is (nearly) over, and ahead of that the longest-unread ones are read
   * too, `quiet x elapsed / period` a poll on average, which spreads them over the period.
   */
  private quietFeedsToSkip(targets: readonly WatchTarget[], reason: RefreshReason): Set<string> {
    const now = this.options.now();
    const every = this.options.quietFeedEveryMs ?? DEFAULT_QUIET_FEED_EVERY_MS;
    // A continuation reads only what is owed and is no poll of its own: the pace counts from the poll.
    if (reason === 'continue') return new Set();
    const elapsed = Math.min(every, now - (this.lastPollAt ?? Number.NEGATIVE_INFINITY));
    this.lastPollAt = now;
    if (reason !== 'timer') return new Set();
    const quiet = targets.filter((t) => this.isQuiet(t));
    const age = (t: WatchTarget) => now - (this.feedReadAt.get(t.repoKey) ?? Number.NEGATIVE_INFINITY);
    const byAge = [...quiet].sort((a, b) => age(b) - age(a));
    // Reads ahead of time accrue as credit (quiet x elapsed / period), spent one whole read at a time.
    this.quietCredit = Math.min(quiet.length, this.quietCredit + (quiet.length * elapsed) / every);
    const read = byAge.filter((t, i) => age(t) >= every - FEED_DUE_SLACK_MS || i < Math.floor(this.quietCredit));
    this.quietCredit = Math.max(0, this.quietCredit - read.length);
    const reading = new Set(read.map((t) => t.repoKey));
    return new Set(quiet.filter((t) => !reading.has(t.repoKey)).map((t) => t.repoKey));
  }

  /**
   * A repository that just came to rest polls again a rest period later. While it ran, its waiting
   * approval was read with the feed every 30 s; if this last busy poll was not that one, the next
   * read would come up to a minute after the previous: read the approval now instead (once per
   * run that ends, and only where GraphQL keeps approvals at 30 s; the REST path keeps its minute).
   */
  private approvalsStaleAtRest(target: WatchTarget): boolean {
    if (!this.gatesPoll.answersFor(target.api)) return false;
    const now = this.options.now();
    return this.gates.waitingForApproval(target.repoKey).some((w) => now - w.readAt > APPROVAL_JUST_READ_MS);
  }

  /** What the feed reads through: REST, or the GraphQL query that also carries a waiting approval. */
  private feedApiOf(target: WatchTarget, feed: ChangeFeed, fullRead: boolean): ReturnType<GatesPoll['feedApi']> {
    return this.gatesPoll.feedApi({
      api: target.api,
      projectPath: target.projectPath,
      fullRead,
      feedPlaced: feed.placed,
      waiting: this.gates.waitingForApproval(target.repoKey),
      onApproval: (deploymentId: number, approval: GatesApproval) => this.gates.recordApproval(target.repoKey, deploymentId, approval),
    });
  }

  /**
   * Focus moves between windows (and back from the browser) often; only the focused window polls,
   * so each return costs the feed read, and the MR lane at most every FOCUS_MR_CHECK_MS.
   */
  private focusCheckDue(repoKey: string): boolean {
    const now = this.options.now();
    if (now - (this.focusChecks.get(repoKey) ?? Number.NEGATIVE_INFINITY) < FOCUS_MR_CHECK_MS) return false;
    this.focusChecks.set(repoKey, now);
    return true;
  }

  private feedOf(target: WatchTarget): ChangeFeed {
    const known = this.feeds.get(target.repoKey);
    if (known && known.project === target.projectPath) return known.feed;
    const feed = new ChangeFeed(target.projectPath);
    this.feeds.set(target.repoKey, { project: target.projectPath, feed });
    return feed;
  }

  /**
   * The lanes of one repository that something in `changed` (or their own state) can have moved,
   * and among them those whose latest pipeline is known to be the same (only its insides move).
   */
  private lanesToRead(before: RepoSnapshot, changed: readonly PipelineBasic[], checkMergeRequest: boolean): { read: Set<LaneId>; sameHead: Set<LaneId> } {
    const read = new Set<LaneId>();
    const sameHead = new Set<LaneId>();
    for (const lane of before.lanes) {
      if (!lane.lane.branch) continue;
      const touching = changed.filter((p) => touches(lane, p));
      const own = lane.pipeline ? ownPipelineIds(lane.pipeline) : new Set<number>();
      const onlyOwn = touching.every((p) => own.has(p.id));
      const running = lane.pipeline !== undefined && pipelineActivity(lane.pipeline) === 'active';
      if (lane.error) read.add(lane.lane.id);
      else if (touching.length > 0 || running) {
        read.add(lane.lane.id);
        if (onlyOwn && lane.pipeline) sameHead.add(lane.lane.id);
      }
      // Coming back to the window is when a user expects the MR they just opened to show.
      else if (checkMergeRequest && lane.lane.kind === 'mr') read.add(lane.lane.id);
    }
    return { read, sameHead };
  }
}

/** The lane's pipeline and the downstream pipelines shown under it. */
function ownPipelineIds(view: PipelineView): Set<number> {
  const ids = new Set<number>([view.pipeline.id]);
  for (const stage of view.stages) for (const job of stage.jobs) if (job.downstream) for (const id of ownPipelineIds(job.downstream)) ids.add(id);
  return ids;
}

/** Whether a moved pipeline can change what a lane shows. */
function touches(lane: LaneSnapshot, moved: PipelineBasic): boolean {
  const branch = lane.lane.branch;
  if (lane.pipeline?.pipeline.id === moved.id || moved.ref === branch) return true;
  if (lane.lane.kind !== 'mr') return false;
  const mr = lane.mergeRequest;
  const iid = MR_REF.exec(moved.ref)?.[1];
  if (mr && (Number(iid) === mr.iid || moved.ref === mr.target_branch)) return true;
  if (iid === undefined) return false;
  // Another MR's pipeline: a newly opened MR of this branch runs on the checked-out commit.
  // Without a known commit, any MR pipeline may be it while this lane has no MR.
  return lane.lane.sha ? moved.sha === lane.lane.sha : !mr;
}
