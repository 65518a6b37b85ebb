/**
 * How much one update of the lanes may read (issue 10). Each request costs the extension host
 * about half a millisecond of CPU (HTTP, gitbeaker, the shape checks, the lane store; a page of 100
 * jobs about twice that) and the update then builds and diffs the tree, so an update that reads 50
 * repositories at once takes 100-200 ms of the host's CPU. A budget per update, counted in
 * estimated requests, bounds that by design:
 *
 * | repository | read on an update when | within the budget |
 * |---|---|---|
 * | the one(s) the person looks at (`focus`: active editor, expanded in the tree) | every timed poll while something runs (issue 12's pace), or it is owed a read | always, first, outside the budget |
 * | another, owed a read (never read, start, manual refresh, branch switch, focus, an action) | now | oldest read first |
 * | another, something running (or its last read failed) | at the background pace, `backgroundEveryMs` | oldest read first |
 * | another, quiet | its quiet feed is due (laneWatcher.ts spreads those over 30 s) | oldest read first |
 *
 * What does not fit waits, oldest-read first on the next update, so every repository gets its turn
 * (round robin by age, never starved by cheaper ones). A read owed now (the first read of 50
 * repositories, a manual refresh) is split over several updates one after the other (the poller's
 * `continue`), each applied and drawn as it arrives; repositories not read yet show as loading.
 */
import type { LaneSpec } from './lanes';
import type { PipelineView, RepoSnapshot } from './snapshot';
import { pipelineActivity } from './snapshot';

export interface ReadBudgetOptions {
  /** Estimated cost (in small answers, see `estimateReadCost`) one update may read beside the focused repositories (default 24). */
  readonly requestsPerUpdate?: number;
  /** How often a running repository nobody is looking at is read (default 12 s). */
  readonly backgroundEveryMs?: number;
}

/**
 * An update costs about: the focused repositories (a 500-job pipeline: 7 requests, 7-12 ms of CPU,
 * measured), plus this budget for the others (a small answer 0.4-0.6 ms, so 24 units are about
 * 10-15 ms), plus the tree build and diff (a 2,000-node tree: 3-15 ms): under issue 10's 50 ms
 * with room for a garbage collection. 24 units read 4-5 running repositories a poll, so 50 of
 * them running at once are each read every 10-12 polls; a dozen, every 12 s.
 */
export const DEFAULT_REQUESTS_PER_UPDATE = 24;
/** A person cannot watch 50 repositories at once: the ones out of view move every 10-15 s. */
export const DEFAULT_BACKGROUND_EVERY_MS = 12_000;

/** What a repository is owed, weakest first: the later kinds include the earlier ones. */
export const OWED_ORDER = ['feed', 'focus', 'full', 'force'] as const;
export type Owed = (typeof OWED_ORDER)[number];

export function strongerOwed(a: Owed | undefined, b: Owed): Owed {
  return a !== undefined && OWED_ORDER.indexOf(a) >= OWED_ORDER.indexOf(b) ? a : b;
}

export interface ReadCandidate {
  readonly repoKey: string;
  /** Estimated requests reading it costs now. */
  readonly cost: number;
  /** The person is looking at it: always read, first. */
  readonly focused: boolean;
  /** When it was last read (epoch ms); undefined for never. */
  readonly lastReadAt: number | undefined;
}

/**
 * Which candidates this update reads: the focused ones (outside the budget: what the person looks
 * at is never held back), then the others oldest-read first while their estimated cost fits the
 * budget. The first one that does not fit ends the
 * list (a costly repository is not passed over for cheaper ones forever); at least one unfocused
 * candidate is read per update, so a budget below one repository's cost still makes progress.
 */
