/**
 * The one cheap read that answers "has anything changed?" for a project: its pipelines ordered
 * by `updated_at`, filtered to those updated at or after the newest one seen before
 * (`GET /projects/:id/pipelines?updated_after=…&order_by=updated_at&sort=desc`, GitLab's
 * `UpdatedAtFilterable` is inclusive). While nothing moves, the URL stays the same, so the
 * answer is also a 304 when the server sends ETags; but a 304 still costs GitLab the whole
 * query, which is why nothing else is read unless this says something moved.
 *
 * A pipeline changes its `updated_at` when its status does (created, started, blocked at a
 * manual job, played, finished), so a new pipeline, a played gate or a rejected deployment
 * all show up here. Job status changes inside a running pipeline do not: running lanes are
 * read in detail on their own fast pace.
 */
import type { ProjectRef } from '../gitlab/client';
import type { PipelineBasic } from '../gitlab/models';
import type { SnapshotApi } from './laneStore';

/** A full page means more may have changed than one read can tell: treat everything as moved. */
export const FEED_PAGE = 100;
const PLACING_PAGE = 20;

export interface FeedRead {
  /** Pipelines updated since the last read (first read: none, the cursor is only placed). */
  readonly changed: readonly PipelineBasic[];
  /** More moved than one page holds (or the feed was just placed): re-read every lane. */
  readonly everything: boolean;
  /** The server answered 304: nothing moved since the same question last time. */
  readonly notModified: boolean;
}

export class ChangeFeed {
  /** Newest `updated_at` seen; undefined until the first read places it. */
  private cursor: string | undefined;
  /** `updated_at` and status of each pipeline the last answer held, to drop the repeats an inclusive filter returns. */
  private seen = new Map<number, string>();

  constructor(private readonly project: ProjectRef) {}

  get placed(): boolean {
    return this.cursor !== undefined;
  }

  /** Forget the cursor: the next read places it again (and reports everything as moved). */
  reset(): void {
    this.cursor = undefined;
    this.seen.clear();
  }

  async read(api: Pick<SnapshotApi, 'pipelines'>): Promise<FeedRead> {
    if (this.cursor === undefined) {
      // Several pipelines can share the newest timestamp: remember a page of them as seen.
      const newest = await api.pipelines(this.project, { orderBy: 'updated_at', sort: 'desc', perPage: PLACING_PAGE, maxPages: 1 });
      this.remember(newest.data);
      // An empty project still needs a cursor, or every later read would be the placing one.
      this.cursor ??= new Date(0).toISOString();
      return { changed: [], everything: true, notModified: newest.unchanged };
    }
    const answer = await api.pipelines(this.project, { updatedAfter: this.cursor, orderBy: 'updated_at', sort: 'desc', perPage: FEED_PAGE, maxPages: 1 });
    const changed = answer.data.filter((p) => this.seen.get(p.id) !== seenKey(p));
    this.remember(answer.data);
    return { changed, everything: answer.data.length >= FEED_PAGE, notModified: answer.unchanged };
  }

  private remember(pipelines: readonly PipelineBasic[]): void {
    const stamps = pipelines.map((p) => p.updated_at).filter((t): t is string => typeof t === 'string' && t !== '');
    const newest = stamps.reduce<string | undefined>((max, t) => (max === undefined || Date.parse(t) > Date.parse(max) ? t : max), this.cursor);
    if (pipelines.length > 0) this.seen = new Map(pipelines.map((p) => [p.id, seenKey(p)] as const));
    if (newest !== undefined) this.cursor = newest;
  }
}

/**
 * What makes a repeat a repeat: the second of `updated_at` and the status. REST renders times
 * with milliseconds, GraphQL's `Time` without (gatesPoll.ts reads the feed through either), so
 * the same pipeline must compare equal across the two; a move within the same second still
 * shows when its status changed.
 */
function seenKey(pipeline: PipelineBasic): string {
  const at = Date.parse(pipeline.updated_at ?? '');
  return `${Number.isFinite(at) ? Math.floor(at / 1000) : (pipeline.updated_at ?? '')}|${pipeline.status}`;
}
