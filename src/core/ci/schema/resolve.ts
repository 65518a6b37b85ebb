/**
 * Walks the keyword model along a YAML path. With the configuration at hand it follows the variant
 * the data actually uses (a `trigger` job, a `needs: {project: ...}` entry); without it, mappings of
 * several variants are merged so completion can offer every keyword that fits.
 */
import type { Keyword, ObjectShape, Shape } from './shapes';
import { jobShape, triggerJobShape } from './model/job';
import { DEFINITIONS, headerShape, ROOT_KEYWORDS, specShape } from './model/top';
import type { PathSegment } from '../model/ciNode';

export interface Resolved {
  /** The shape of the value at the path. */
  readonly shape: Shape;
  /** The keyword the last segment names, when it names one. */
  readonly keyword?: Keyword;
  /** Name of the job the path is in (`undefined` outside jobs). */
  readonly job?: string;
  /** Keyword names from the job (or top-level keyword) down, without list indices: `artifacts:reports:junit`. */
  readonly label: readonly string[];
}

const ROOT_BY_NAME = new Map(ROOT_KEYWORDS.map((k) => [k.name, k]));
const SPEC_KEYWORD = headerShape.keywords[0];

/** The document root as completion sees it: the keywords, plus `spec` for a header document. */
const TOP_LEVEL_SHAPE: ObjectShape = { kind: 'object', context: 'top-level', keywords: SPEC_KEYWORD ? [...ROOT_KEYWORDS, SPEC_KEYWORD] : ROOT_KEYWORDS };

/** Top-level keys that are keywords, not jobs. (`spec` is only a keyword in a header document.) */
export const RESERVED_TOP_LEVEL: ReadonlySet<string> = new Set(ROOT_BY_NAME.keys());

export function isHiddenKey(key: string): boolean {
  return key.startsWith('.');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys of `spec:` that no job has: a `spec` holding one of them is a header. */
const HEADER_KEYS = ['inputs', 'component', 'include', 'description'] as const;

/** A `spec:` value that is meant as a file header (inputs), not a job that happens to be called `spec`. */
export function looksLikeHeader(value: unknown): boolean {
  return isRecord(value) && HEADER_KEYS.some((k) => k in value) && !('script' in value || 'trigger' in value || 'run' in value);
}

/** True when GitLab treats the job as a trigger (bridge) job. */
export function isTriggerJob(value: unknown): boolean {
  return isRecord(value) && value.trigger !== undefined && !('script' in value) && !('run' in value);
}

export function deref(shape: Shape): Shape {
  let s = shape;
  for (let i = 0; s.kind === 'ref' && i < 10; i++) {
    const next = DEFINITIONS[s.name];
    if (next === undefined) throw new Error(`undefined shape reference: ${s.name}`);
    s = next;
  }
  return s;
}

function jsonType(value: unknown): 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return t;
  return 'undefined';
}

/** The options of a union that are mappings: each discriminated variant and the fallback. */
export function objectVariants(shape: Shape): ObjectShape[] {
  const s = deref(shape);
  if (s.kind === 'object') return [s];
  if (s.kind !== 'union') return [];
  return [
    ...s.options.flatMap((o) => objectVariants(o)),
    ...(s.discriminated ?? []).map((d) => d.shape),
    ...(s.fallback ? [s.fallback] : []),
  ];
}

/** Chooses the union option the value takes; `undefined` when none fits (a type error). */
export function variantFor(shape: Shape, value: unknown): Shape | undefined {
  const s = deref(shape);
  if (s.kind !== 'union') return s;
  const t = jsonType(value);
  if (t === 'object') {
    const rec = value as Record<string, unknown>;
    const chosen = s.discriminated?.find((d) => d.key in rec)?.shape ?? s.fallback;
    if (chosen) return chosen;
  }
  for (const option of s.options) {
    const o = deref(option);
    const kind = o.kind === 'union' ? undefined : o.kind;
    if (kind === t || (kind === 'any' && t !== 'undefined')) return variantFor(o, value);
  }
  return undefined;
}

function mergedObject(variants: ObjectShape[]): ObjectShape | undefined {
  const first = variants[0];
  if (first === undefined || variants.length === 1) return first;
  const seen = new Set<string>();
  const keywords: Keyword[] = [];
  for (const v of variants) for (const k of v.keywords) if (!seen.has(k.name)) { seen.add(k.name); keywords.push(k); }
  return { kind: 'object', context: first.context, keywords, additional: variants.find((v) => v.additional)?.additional };
}

/** One step down: the shape of `segment` inside a value of `shape` (`value` is that value, if known). */
function step(shape: Shape, segment: PathSegment, value: unknown): { shape: Shape; keyword?: Keyword } | undefined {
  let s = deref(shape);
  if (s.kind === 'union') {
    const chosen = value === undefined ? undefined : variantFor(s, value);
    if (chosen) s = chosen;
    else if (typeof segment === 'number') {
      const arr = s.options.map(deref).find((o) => o.kind === 'array');
      if (!arr) return undefined;
      s = arr;
    } else {
      const merged = mergedObject(objectVariants(s));
      if (!merged) return undefined;
      s = merged;
    }
  }
  if (s.kind === 'array') return typeof segment === 'number' ? { shape: s.items } : undefined;
  if (s.kind === 'object' && typeof segment === 'string') {
    const keyword = s.keywords.find((k) => k.name === segment);
    if (keyword) return { shape: keyword.shape, keyword };
    return s.additional ? { shape: s.additional } : undefined;
  }
  return undefined;
}

/** The value at `path` in `root`, or `undefined` when the path does not exist. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const seg of path) value = child(value, seg);
  return value;
}

function child(value: unknown, segment: PathSegment): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment];
  if (isRecord(value) && typeof segment === 'string') return value[segment];
  return undefined;
}

/** The shape of a top-level entry: a reserved keyword, or a job (hidden templates count as jobs). */
function topLevel(key: string, value: unknown): { shape: Shape; keyword?: Keyword; job?: string } {
  const keyword = ROOT_BY_NAME.get(key);
  if (keyword) return { shape: keyword.shape, keyword };
  // Without data (completion, hover) `spec` is the header keyword; in a configuration it may be a job.
  if (key === 'spec' && (value === undefined || looksLikeHeader(value))) return { shape: specShape, keyword: SPEC_KEYWORD };
  return { shape: isTriggerJob(value) ? triggerJobShape : jobShape, job: key };
}

/**
 * Resolves `path` (from the document root) in the keyword model; `root` is the configuration,
 * used to pick variants. `undefined` when the path leaves the model (unknown key, user data).
 */
export function resolvePath(path: readonly PathSegment[], root?: unknown): Resolved | undefined {
  const first = path[0];
  if (first === undefined) return { shape: TOP_LEVEL_SHAPE, label: [] };
  if (typeof first !== 'string') return undefined;
  let value = child(root, first);
  const top = topLevel(first, value);
  let shape: Shape = top.shape;
  let keyword = top.keyword;
  const label: string[] = top.job === undefined ? [first] : [];
  for (const segment of path.slice(1)) {
    const next = step(shape, segment, value);
    if (!next) return undefined;
    shape = next.shape;
    keyword = next.keyword;
    if (typeof segment === 'string') label.push(segment);
    value = child(value, segment);
  }
  return { shape, keyword, job: top.job, label };
}
