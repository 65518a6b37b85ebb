import type { Diagnostic } from '../../diagnostic';
import type { CiMap, CiMapEntry, CiNode, CiRef, SourceLoc } from '../model/ciNode';
import { getEntry, mapNode, seqNode } from '../model/ciNode';
import { ciDiagnostic } from '../model/codes';
import { isDynamicName } from '../model/keywords';
import { MemoStore, memoSlot } from '../model/memo';
import { AnalysisBudget, expansionLimitCode } from '../model/budget';

/** Whether a node holds an unresolved `!reference` anywhere inside. */
const HAS_REF = memoSlot(() => new WeakMap<CiNode, boolean>());

/** How a top-level entry's references resolved, replayed while its inputs are unchanged. */
const REFERENCES = memoSlot(() => new WeakMap<CiNode, ReferenceRecord>());

/** GitLab gives up on `!reference` chains nested deeper than this. */
export const MAX_REFERENCE_DEPTH = 10;

/** A `!reference` tag, what it points at, and whether it resolved. */
export interface ReferenceLink {
  readonly path: readonly string[];
  readonly loc: SourceLoc;
  /** Location of each path segment as written. */
  readonly segmentLocs: readonly SourceLoc[];
  /** The referenced value's location when found. */
  readonly target?: SourceLoc;
  /** Location of the referenced job's key when that job exists. */
  readonly jobTarget?: SourceLoc;
}

