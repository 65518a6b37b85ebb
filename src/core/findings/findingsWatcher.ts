/**
 * Keeps each lane's findings and decides when to read them again. Findings are read only when a
 * lane's pipeline changed, never on a poll that saw nothing move:
 *
 * | the lane's pipeline | findings |
 * |---|---|
 * | none (no pipeline, no branch) | cleared |
 * | on another branch than the findings were read for | cleared, read again once it rests |
 * | running (something in it is active) | kept as they are: the report is not complete yet |
 * | at rest (finished, or waiting at a gate) with the same id and status as last read | kept, nothing read |
 * | at rest with another id or status | read; the new findings replace the lane's old ones |
 *
 * A read that failed for a passing reason (outage, rate limit) is tried again at the next refresh,
 * {@link MAX_ATTEMPTS} times at most. Lanes showing the same pipeline share one read.
 */
import type { LaneId } from '../lanes/lanes';
import type { LaneSnapshot, PipelineView, RepoSnapshot } from '../lanes/snapshot';
import { pipelineActivity } from '../lanes/snapshot';
import type { PipelineFindings } from './findings';
import type { FindingsRead, FindingsReadContext } from './findingsReader';
import { readPipelineFindings } from './findingsReader';

export const MAX_ATTEMPTS = 3;

/** What a lane's findings were read from. */
interface LaneRead {
  readonly key: string;
  readonly branch: string | undefined;
  readonly findings: PipelineFindings;
  /** Set while the read met a passing failure: how many times it was tried. */
  readonly attempts?: number;
}

export type LanePlan = 'read' | 'keep' | 'clear';

/** The key a resting pipeline is read under; undefined while it runs. */
export function findingsKey(view: PipelineView): string | undefined {
  return pipelineActivity(view) === 'active' ? undefined : `${view.pipeline.id}:${view.pipeline.status}`;
}

/** The table above, for one lane. */
export function lanePlan(lane: LaneSnapshot, known: { readonly key: string; readonly branch: string | undefined; readonly attempts?: number } | undefined): LanePlan {
  if (!lane.pipeline) return known ? 'clear' : 'keep';
  const key = findingsKey(lane.pipeline);
  const otherBranch = known !== undefined && known.branch !== lane.lane.branch;
  if (key === undefined) return otherBranch ? 'clear' : 'keep';
  if (known && !otherBranch && known.key === key && (known.attempts === undefined || known.attempts >= MAX_ATTEMPTS)) return 'keep';
  return 'read';
}

export interface FindingsTarget extends Omit<FindingsReadContext, 'projectPath'> {
  readonly snapshot: RepoSnapshot;
}

export class FindingsWatcher {
  private readonly lanes = new Map<string, Map<LaneId, LaneRead>>();
  /** Pipelines read by this watcher in all (for tests and the log). */
  reads = 0;

  /** Lane findings of a repository, by lane. */
  findings(repoKey: string): ReadonlyMap<LaneId, PipelineFindings> {
    return new Map([...(this.lanes.get(repoKey) ?? new Map<LaneId, LaneRead>()).entries()].map(([id, read]) => [id, read.findings]));
  }

  forget(repoKey: string): void {
    this.lanes.delete(repoKey);
  }

  /** Brings a repository's findings up to its latest snapshot; resolves to whether anything changed. */
  async update(target: FindingsTarget): Promise<boolean> {
    const { snapshot } = target;
    const known = this.lanes.get(snapshot.repoKey) ?? new Map<LaneId, LaneRead>();
    this.lanes.set(snapshot.repoKey, known);
    let changed = false;
    const shared = new Map<number, Promise<FindingsRead>>();
    for (const lane of snapshot.lanes) {
      const before = known.get(lane.lane.id);
      const plan = lanePlan(lane, before);
      if (plan === 'keep') continue;
      if (plan === 'clear' || !lane.pipeline) {
        known.delete(lane.lane.id);
        changed = true;
        continue;
      }
      const view = lane.pipeline;
      const key = findingsKey(view) ?? '';
      let pending = shared.get(view.pipeline.id);
      if (!pending) {
        this.reads++;
        pending = readPipelineFindings(view, lane.lane.branch, { ...target, projectPath: snapshot.projectPath });
        shared.set(view.pipeline.id, pending);
      }
      const read = await pending;
      const sameKey = before?.key === key && before.branch === lane.lane.branch;
      const attempts = read.transient ? (sameKey ? (before.attempts ?? 1) : 0) + 1 : undefined;
      known.set(lane.lane.id, { key, branch: lane.lane.branch, findings: { ...read.findings, branch: lane.lane.branch }, ...(attempts !== undefined ? { attempts } : {}) });
      changed = true;
    }
    return changed;
  }
}
