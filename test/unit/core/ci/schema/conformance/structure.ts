/**
 * Keyword-by-keyword facts of both schemas at the same path: keywords, types, enums, patterns,
 * bounds, required keys and whether the mapping is closed. A fact one side has and the other
 * lacks is a structural difference.
 */
import type { Shape } from '../../../../../../src/core/ci/schema/shapes';
import { deref as derefShape, resolvePath } from '../../../../../../src/core/ci/schema/resolve';
import type { PathSegment } from '../../../../../../src/core/ci/model/ciNode';
import { alternatives, typesOf } from './reference';
import type { SchemaNode } from './reference';

export type FactKind = 'keywords' | 'types' | 'enum' | 'pattern' | 'bounds' | 'required' | 'closed' | 'alternatives';

export interface Difference {
  readonly path: string;
  readonly kind: FactKind;
  /** `+x`: only the reference has x; `-x`: only the project has it. */
  readonly detail: string;
}

type Facts = Record<FactKind, Set<string>>;

const empty = (): Facts => ({
  keywords: new Set(), types: new Set(), enum: new Set(), pattern: new Set(), bounds: new Set(), required: new Set(), closed: new Set(), alternatives: new Set(),
});

const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const BOUNDS = ['minimum', 'maximum', 'minItems', 'maxItems', 'minLength', 'maxLength', 'maxProperties'] as const;

/** `integer` counts as `number` on both sides: the kind of number is compared through bounds and samples. */
const typeName = (t: string): string => (t === 'integer' ? 'number' : t);

function anyFacts(f: Facts): void {
  for (const t of ['string', 'number', 'boolean', 'array', 'object']) f.types.add(t);
  f.closed.add('open');
}

export function referenceFacts(root: SchemaNode, nodes: readonly unknown[]): Facts {
  const f = empty();
  const alts = nodes.flatMap((n) => alternatives(root, n));
  // Enum values beside a plain string alternative are suggestions, not limits.
  const openString = alts.some((a) => typesOf(a).includes('string') && a.enum === undefined && a.const === undefined && a.pattern === undefined);
  for (const alt of alts) {
    const types = typesOf(alt);
    // `{}` (an input's `default`) takes anything.
    if (types.length === 0 && !Array.isArray(alt.enum)) anyFacts(f);
    for (const t of types) if (t !== 'null') f.types.add(typeName(t));
    if (Array.isArray(alt.enum) && !openString) for (const e of alt.enum) if (typeof e === 'string') f.enum.add(e);
    if (typeof alt.const === 'string' && !openString) f.enum.add(alt.const);
    if (typeof alt.pattern === 'string') f.pattern.add(alt.pattern);
    for (const b of BOUNDS) if (typeof alt[b] === 'number') f.bounds.add(`${b}=${String(alt[b])}`);
    if (types.includes('object')) {
      if (isNode(alt.properties)) for (const k of Object.keys(alt.properties)) f.keywords.add(k);
      const own = Array.isArray(alt.required) ? alt.required.filter((k): k is string => typeof k === 'string') : [];
      const choice = Array.isArray(alt.requiredChoice) ? alt.requiredChoice : [];
      // "One of these keys" (a secret's provider, `paths` or `regexp`) is one required set per key.
      for (const c of choice.length > 0 ? choice : [{}]) {
        const extra = isNode(c) && Array.isArray(c.required) ? c.required.filter((k): k is string => typeof k === 'string') : [];
        const set = [...new Set([...own, ...extra])].sort();
        if (set.length > 0) f.required.add(set.join('+'));
      }
      const names = isNode(alt.patternProperties) ? Object.keys(alt.patternProperties).filter((p) => p !== '.*') : [];
      for (const p of names) f.pattern.add(`names:${p}`);
      const dict = alt.patternProperties !== undefined || isNode(alt.additionalProperties);
      f.closed.add(dict ? 'names' : alt.additionalProperties === false ? 'closed' : 'open');
    }
  }
  return f;
}

