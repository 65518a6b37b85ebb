/**
 * How much one update of the lanes may read (issue 10). Each request costs the extension host
 * about half a millisecond of CPU (HTTP, gitbeaker, the shape checks, the lane store; a page of 100
 * jobs about twice that) and the update then builds and diffs the tree, so an update that reads 50
 * repositories at once takes 100-200 ms of the host's CPU. A budget per update, counted in
 * estimated requests, bounds that by design:
 *
 * | repository | read on an update when | within the budget |
 * |---|---|---|
 * | the one(s) the person looks at (`focus`: active editor, expanded in the tree) | every timed poll while something runs (issue 12's pace), or it is owed a read | always, first |
 * | another, owed a read (never read, start, manual refresh, branch switch, focus, an action) | now | oldest read first |
 * | another, something running (or its last read failed) | at the background pace, `backgroundEveryMs` | oldest read first |
 * | another, quiet | its quiet feed is due (laneWatcher.ts spreads those over 30 s) | oldest read first |
 *
 * What does not fit waits, oldest-read first on the next update, so every repository gets its turn
 * (round robin by age, never starved by cheaper ones). A read owed now (the first read of 50
 * repositories, a manual refresh) is split over several updates a moment apart (the poller's
 * `continue`), each applied and drawn as it arrives; repositories not read yet show as loading.
 */
import type { LaneSpec } from './lanes';
import type { LaneSnapshot, PipelineView, RepoSnapshot } from './snapshot';
import { pipelineActivity } from './snapshot';

export interface ReadBudgetOptions {
  /** Estimated cost (in requests, see `estimateReadCost`) one update may read, the focused repositories' included (default 36). */
  readonly requestsPerUpdate?: number;
  /** How often a running repository nobody is looking at is read (default 12 s). */
  readonly backgroundEveryMs?: number;
}

/**
 * Measured at scale (docs/benchmarks.md): a small answer (a change feed, a pipeline, a short job
 * list) costs about 0.5 ms of CPU, a page of 100 jobs about twice that. 36 such units are about
 * 18-20 ms, which leaves the tree build and diff of a 2,000-node tree (10-25 ms) room under
 * issue 10's 50 ms per update.
 */
export const DEFAULT_REQUESTS_PER_UPDATE = 36;
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
 * Which candidates this update reads: the focused ones, then the others oldest-read first while
 * their estimated cost fits what is left of the budget. The first one that does not fit ends the
 * list (a costly repository is not passed over for cheaper ones forever); at least one unfocused
 * candidate is read per update, so a budget below one repository's cost still makes progress.
 */
export function planReads(candidates: readonly ReadCandidate[], requestsPerUpdate: number): { read: string[]; deferred: string[] } {
  const focused = candidates.filter((c) => c.focused);
  const others = candidates.filter((c) => !c.focused).sort((a, b) => (a.lastReadAt ?? Number.NEGATIVE_INFINITY) - (b.lastReadAt ?? Number.NEGATIVE_INFINITY));
  let spent = focused.reduce((sum, c) => sum + c.cost, 0);
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
/** A page of up to 100 jobs: parsing and checking its entities costs about two small answers. */
const JOB_PAGE_COST = 2;
/** A lane never read: its branch's pipelines, the pipeline, a page of jobs and the trigger jobs. */
const UNKNOWN_LANE_COST = 3 + JOB_PAGE_COST;
/** The merge-request lane first looks for the MR and its pipelines. */
const MR_LOOKUP_COST = 2;

/**
 * What reading a repository costs, in small answers (a page of jobs counts double), estimated from
 * what its last snapshot showed: the change feed, and for each lane that will be read its
 * pipeline's details (a page per 100 jobs, the trigger jobs, running child pipelines).
 * `everything` is a full read (every lane's head looked up again; details only where the pipeline
 * runs, as the lane store reuses resting ones). Never read: every lane's head and details.
 */
export function estimateReadCost(snapshot: RepoSnapshot | undefined, lanes: readonly LaneSpec[], everything: boolean): number {
  if (!snapshot) return 1 + lanes.reduce((n, lane) => n + (lane.branch ? UNKNOWN_LANE_COST + (lane.kind === 'mr' ? MR_LOOKUP_COST : 0) : 0), 0);
  let cost = 1;
  for (const lane of snapshot.lanes) {
    if (!lane.lane.branch) continue;
    if (everything) cost += 1 + (lane.lane.kind === 'mr' ? MR_LOOKUP_COST : 0);
    cost += laneDetailCost(lane);
  }
  return cost;
}

function laneDetailCost(lane: LaneSnapshot): number {
  if (lane.error) return UNKNOWN_LANE_COST;
  if (!lane.pipeline) return 0;
  const running = pipelineActivity(lane.pipeline) === 'active';
  return running ? viewCost(lane.pipeline) : 0;
}

function viewCost(view: PipelineView): number {
  // Jobs are read with their retried attempts.
  const jobs = view.stages.reduce((n, s) => n + s.jobs.filter((j) => j.kind !== 'bridge').reduce((m, j) => m + j.attempts, 0), 0);
  const bridges = view.stages.some((s) => s.jobs.some((j) => j.kind === 'bridge'));
  let cost = 1 + Math.max(1, Math.ceil(jobs / PAGE)) * JOB_PAGE_COST + (bridges ? 1 : 0);
  for (const stage of view.stages) {
    for (const job of stage.jobs) if (job.downstream && pipelineActivity(job.downstream) === 'active') cost += viewCost(job.downstream);
  }
  return cost;
}
