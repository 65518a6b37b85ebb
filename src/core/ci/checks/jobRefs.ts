import type { CiNode, SourceLoc } from '../model/ciNode';
import { getChild, scalarString } from '../model/ciNode';
import type { CiJob } from '../jobs/jobs';

export type JobRefKind = 'needs' | 'dependencies' | 'trigger-include-job';

/** One job name written in `needs`, `rules:needs`, `dependencies` or `trigger:include:job`. */
export interface JobRef {
  readonly kind: JobRefKind;
  readonly job: CiJob;
  readonly name: string;
  readonly loc: SourceLoc;
  readonly optional: boolean;
  /** Which list the entry is in: 0 for the job's own `needs`/`dependencies`, n for the n-th rule's `needs`. */
  readonly list: number;
  /** The `parallel:matrix` of a `needs` entry that selects matrix instances. */
  readonly matrix?: CiNode;
}

/** Every local job reference of a job (cross-project and parent-pipeline `needs` are not local). */
export function jobRefs(job: CiJob): JobRef[] {
  const node = job.effective;
  if (!node) return [];
  const out: JobRef[] = [];
  const needsList = (needs: CiNode | undefined, list: number): void => {
    if (needs?.kind !== 'seq') return;
    for (const item of needs.items) {
      const plain = scalarString(item);
      if (plain !== undefined) {
        out.push({ kind: 'needs', job, name: plain, loc: item.loc, optional: false, list });
        continue;
      }
      if (item.kind !== 'map' || item.entries.has('pipeline') || item.entries.has('project')) continue;
      const target = getChild(item, 'job');
      const name = scalarString(target);
      if (!target || name === undefined) continue;
      const matrix = getChild(getChild(item, 'parallel'), 'matrix');
      const optional = getChild(item, 'optional');
      out.push({ kind: 'needs', job, name, loc: target.loc, optional: optional?.kind === 'scalar' && optional.value === true, list, ...(matrix ? { matrix } : {}) });
    }
  };
  needsList(getChild(node, 'needs'), 0);
  const rules = getChild(node, 'rules');
  if (rules?.kind === 'seq') rules.items.forEach((rule, i) => needsList(getChild(rule, 'needs'), i + 1));
  const deps = getChild(node, 'dependencies');
  if (deps?.kind === 'seq') {
    for (const item of deps.items) {
      const name = scalarString(item);
      if (name !== undefined) out.push({ kind: 'dependencies', job, name, loc: item.loc, optional: false, list: 0 });
    }
  }
  const include = getChild(getChild(node, 'trigger'), 'include');
  for (const item of include?.kind === 'seq' ? include.items : include ? [include] : []) {
    const target = getChild(item, 'job');
    const name = scalarString(target);
    if (target && name !== undefined) out.push({ kind: 'trigger-include-job', job, name, loc: target.loc, optional: false, list: 0 });
  }
  return out;
}
