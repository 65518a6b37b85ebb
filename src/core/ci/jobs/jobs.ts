import type { CiMap, CiMapEntry, CiNode, SourceLoc } from '../model/ciNode';
import { copyEntries, getChild, getEntry, mapNode, scalarString } from '../model/ciNode';
import { deepMerge } from '../resolve/deepMerge';
import type { Derived } from '../model/memo';
import { MemoStore, memoSlot } from '../model/memo';
import { DEFAULT_INHERITED_KEYS, DEFAULT_JOB_STAGE, DEFAULT_STAGES, LEGACY_GLOBAL_DEFAULTS, RUNNABLE_KEYS, TOP_LEVEL_KEYWORDS, isHiddenJobName, isMisplacedSpecHeader } from '../model/keywords';

/** A job with `default:` and global variables filled in. */
const EFFECTIVE = memoSlot(() => new WeakMap<CiNode, Derived<CiMap>>());

/** A job or template (top-level key that is not a global keyword) of a resolved configuration. */
export interface CiJob {
  readonly name: string;
  readonly hidden: boolean;
  readonly keyLoc: SourceLoc;
  /** The job after `extends` and `!reference`, before `default:` inheritance. */
  readonly node: CiNode;
  /**
   * The job as it runs: `default:` (and legacy global) keywords it inherits filled in, and the
   * top-level `variables` it inherits merged under its own. Undefined for non-mappings.
   */
  readonly effective?: CiMap;
}

/** A stage name declared in `stages`, with its location. */
export interface CiStage {
  readonly name: string;
  readonly loc?: SourceLoc;
}

/** Splits the top-level keys of a resolved configuration into jobs and global keywords. */
export function collectJobs(config: CiMap, memos: MemoStore = new MemoStore()): CiJob[] {
  const defaults = defaultSource(config);
  const globalVariables = getChild(config, 'variables');
  // What inheritance reads besides the job itself: a job's effective form is reused while these stay the same objects.
  const inherited: unknown[] = [globalVariables, ...defaults.values()];
  const jobs: CiJob[] = [];
  for (const [name, entry] of config.entries) {
    if (TOP_LEVEL_KEYWORDS.has(name) || isMisplacedSpecHeader(name, entry.node)) continue;
    const hidden = isHiddenJobName(name);
    const node = entry.node;
    const effective = node.kind === 'map' ? (hidden ? node : memos.derive(EFFECTIVE, node, inherited, () => inheritGlobals(node, defaults, globalVariables))) : undefined;
    jobs.push({ name, hidden, keyLoc: entry.keyLoc, node: entry.node, ...(effective ? { effective } : {}) });
  }
  return jobs;
}

/** The pipeline's stages: `.pre` and `.post` always exist; GitLab's defaults apply when `stages` is absent. */
export function collectStages(config: CiMap): CiStage[] {
  const declared = getChild(config, 'stages') ?? getChild(config, 'types');
  if (!declared) return DEFAULT_STAGES.map((name) => ({ name }));
  const out: CiStage[] = [];
  const visit = (node: CiNode): void => {
    if (node.kind === 'seq') node.items.forEach(visit);
    const name = scalarString(node);
    if (name !== undefined) out.push({ name, loc: node.loc });
  };
  visit(declared);
  if (!out.some((s) => s.name === '.pre')) out.unshift({ name: '.pre' });
  if (!out.some((s) => s.name === '.post')) out.push({ name: '.post' });
  return out;
}

function defaultSource(config: CiMap): Map<string, CiMapEntry> {
  const out = new Map<string, CiMapEntry>();
  for (const key of LEGACY_GLOBAL_DEFAULTS) {
    const entry = config.entries.get(key);
    if (entry) out.set(key, entry);
  }
  const def = getChild(config, 'default');
  if (def?.kind === 'map') {
    for (const key of DEFAULT_INHERITED_KEYS) {
      const entry = def.entries.get(key);
      if (entry) out.set(key, entry);
    }
  }
  return out;
}

/**
 * Which keys a job accepts according to `inherit:default` or `inherit:variables` (true, false or a
 * list); undefined when it accepts every key (no `inherit`, the common case), so callers can take the
 * global values as they are instead of filtering a copy per job.
 */
function inheritFilter(job: CiMap, what: 'default' | 'variables'): ((key: string) => boolean) | undefined {
  const setting = getChild(getChild(job, 'inherit'), what);
  if (setting?.kind === 'scalar') return setting.value === false ? () => false : undefined;
  if (setting?.kind === 'seq') {
    const allowed = new Set(setting.items.map(scalarString));
    return (key) => allowed.has(key);
  }
  return undefined;
}

/** Trigger jobs run no container of their own, so GitLab gives them no `default:` keywords. */
function isTriggerOnly(job: CiMap): boolean {
  return job.entries.has('trigger') && !RUNNABLE_KEYS.some((k) => k !== 'trigger' && job.entries.has(k));
}

function inheritGlobals(job: CiMap, defaults: ReadonlyMap<string, CiMapEntry>, globalVariables: CiNode | undefined): CiMap {
  // Copied only when something is inherited: most jobs of a file without `default:` keep their node.
  let entries: Map<string, CiMapEntry> | undefined;
  if (!isTriggerOnly(job)) {
    const accepts = inheritFilter(job, 'default');
    for (const [key, entry] of defaults) {
      if (job.entries.has(key) || (accepts && !accepts(key))) continue;
      entries ??= copyEntries(job.entries);
      entries.set(key, entry);
    }
  }
  if (globalVariables?.kind === 'map' && globalVariables.entries.size > 0) {
    const accepts = inheritFilter(job, 'variables');
    const inherited = accepts ? mapNode(new Map([...globalVariables.entries].filter(([name]) => accepts(name))), globalVariables.loc) : globalVariables;
    const own = job.entries.get('variables');
    if (inherited.entries.size > 0 && (!own || own.node.kind === 'map')) {
      const merged = own?.node.kind === 'map' ? deepMerge(inherited, own.node) : inherited;
      entries ??= copyEntries(job.entries);
      entries.set('variables', { key: 'variables', keyLoc: own?.keyLoc ?? globalVariables.loc, node: merged });
    }
  }
  return entries ? mapNode(entries, job.loc) : job;
}

/** A job's stage name and where it is written (the job key when it relies on the default stage). */
export function jobStage(job: CiJob): { name: string | undefined; loc: SourceLoc; explicit: boolean } {
  const entry = getEntry(job.node, 'stage');
  if (!entry) return { name: DEFAULT_JOB_STAGE, loc: job.keyLoc, explicit: false };
  return { name: scalarString(entry.node), loc: entry.node.loc, explicit: true };
}
