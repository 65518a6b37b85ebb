import type { CiNode, SourceLoc } from '../model/ciNode';
import { getChild } from '../model/ciNode';
import { isDynamicName } from '../model/keywords';
import type { Derived } from '../model/memo';
import { memoSlot } from '../model/memo';
import type { CiJob } from '../jobs/jobs';
import type { CheckContext } from './checkContext';
import type { JobRef, JobRefKind } from './jobRefs';
import { jobRefs } from './jobRefs';
import { combinationKey, instanceName, instanceNames, matrixCombinations } from './matrix';

/** Identities of the combinations of a `parallel:matrix` list. */
const COMBINATION_KEYS = memoSlot(() => new WeakMap<CiNode, Derived<ReadonlySet<string>>>());

/** A job reference and where its target job is defined (absent when undefined). */
export interface JobRefLink {
  readonly kind: JobRefKind;
  readonly job: string;
  readonly name: string;
  readonly loc: SourceLoc;
  readonly target?: SourceLoc;
}

const UNDEFINED_CODE = { needs: 'needs-undefined-job', dependencies: 'dependencies-undefined-job', 'trigger-include-job': 'dependencies-undefined-job' } as const;
/** `Ci::BuildNeed::MAX_JOB_NAME_LENGTH`: GitLab re-checks a need's name once parallel jobs are expanded. */
const MAX_NEED_NAME = 255;

const LATER_CODE = { needs: 'needs-later-stage', dependencies: 'dependencies-later-stage', 'trigger-include-job': 'dependencies-later-stage' } as const;

/**
 * `needs`, `dependencies` and `trigger:include:job`: the target must be a visible job in the same or
 * an earlier stage (GitLab allows same-stage targets for both since 14.2), matrix selections must
 * exist, a job may not need the same job twice, and `needs` may not form a cycle.
 */
export function checkJobRefs(ctx: CheckContext): JobRefLink[] {
  const links: JobRefLink[] = [];
  const edges = new Map<string, { target: string; loc: SourceLoc }[]>();
  for (const job of ctx.visible.values()) {
    const seenNeeds = new Set<string>();
    for (const ref of jobRefs(job)) {
      const target = ctx.referable.get(ref.name);
      links.push({ kind: ref.kind, job: job.name, name: ref.name, loc: ref.loc, ...(target ? { target: target.keyLoc } : {}) });
      if (ref.kind === 'needs') {
        // GitLab compares names within one list (the job's needs, or one rule's needs).
        const id = `${ref.list}\u0000${ref.name}${ref.matrix ? `\u0000${ref.loc.range.start.line}` : ''}`;
        if (seenNeeds.has(id)) ctx.report('needs-duplicate', { job: job.name, target: ref.name }, ref.loc);
        seenNeeds.add(id);
      }
      if (!target) {
        if (!ref.optional && !isDynamicName(ref.name)) ctx.report(UNDEFINED_CODE[ref.kind], { job: job.name, target: ref.name }, ref.loc);
        continue;
      }
      if (ref.kind === 'needs') checkNeedNameLength(ctx, ref, target);
      if (ref.matrix && !matrixMatches(ctx, ref, target)) continue;
      if (!stageAllows(ctx, job, target, ref)) continue;
      // GitLab's cycle check follows the job's own needs only, not those a rule would set.
      if (ref.kind === 'needs' && ref.list === 0) {
        const list = edges.get(job.name) ?? [];
        list.push({ target: target.name, loc: ref.loc });
        edges.set(job.name, list);
      }
    }
  }
  reportCycles(ctx, edges);
  return links;
}

function stageAllows(ctx: CheckContext, job: CiJob, target: CiJob, ref: JobRef): boolean {
  // A job whose `extends` is broken may get its stage from the missing parent: its order is unknown.
  if (ctx.incomplete.has(job.name) || ctx.incomplete.has(target.name)) return true;
  const own = ctx.stageIndex(job);
  const theirs = ctx.stageIndex(target);
  // An unknown stage is reported by the stage check; judging order against it would only cascade.
  if (own === undefined || theirs === undefined || theirs <= own) return true;
  ctx.report(LATER_CODE[ref.kind], { job: job.name, target: ref.name, stage: ctx.stageNames[own] ?? '', targetStage: ctx.stageNames[theirs] ?? '' }, ref.loc);
  return false;
}

function matrixMatches(ctx: CheckContext, ref: JobRef, target: CiJob): boolean {
  const matrix = parallelMatrix(target);
  // Many jobs select instances of the same matrix: its combinations are worked out once per node.
  const defined = matrix ? ctx.memos.derive(COMBINATION_KEYS, matrix, [], () => new Set(matrixCombinations(matrix).map(combinationKey))) : new Set<string>();
  const wanted = ref.matrix;
  if (wanted) {
    const keys = ctx.memos.derive(COMBINATION_KEYS, wanted, [], () => new Set(matrixCombinations(wanted).map(combinationKey)));
    // The usual case, every selected instance exists, needs no per-combination work.
    if ([...keys].every((k) => defined.has(k))) return true;
  }
  let ok = true;
  for (const combo of matrixCombinations(ref.matrix)) {
    // `$[[ matrix.X ]]` picks the instance matching the needing job's own matrix: resolved per instance by GitLab.
    if (defined.has(combinationKey(combo)) || [...combo.values()].some((v) => v.includes('$[['))) continue;
    ok = false;
    ctx.report('needs-matrix-no-match', { job: ref.job.name, target: ref.name, combination: instanceName(ref.name, combo) }, ref.matrix?.loc ?? ref.loc);
  }
  return ok;
}

/**
 * `YamlProcessor#validate_job_dependency!`: a need on a parallel job becomes needs on its instances
 * (`build 1/2`, `build: [a, b]`, or only the selected matrix ones), whose names may pass 255 characters.
 */
function checkNeedNameLength(ctx: CheckContext, ref: JobRef, target: CiJob): void {
  const names = ref.matrix ? matrixCombinations(ref.matrix).map((c) => instanceName(ref.name, c)) : target.effective ? instanceNames(target.name, target.effective) : [];
  const long = names.find((n) => n.length > MAX_NEED_NAME);
  if (long !== undefined) ctx.report('needs-name-too-long', { job: ref.job.name, target: `${long.slice(0, 40)}...`, max: MAX_NEED_NAME }, ref.loc);
}

function parallelMatrix(job: CiJob): CiNode | undefined {
  return getChild(getChild(job.effective, 'parallel'), 'matrix');
}

/** Reports each `needs` cycle once, at the reference that closes it. */
function reportCycles(ctx: CheckContext, edges: ReadonlyMap<string, readonly { target: string; loc: SourceLoc }[]>): void {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const edge of edges.get(name) ?? []) {
      const s = state.get(edge.target);
      if (s === 'active') {
        const cycle = [...stack.slice(stack.indexOf(edge.target)), edge.target];
        ctx.report('needs-cycle', { cycle: cycle.map((c) => `\`${c}\``).join(' -> ') }, edge.loc);
      } else if (s === undefined) visit(edge.target);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of edges.keys()) if (!state.has(name)) visit(name);
}
