import type { Diagnostic } from '../../diagnostic';
import type { CiMap, CiNode, SourceLoc } from '../model/ciNode';
import type { CiCode, MessageArgs } from '../model/codes';
import { ciDiagnostic, DOWNGRADED_BY_UNRESOLVED_INCLUDES } from '../model/codes';
import type { CiJob, CiStage } from '../jobs/jobs';
import { jobStage } from '../jobs/jobs';
import type { Derived } from '../model/memo';
import { MemoStore, memoSlot } from '../model/memo';
import { instanceNames } from './matrix';

/** Names of a job's parallel instances. */
const INSTANCES = memoSlot(() => new WeakMap<CiNode, Derived<readonly string[]>>());

/** What every semantic check reads, and the one way they report. */
export class CheckContext {
  readonly visible: ReadonlyMap<string, CiJob>;
  /** Names a `needs`/`dependencies` entry may use (parallel and matrix instances too) mapped to their job. */
  readonly referable: ReadonlyMap<string, CiJob>;
  readonly stageNames: readonly string[];
  readonly diagnostics: Diagnostic[] = [];
  private readonly stageIndexes = new Map<CiJob, number | undefined>();

  constructor(
    readonly config: CiMap,
    readonly jobs: readonly CiJob[],
    readonly stages: readonly CiStage[],
    /** True while an include that cannot be read offline may define jobs we cannot see. */
    readonly hasUnresolvedIncludes: boolean,
    /** Jobs whose `extends` is broken: already reported, so their content is not judged further. */
    readonly incomplete: ReadonlySet<string>,
    /** Derived facts kept with the files' nodes (a throwaway store when absent). */
    readonly memos: MemoStore = new MemoStore(),
  ) {
    const visible = new Map<string, CiJob>();
    const referable = new Map<string, CiJob>();
    for (const job of jobs) {
      if (job.hidden) continue;
      visible.set(job.name, job);
      referable.set(job.name, job);
      const effective = job.effective;
      if (effective) for (const name of memos.derive(INSTANCES, effective, [job.name], () => instanceNames(job.name, effective))) referable.set(name, job);
    }
    this.visible = visible;
    this.referable = referable;
    this.stageNames = stages.map((s) => s.name);
  }

  /** Index of a job's stage in the pipeline, undefined when the stage does not exist. */
  stageIndex(job: CiJob): number | undefined {
    // Asked for both ends of every `needs` entry: worked out once per job.
    if (this.stageIndexes.has(job)) return this.stageIndexes.get(job);
    const { name } = jobStage(job);
    const index = name === undefined ? -1 : this.stageNames.indexOf(name);
    const found = index === -1 ? undefined : index;
    this.stageIndexes.set(job, found);
    return found;
  }

  report(code: CiCode, args: MessageArgs, loc: SourceLoc): void {
    const downgrade = this.hasUnresolvedIncludes && DOWNGRADED_BY_UNRESOLVED_INCLUDES.has(code);
    this.diagnostics.push(ciDiagnostic(code, args, loc.range, { file: loc.file, ...(downgrade ? { severity: 'warning' } : {}) }));
  }
}
