/**
 * What completion and hover need to know about keywords, read from the same model the validator
 * uses. Paths are YAML paths from the document root; any top-level key that is not a reserved
 * keyword is a job, and hidden keys (`.name`) are templates, completed like jobs.
 *
 * `config`, when given, is the document as parsed so far: it narrows the answer to the form in use
 * (a job with `trigger` gets trigger-job keywords, an include entry with `project` gets `file`/`ref`).
 */
import type { ContextId, Keyword, ObjectShape, Shape, ValueKind } from './shapes';
import { docsUrl } from './shapes';
import { valueKinds } from './describe';
import { deref, isRecord, objectVariants, resolvePath, valueAt } from './resolve';
import type { PathSegment } from '../model/ciNode';

export interface KeywordInfo {
  readonly name: string;
  /** One or two sentences, ours. */
  readonly summary: string;
  /** The docs.gitlab.com section about the keyword. */
  readonly docsUrl: string;
  readonly valueKinds: readonly ValueKind[];
  /** What to use instead, when the keyword is deprecated. */
  readonly deprecated?: string;
}

function info(k: Keyword): KeywordInfo {
  return {
    name: k.name,
    summary: k.summary,
    docsUrl: docsUrl(k.docs),
    valueKinds: valueKinds(k.shape),
    ...(k.deprecated === undefined ? {} : { deprecated: k.deprecated }),
  };
}

/** The mapping forms possible at `path`: the one the data already commits to, or all of them. */
function mappingsAt(path: readonly PathSegment[], config: unknown): ObjectShape[] {
  const r = resolvePath(path, config);
  if (!r) return [];
  const s = deref(r.shape);
  const value = valueAt(config, path);
  if (s.kind === 'union' && isRecord(value)) {
    const chosen = s.discriminated?.find((d) => d.key in value);
    if (chosen) return [chosen.shape];
  }
  return objectVariants(s);
}

/** The kind of mapping at `path` (where keys are being typed), or `undefined` when it is not a keyword mapping. */
export function keywordContextAt(path: readonly PathSegment[], config?: unknown): ContextId | undefined {
  return mappingsAt(path, config)[0]?.context;
}

/** Keywords allowed as keys of the mapping at `path`, for completion at exactly that nesting level. */
export function childKeywords(path: readonly PathSegment[], config?: unknown): KeywordInfo[] {
  const seen = new Set<string>();
  const out: KeywordInfo[] = [];
  for (const variant of mappingsAt(path, config)) {
    for (const k of variant.keywords) {
      if (seen.has(k.name)) continue;
      seen.add(k.name);
      out.push(info(k));
    }
  }
  return out;
}

function collectValues(shape: Shape, out: string[], depth: number): void {
  const s = deref(shape);
  if (depth > 3) return;
  switch (s.kind) {
    case 'string': out.push(...(s.enum ?? s.suggest ?? [])); break;
    case 'boolean': out.push('true', 'false'); break;
    case 'array': collectValues(s.items, out, depth + 1); break;
    case 'union': for (const o of s.options) collectValues(o, out, depth + 1); break;
    default: break;
  }
}

/** Values to offer at the value position `path` (an enum, or the usual values of an open string). */
export function enumValues(path: readonly PathSegment[], config?: unknown): string[] {
  const r = resolvePath(path, config);
  if (!r) return [];
  const out: string[] = [];
  collectValues(r.shape, out, 0);
  return [...new Set(out)];
}

/** Hover information for the keyword named by the last segment of `path`. */
export function keywordInfo(path: readonly PathSegment[], config?: unknown): KeywordInfo | undefined {
  const r = resolvePath(path, config);
  const last = path[path.length - 1];
  if (!r?.keyword || r.keyword.name !== last) return undefined;
  return info(r.keyword);
}