export interface ReferenceResult {
  readonly config: CiMap;
  readonly links: readonly ReferenceLink[];
  /** Locations of references left unresolved (already reported). */
  readonly unresolved: readonly SourceLoc[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Replaces every `!reference` with the value it names in the configuration (after `extends`, as
 * GitLab does). A reference to a list placed inside a list is spliced in, which is how GitLab treats
 * nested script and rules lists. Unresolvable references stay in place and are reported once.
 * `mayHoldReferences: false` (no file's text could spell the tag) skips the walk that looks for them.
 */
export function resolveReferences(config: CiMap, memos: MemoStore = new MemoStore(), budget: AnalysisBudget = new AnalysisBudget(), mayHoldReferences = true): ReferenceResult {
  const links: ReferenceLink[] = [];
  const unresolved: SourceLoc[] = [];
  const diagnostics: Diagnostic[] = [];
  /** Each reference resolves once; undefined records a failure (already reported). */
  const memo = new Map<CiRef, CiNode | undefined>();
  const active: CiRef[] = [];
  /** What the walk of the current top-level entry read and resolved, so a later analysis can replay it. */
  let recording: ReferenceRecord | undefined;

  /** Values in each resolved subtree counted as a tree, as the merged configuration will be. */
  const sizes = new WeakMap<CiNode, number>();
  const treeSize = (node: CiNode): number => {
    if (node.kind === 'scalar' || node.kind === 'ref') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let size = 1;
    if (node.kind === 'seq') for (const item of node.items) size += treeSize(item);
    else for (const entry of node.entries.values()) size += treeSize(entry.node);
    sizes.set(node, size);
    return size;
  };

  const fail = (ref: CiRef, code: 'reference-undefined-job' | 'reference-missing-key' | 'reference-too-deep' | 'expansion-limit' | 'editor-expansion-limit', args: Record<string, string | number>, loc: SourceLoc): undefined => {
    diagnostics.push(ciDiagnostic(code, args, loc.range, { file: loc.file }));
    unresolved.push(ref.loc);
    return undefined;
  };

  const lookup = (ref: CiRef): CiNode | undefined => {
    const [head, ...rest] = ref.path;
    if (!head) return undefined;
    const job = config.entries.get(head.name);
    recording?.jobs.push([head.name, job?.node, job?.keyLoc]);
    const link = (target?: CiNode): void => {
      links.push({ path: ref.path.map((s) => s.name), loc: ref.loc, segmentLocs: ref.path.map((s) => s.loc), ...(target ? { target: target.loc } : {}), ...(job ? { jobTarget: job.keyLoc } : {}) });
    };
    if (!job) {
      link();
      if (isDynamicName(head.name)) {
        unresolved.push(ref.loc);
        return undefined;
      }
      return fail(ref, 'reference-undefined-job', { target: head.name }, head.loc);
    }
    let node: CiNode = job.node;
    for (const segment of rest) {
      const base = resolveNode(node);
      const child = getEntry(base, segment.name)?.node;
      if (!child) {
        link();
        // Walking through a reference that failed already is the same problem, not a new one.
        if (base.kind === 'ref') {
          unresolved.push(ref.loc);
          return undefined;
        }
        return fail(ref, 'reference-missing-key', { path: ref.path.map((s) => s.name).join(', ') }, segment.loc);
      }
      node = child;
    }
    link(node);
    const resolved = resolveNode(node);
    return resolved.kind === 'ref' ? undefined : resolved;
  };

  const settle = (ref: CiRef, value: CiNode | undefined): void => {
    memo.set(ref, value);
    recording?.settled.push([ref, value]);
  };

  const resolveRef = (ref: CiRef): CiNode | undefined => {
    if (memo.has(ref)) {
      recording?.reused.push([ref, memo.get(ref)]);
      return memo.get(ref);
    }
    if (active.includes(ref) || active.length >= MAX_REFERENCE_DEPTH) {
      settle(ref, undefined);
      return fail(ref, 'reference-too-deep', { max: MAX_REFERENCE_DEPTH }, ref.loc);
    }
    // Past the shared expansion allowance nothing more is copied; the one finding about it is made already.
    if (budget.expansionReported) {
      settle(ref, undefined);
      unresolved.push(ref.loc);
      return undefined;
    }
    active.push(ref);
    const target = lookup(ref);
    active.pop();
    // A value cut short by the allowance while it was being resolved is not used half-made.
    if (budget.expansionReported && !memo.has(ref)) {
      settle(ref, undefined);
      unresolved.push(ref.loc);
      return undefined;
    }
    if (target && !memo.has(ref) && !budget.expand(treeSize(target))) {
      settle(ref, undefined);
      if (budget.expansionReported) {
        unresolved.push(ref.loc);
        return undefined;
      }
      budget.expansionReported = true;
      return fail(ref, expansionLimitCode(budget), { max: budget.maxExpansion }, ref.loc);
    }
    if (!memo.has(ref)) settle(ref, target);
    if (!target) unresolved.push(ref.loc);
    return memo.get(ref);
  };

  const resolveNode = (node: CiNode): CiNode => {
    // Subtrees without a reference come back as they are: no need to walk them.
    if (!hasRef(memos, node)) return node;
    switch (node.kind) {
      case 'scalar':
        return node;
      case 'ref':
        return resolveRef(node) ?? node;
      case 'seq': {
        const items: CiNode[] = [];
        let changed = false;
        for (const item of node.items) {
          const resolved = resolveNode(item);
          if (resolved !== item) changed = true;
          // One by one: spreading a long list into push() overflows the call stack.
          if (item.kind === 'ref' && resolved.kind === 'seq') for (const inner of resolved.items) items.push(inner);
          else items.push(resolved);
        }
        return changed ? seqNode(items, node.loc) : node;
      }
      case 'map': {
        let entries: Map<string, CiMapEntry> | undefined;
        for (const [key, entry] of node.entries) {
          const resolved = resolveNode(entry.node);
          if (resolved !== entry.node && !entries) {
            entries = new Map<string, CiMapEntry>();
            for (const [before, kept] of node.entries) {
              if (before === key) break;
              entries.set(before, kept);
            }
          }
          entries?.set(key, resolved === entry.node ? entry : { key, keyLoc: entry.keyLoc, node: resolved });
        }
        return entries ? mapNode(entries, node.loc) : node;
      }
    }
  };

  /**
   * A top-level entry resolves as it did in an earlier analysis (same node) when everything its walk
   * depended on is the same: the entries it looked up, and which references were already resolved.
   * Its findings and links are then replayed in the same order, so the result cannot differ.
   */
  const resolveTop = (node: CiNode): CiNode => {
    if (!hasRef(memos, node)) return node;
    const table = memos.table(REFERENCES, node);
    const known = table.get(node);
    if (known && !budget.expansionReported && replayable(known, config, memo) && budget.expand(known.charged)) {
      links.push(...known.links);
      diagnostics.push(...known.diagnostics);
      unresolved.push(...known.unresolved);
      for (const [ref, value] of known.settled) memo.set(ref, value);
      return known.result;
    }
    const marks = [links.length, diagnostics.length, unresolved.length] as const;
    recording = { result: node, jobs: [], settled: [], reused: [], links: [], diagnostics: [], unresolved: [], charged: 0 };
    const record = recording;
    const before = budget.expanded;
    const trippedBefore = budget.expansionReported;
    const result = resolveNode(node);
    recording = undefined;
    // A walk cut short by the allowance depends on everything before it: it is not replayed.
    if (budget.expansionReported === trippedBefore) {
      table.set(node, { ...record, result, links: links.slice(marks[0]), diagnostics: diagnostics.slice(marks[1]), unresolved: unresolved.slice(marks[2]), charged: budget.expanded - before });
    } else table.delete(node);
    return result;
  };

  let resolved: CiMap = config;
  if (mayHoldReferences && hasRef(memos, config)) {
    let entries: Map<string, CiMapEntry> | undefined;
    for (const [key, entry] of config.entries) {
      const node = resolveTop(entry.node);
      if (node !== entry.node && !entries) {
        entries = new Map<string, CiMapEntry>();
        for (const [before, kept] of config.entries) {
          if (before === key) break;
          entries.set(before, kept);
        }
      }
      entries?.set(key, node === entry.node ? entry : { key, keyLoc: entry.keyLoc, node });
    }
    if (entries) resolved = mapNode(entries, config.loc);
  }
  return { config: resolved, links, unresolved: [...new Set(unresolved)], diagnostics };
}

/** The walk of one top-level entry: what it read, what it settled, and what it produced. */
export interface ReferenceRecord {
  readonly result: CiNode;
  /** Top-level entries looked up by name: their node and key location then. */
  readonly jobs: [string, CiNode | undefined, SourceLoc | undefined][];
  /** References this walk resolved first, with their values. */
  readonly settled: [CiRef, CiNode | undefined][];
  /** References already resolved when this walk met them, with their values. */
  readonly reused: [CiRef, CiNode | undefined][];
  readonly links: ReferenceLink[];
  readonly diagnostics: Diagnostic[];
  readonly unresolved: SourceLoc[];
  /** Values its references copied, charged again when it is replayed. */
  readonly charged: number;
}

function hasRef(memos: MemoStore, node: CiNode): boolean {
  if (node.kind === 'ref') return true;
  if (node.kind === 'scalar') return false;
  const table = memos.table(HAS_REF, node);
  const known = table.get(node);
  if (known !== undefined) return known;
  let found = false;
  if (node.kind === 'seq') found = node.items.some((item) => hasRef(memos, item));
  else for (const entry of node.entries.values()) if ((found = hasRef(memos, entry.node))) break;
  table.set(node, found);
  return found;
}

function replayable(record: ReferenceRecord, config: CiMap, memo: ReadonlyMap<CiRef, CiNode | undefined>): boolean {
  for (const [name, node, keyLoc] of record.jobs) {
    const entry = config.entries.get(name);
    if (entry?.node !== node || entry?.keyLoc !== keyLoc) return false;
  }
  const settled = new Set<CiRef>();
  for (const [ref] of record.settled) {
    if (memo.has(ref)) return false;
    settled.add(ref);
  }
  // A reference met again after this walk settled it was not a precondition.
  for (const [ref, value] of record.reused) if (!settled.has(ref) && (!memo.has(ref) || memo.get(ref) !== value)) return false;
  return true;
}
