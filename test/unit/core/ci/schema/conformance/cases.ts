/**
 * Generates small documents from GitLab's reference schema, keyword by keyword: each keyword's
 * value is replaced by boundary values, strings that break (or keep) each pattern, missed enum
 * values, wrong types, missing required keys and unknown keys, inside an otherwise valid document.
 */
import { alternatives, deref, typesOf } from './reference';
import type { Json, SchemaNode } from './reference';

export type CaseKind =
  | 'null' | 'type' | 'string' | 'pattern' | 'enum' | 'length' | 'range' | 'items' | 'unique'
  | 'sample' | 'required' | 'unknown-key' | 'optional' | 'key-name' | 'properties';

export interface Case {
  /** Keyword path: `job.cache.key.files`, `[]` for list entries, `*` for a name chosen by the user. */
  readonly path: string;
  readonly kind: CaseKind;
  /** `header`: validated as the document before `---` (`spec:`); `config`: the configuration. */
  readonly doc: 'config' | 'header';
  readonly document: Json;
}

/** Strings tried on every string keyword: they match or break each of the reference's patterns. */
export const STRING_POOL: readonly string[] = [
  'text', '', 'a', '.', '..', '.hidden', 'a.b', 'a/b', '/a', 'a/', 'slug#', 'slug', '$VAR', '$.', '${VAR}', 'x$VAR',
  'group/project', 'group/sub-group/project', 'group/$VAR/project', 'file.yml', 'file.yaml', 'file.json', '.yml',
  'dir/file.yml', 'dir/*.yml', '/templates/.gitlab-ci-template.yml', 'https://example.com/ci.yml', 'http://example.com/ci.yaml',
  'https://example.com/ci.txt', 'https://example.com', 'ftp://example.com/ci.yml', 'https://.yml', 'dir/\nfile.yml',
  `sha256-${'A'.repeat(43)}=`, `sha256-${'A'.repeat(42)}=`, 'sha256-abc', '/.+/', '/Total: \\d+%/', '/', '//',
  'pull', 'push', 'pull-push', 'pushy', 'nopull', '$CACHE_POLICY', '2024-05-01T12:00:00Z', '2023-02-29T12:00:00Z',
  '2024-02-29T12:00:00+01:00', '2024-05-01', 'name_1', '_name', '1name', 'my-name', 'my name', 'on_success', 'never',
  'always', 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(1024), 'x'.repeat(1025),
];

/** Keys tried in mappings whose keys are names chosen by the user. */
const KEY_POOL: readonly string[] = ['NAME_1', 'name-2', '_x', '1abc', 'bad/name', 'with space', 'a.b'];

const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

function patternsOf(node: SchemaNode): { all: RegExp[]; any: RegExp[][] } {
  const all = typeof node.pattern === 'string' ? [new RegExp(node.pattern, 'u')] : [];
  const any: RegExp[][] = [];
  // The include string: `pattern` plus an `anyOf` of patterns.
  if (Array.isArray(node.anyOf)) any.push(node.anyOf.filter(isNode).map((a) => new RegExp(typeof a.pattern === 'string' ? a.pattern : '.', 'u')));
  return { all, any };
}

export class CaseGenerator {
  readonly cases: Case[] = [];
  /** Every keyword path walked, with its schema node, for the structural comparison. */
  readonly visited: { readonly path: string; readonly node: unknown }[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly root: SchemaNode) {}

