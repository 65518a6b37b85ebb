/**
 * What completion and hover need to know about keywords, read from the same model the validator
 * uses. Paths are YAML paths from the document root; any top-level key that is not a reserved
 * keyword is a job, and hidden keys (`.name`) are templates, completed like jobs.
 */
import type { ContextId, Keyword, Shape, ValueKind } from './shapes';
import { docsUrl } from './shapes';
import { valueKinds } from './describe';
import { deref, objectVariants, resolvePath } from './resolve';
import type { PathSegment } from './resolve';

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

/** The kind of mapping at `path` (where keys are being typed), or `undefined` when it is not a keyword mapping. */
export function keywordContextAt(path: readonly PathSegment[]): ContextId | undefined {
  const r = resolvePath(path);
  if (!r) return undefined;
  return objectVariants(r.shape)[0]?.context;
}

/** Keywords allowed as keys of the mapping at `path`, for completion at exactly that nesting level. */
export function childKeywords(path: readonly PathSegment[]): KeywordInfo[] {
  const r = resolvePath(path);
  if (!r) return [];
  const seen = new Set<string>();
  const out: KeywordInfo[] = [];
  for (const variant of objectVariants(r.shape)) {
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
export function enumValues(path: readonly PathSegment[]): string[] {
  const r = resolvePath(path);
  if (!r) return [];
  const out: string[] = [];
  collectValues(r.shape, out, 0);
  return [...new Set(out)];
}

/** Hover information for the keyword named by the last segment of `path`. */
export function keywordInfo(path: readonly PathSegment[]): KeywordInfo | undefined {
  const r = resolvePath(path);
  const last = path[path.length - 1];
  if (!r?.keyword || r.keyword.name !== last) return undefined;
  return info(r.keyword);
}