export function planReads(candidates: readonly ReadCandidate[], requestsPerUpdate: number): { read: string[]; deferred: string[] } {
  const focused = candidates.filter((c) => c.focused);
  const others = candidates.filter((c) => !c.focused).sort((a, b) => (a.lastReadAt ?? Number.NEGATIVE_INFINITY) - (b.lastReadAt ?? Number.NEGATIVE_INFINITY));
  let spent = 0;
  const read = focused.map((c) => c.repoKey);
  const deferred: string[] = [];
  let open = true;
  for (const candidate of others) {
    const first = read.length === focused.length;
    if (open && (first || spent + candidate.cost <= requestsPerUpdate)) {
      read.push(candidate.repoKey);
      spent += candidate.cost;
    } else {
      open = false;
      deferred.push(candidate.repoKey);
    }
  }
  return { read, deferred };
}

/** GitLab's largest page: a pipeline of 500 jobs takes 5 reads. */
const PAGE = 100;
/**
 * Parsing and checking 50 jobs costs about as much as one more small answer: measured at scale, the
 * 500-job pipeline's 7 requests took 7-12 ms of CPU, ten 3-job repositories' 30 requests 11-24 ms.
 */
const JOBS_PER_UNIT = 50;
/** A branch never read: its pipelines, the pipeline, a page of jobs and the trigger jobs. */
const UNKNOWN_LANE_COST = 4;
/** The merge-request lane first looks for the MR and its pipelines. */
const MR_LOOKUP_COST = 2;

/**
 * What reading a repository costs, in small answers (one per request, plus one per 100 jobs to
 * parse and check; 50 jobs count as one more), estimated from what its last snapshot showed: the
 * change feed, and for each running pipeline the pipeline (re-read on a poll only when the feed
 * shows it moved, which a running one does at every stage: counted always, so the estimate errs
 * high), its jobs (a page per 100), trigger jobs and running children. `everything` is a full
 * read (each branch's head looked up again; details only where the pipeline runs, as the lane
 * store reuses resting ones). Never read: every branch's head and details. Lanes on one branch or
 * pipeline (the MR lane falling back to dev's) share their reads, as the lane store does.
 */
export function estimateReadCost(snapshot: RepoSnapshot | undefined, lanes: readonly LaneSpec[], everything: boolean): number {
  const mrLookup = (kinds: readonly { readonly kind: string; readonly branch?: string | undefined }[]) => (kinds.some((l) => l.kind === 'mr' && l.branch) ? MR_LOOKUP_COST : 0);
  const branches = (specs: readonly LaneSpec[]) => new Set(specs.map((l) => l.branch).filter((b) => b !== undefined)).size;
  if (!snapshot) return 1 + branches(lanes) * UNKNOWN_LANE_COST + mrLookup(lanes);
  const specs = snapshot.lanes.map((l) => l.lane);
  let cost = 1 + (everything ? branches(specs) + mrLookup(specs) : 0);
  const counted = new Set<number>();
  for (const lane of snapshot.lanes) {
    if (!lane.lane.branch) continue;
    if (lane.error) cost += UNKNOWN_LANE_COST;
    else if (lane.pipeline && !counted.has(lane.pipeline.pipeline.id) && pipelineActivity(lane.pipeline) === 'active') {
      counted.add(lane.pipeline.pipeline.id);
      cost += viewCost(lane.pipeline);
    }
  }
  return cost;
}

function viewCost(view: PipelineView): number {
  // Jobs are read with their retried attempts.
  const jobs = view.stages.reduce((n, s) => n + s.jobs.filter((j) => j.kind !== 'bridge').reduce((m, j) => m + j.attempts, 0), 0);
  const bridges = view.stages.some((s) => s.jobs.some((j) => j.kind === 'bridge'));
  let cost = 1 + Math.max(1, Math.ceil(jobs / PAGE)) + jobs / JOBS_PER_UNIT + (bridges ? 1 : 0);
  for (const stage of view.stages) {
    for (const job of stage.jobs) if (job.downstream && pipelineActivity(job.downstream) === 'active') cost += viewCost(job.downstream);
  }
  return cost;
}