  private add(path: string, kind: CaseKind, doc: Case['doc'], document: Json): void {
    const id = `${doc}|${JSON.stringify(document)}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.cases.push({ path, kind, doc, document });
  }

  /** A string the node accepts, from the pool (the first that fits), or `undefined`. */
  sampleString(node: SchemaNode): string | undefined {
    if (Array.isArray(node.enum)) return node.enum.find((v): v is string => typeof v === 'string');
    if (typeof node.const === 'string') return node.const;
    const { all, any } = patternsOf(node);
    const min = typeof node.minLength === 'number' ? node.minLength : 0;
    const max = typeof node.maxLength === 'number' ? node.maxLength : Infinity;
    return STRING_POOL.find((s) => s.length >= min && s.length <= max && all.every((r) => r.test(s)) && any.every((alts) => alts.some((r) => r.test(s))));
  }

  /** A value the node accepts (its first alternative), built small. */
  sample(node: unknown, depth = 0): Json {
    const alts = alternatives(this.root, node);
    for (const alt of alts) {
      const v = this.sampleOf(alt, depth);
      if (v !== undefined) return v;
    }
    return 'text';
  }

  private sampleOf(alt: SchemaNode, depth: number): Json | undefined {
    const type = typesOf(alt)[0];
    switch (type) {
      case undefined: return 'text';
      case 'string': return this.sampleString(alt);
      case 'integer': case 'number': {
        const min = typeof alt.minimum === 'number' ? alt.minimum : undefined;
        const max = typeof alt.maximum === 'number' ? alt.maximum : undefined;
        return min ?? (max !== undefined && max < 1 ? max : 1);
      }
      case 'boolean': return true;
      case 'null': return null;
      case 'array': {
        const n = Math.max(typeof alt.minItems === 'number' ? alt.minItems : 0, 1);
        if (depth > 6) return [];
        return Array.from({ length: n }, () => this.sample(alt.items, depth + 1));
      }
      case 'object': return depth > 6 ? {} : this.sampleObject(alt, depth);
    }
    return undefined;
  }

  /** The required keys (and the keys `anyOf`/`oneOf`/`dependencies` ask for) with sample values. */
  sampleObject(alt: SchemaNode, depth = 0): { [key: string]: Json } {
    const props = isNode(alt.properties) ? alt.properties : {};
    const required = new Set(Array.isArray(alt.required) ? alt.required.filter((k): k is string => typeof k === 'string') : []);
    // A choice between bare `required` lists (a secret's provider, a step's kind): the first one.
    const choice: unknown = Array.isArray(alt.requiredChoice) ? (alt.requiredChoice as unknown[])[0] : undefined;
    if (isNode(choice) && Array.isArray(choice.required)) for (const k of choice.required as unknown[]) if (typeof k === 'string') required.add(k);
    const out: { [key: string]: Json } = {};
    for (const k of required) out[k] = this.sample(props[k] ?? {}, depth + 1);
    if (isNode(alt.dependencies)) {
      for (const [k, deps] of Object.entries(alt.dependencies)) {
        if (k in out && Array.isArray(deps)) for (const d of deps) if (typeof d === 'string' && !(d in out)) out[d] = this.sample(props[d] ?? {}, depth + 1);
      }
    }
    return out;
  }

  /**
   * Cases for the keyword at `path` whose schema is `node`; `embed` puts a value at that place in
   * an otherwise valid document. Recurses into the keyword's own keys and list entries.
   */
  walk(path: string, node: unknown, embed: (v: Json) => Json, doc: Case['doc'], chain: readonly SchemaNode[] = []): void {
    const resolved = deref(this.root, node);
    if (chain.includes(resolved) || chain.length > 12) return;
    const next = [...chain, resolved];
    this.visited.push({ path, node });
    const at = (kind: CaseKind, v: Json): void => this.add(path, kind, doc, embed(v));
    at('null', null);
    for (const v of [true, 7, 1.5, 'text', [], ['text'], {}] as Json[]) at('type', v);
    at('unknown-key', { unknown_key: 'x' });
    const walked = new Set<unknown>();
    for (const alt of alternatives(this.root, node)) {
      for (const type of typesOf(alt)) this.valuesOf(alt, type, at);
      // Alternatives that differ only in a condition (a job with and without `when: delayed`) share
      // their keywords: those are walked once, from the simplest alternative.
      const keys = JSON.stringify(alt.properties ?? null);
      const keysWalked = walked.has(keys);
      walked.add(keys);
      if (typesOf(alt).includes('object')) this.walkObject(path, alt, embed, doc, next, keysWalked);
      if (typesOf(alt).includes('array') && alt.items !== undefined) {
        const rest = Array.from({ length: Math.max((typeof alt.minItems === 'number' ? alt.minItems : 1) - 1, 0) }, () => this.sample(alt.items));
        this.walk(`${path}[]`, alt.items, (v) => embed([v, ...rest]), doc, next);
      }
    }
  }

  private valuesOf(alt: SchemaNode, type: string, at: (kind: CaseKind, v: Json) => void): void {
    if (type === 'string') {
      for (const s of STRING_POOL) at(alt.pattern === undefined ? 'string' : 'pattern', s);
      if (Array.isArray(alt.enum)) for (const e of alt.enum) if (typeof e === 'string') { at('enum', e); at('enum', `${e}_x`); at('enum', e.toUpperCase()); }
      for (const n of [alt.minLength, alt.maxLength]) {
        if (typeof n === 'number') for (const len of [n - 1, n, n + 1]) if (len >= 0) at('length', 'x'.repeat(len));
      }
    }
    if (type === 'integer' || type === 'number') {
      for (const n of [alt.minimum, alt.maximum]) if (typeof n === 'number') for (const v of [n - 1, n, n + 1, n + 0.5]) at('range', v);
      for (const v of [0, 1, -1, 2, 3, 0.5]) at('range', v);
    }
    if (type === 'boolean') { at('sample', true); at('sample', false); }
    if (type === 'array') {
      const item = this.sample(alt.items);
      const counts = [0, 1, 2, 3];
      for (const n of [alt.minItems, alt.maxItems]) if (typeof n === 'number') counts.push(n - 1, n, n + 1);
      for (const n of counts) {
        if (n < 0) continue;
        at('items', Array.from({ length: n }, () => item));
        at('items', Array.from({ length: n }, (_, i) => distinct(item, i)));
      }
      at('unique', [item, item]);
    }
  }

  private walkObject(path: string, alt: SchemaNode, embed: (v: Json) => Json, doc: Case['doc'], chain: readonly SchemaNode[], keysWalked: boolean): void {
    const base = this.sampleObject(alt);
    const at = (kind: CaseKind, v: Json): void => this.add(path, kind, doc, embed(v));
    const props = isNode(alt.properties) ? alt.properties : {};
    at('sample', base);
    for (const k of Object.keys(base)) {
      const without = { ...base };
      delete without[k];
      at('required', without);
    }
    at('unknown-key', { ...base, unknown_key: 'x' });
    const all: { [key: string]: Json } = { ...base };
    for (const [k, p] of Object.entries(props)) {
      const v = this.sample(p);
      all[k] = v;
      at('optional', { ...base, [k]: v });
      if (!keysWalked) this.walk(`${path}.${k}`, p, (value) => embed({ ...base, [k]: value }), doc, chain);
    }
    at('optional', all);
    const valueSchemas: unknown[] = [
      ...(isNode(alt.patternProperties) ? Object.values(alt.patternProperties) : []),
      ...(isNode(alt.additionalProperties) ? [alt.additionalProperties] : []),
    ];
    const patterns = isNode(alt.patternProperties) ? Object.keys(alt.patternProperties).map((p) => new RegExp(p, 'u')) : [];
    for (const valueSchema of valueSchemas) {
      const v = this.sample(valueSchema);
      for (const key of KEY_POOL) at('key-name', { ...base, [key]: v });
      const name = KEY_POOL.find((k) => patterns.every((r) => r.test(k))) ?? 'NAME_1';
      this.walk(`${path}.*`, valueSchema, (value) => embed({ ...base, [name]: value }), doc, chain);
      if (typeof alt.maxProperties === 'number') {
        for (const n of [alt.maxProperties, alt.maxProperties + 1]) {
          at('properties', Object.fromEntries(Array.from({ length: n }, (_, i) => [`NAME_${i}`, v])));
        }
      }
    }
  }
}

/** The i-th of a list of different values like `item` (for uniqueness and counts). */
function distinct(item: Json, i: number): Json {
  if (typeof item === 'string') return item.replace(/(\.[a-z]+)?$/, `${i}$1`);
  if (typeof item === 'number') return item + i;
  return item;
}

/** Every case: top-level keywords, job keywords, and the `spec:` header. */
export function generateCases(root: SchemaNode): CaseGenerator {
  const gen = new CaseGenerator(root);
  const props = root.properties as Record<string, unknown>;
  for (const [key, node] of Object.entries(props)) {
    if (key === 'spec') gen.walk('spec', node, (v) => ({ spec: v }), 'header');
    else if (key !== 'pages') gen.walk(key, node, (v) => ({ [key]: v }), 'config');
  }
  gen.walk('job', (root as { additionalProperties: unknown }).additionalProperties, (v) => ({ job: v }), 'config');
  return gen;
}