/** The union's options; a mapping chosen by a key requires that key. */
function flatten(shape: Shape): { shape: Shape; key?: string }[] {
  const s = derefShape(shape);
  if (s.kind !== 'union') return [{ shape: s }];
  return [
    ...s.options.flatMap(flatten),
    ...(s.discriminated ?? []).map((d) => ({ shape: d.shape, key: d.key })),
    ...(s.fallback ? [{ shape: s.fallback }] : []),
  ];
}

export function projectFacts(shape: Shape): Facts {
  const f = empty();
  for (const { shape: s, key } of flatten(shape)) {
    switch (s.kind) {
      case 'string':
        f.types.add('string');
        for (const e of s.enum ?? []) f.enum.add(e);
        if (s.pattern !== undefined) f.pattern.add(s.pattern);
        if (s.minLength !== undefined) f.bounds.add(`minLength=${s.minLength}`);
        if (s.maxLength !== undefined) f.bounds.add(`maxLength=${s.maxLength}`);
        break;
      case 'number':
        f.types.add('number');
        if (s.minimum !== undefined) f.bounds.add(`minimum=${s.minimum}`);
        if (s.maximum !== undefined) f.bounds.add(`maximum=${s.maximum}`);
        break;
      case 'array':
        f.types.add('array');
        if (s.minItems !== undefined) f.bounds.add(`minItems=${s.minItems}`);
        if (s.maxItems !== undefined) f.bounds.add(`maxItems=${s.maxItems}`);
        break;
      case 'object':
        f.types.add('object');
        for (const k of s.keywords) f.keywords.add(k.name);
        {
          const set = [...new Set([...(key === undefined ? [] : [key]), ...(s.required ?? [])])].sort();
          if (set.length > 0) f.required.add(set.join('+'));
        }
        if (s.keyPattern !== undefined) f.pattern.add(`names:${s.keyPattern.pattern}`);
        if (s.maxProperties !== undefined) f.bounds.add(`maxProperties=${s.maxProperties}`);
        f.closed.add(s.additional === undefined ? 'closed' : s.additional.kind === 'any' && s.keyPattern === undefined ? 'open' : 'names');
        break;
      case 'boolean': f.types.add('boolean'); break;
      case 'any': anyFacts(f); break;
      case 'null': case 'ref': case 'union': break;
    }
  }
  return f;
}

export function compareFacts(path: string, reference: Facts, project: Facts): Difference[] {
  const out: Difference[] = [];
  for (const kind of Object.keys(reference) as FactKind[]) {
    // An open mapping in the reference (no `additionalProperties: false`) is compared as `closed` facts.
    for (const x of reference[kind]) if (!project[kind].has(x)) out.push({ path, kind, detail: `+${x}` });
    for (const x of project[kind]) if (!reference[kind].has(x)) out.push({ path, kind, detail: `-${x}` });
  }
  return out;
}

/** `job.cache.key.files` -> YAML path `['job', 'cache', 'key', 'files']`; `[]` -> 0, `*` -> a user name. */
export function yamlPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of path.split('.')) {
    const m = /^(.*?)((?:\[\])*)$/.exec(part);
    const name = m?.[1] ?? part;
    out.push(name === '*' ? 'NAME_1' : name);
    for (let i = 0; i < (m?.[2]?.length ?? 0) / 2; i++) out.push(0);
  }
  return out;
}

/** The project's shape at a reference path, or `undefined` when the model has no such place. */
export function projectShapeAt(path: string): Shape | undefined {
  const segments = yamlPath(path);
  const found = resolvePath(segments)?.shape;
  if (found) return found;
  // Below a value that takes anything, anything goes.
  for (let n = segments.length - 1; n > 0; n--) {
    const above = resolvePath(segments.slice(0, n))?.shape;
    if (above) return derefShape(above).kind === 'any' ? above : undefined;
  }
  return undefined;
}

/** The reference nodes met at each keyword path (a path reached through several alternatives has several). */
export function nodesByPath(gen: { readonly visited: readonly { readonly path: string; readonly node: unknown }[] }): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const { path, node } of gen.visited) out.set(path, [...(out.get(path) ?? []), node]);
  return out;
}
