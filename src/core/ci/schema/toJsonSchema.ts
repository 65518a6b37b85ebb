/**
 * Turns the keyword model into a draft-07 JSON Schema. Unions become `if`/`then`/`else` chains
 * keyed on the JSON type (and, for mappings, on a telling key) instead of `oneOf`/`anyOf`, so that
 * ajv reports the errors of the one branch that applies rather than of every branch.
 */
import type { Keyword, ObjectShape, Shape, UnionShape } from './shapes';
import { docsUrl } from './shapes';
import { defaultShape, jobShape, triggerJobShape } from './model/job';
import { DEFINITIONS, headerShape, ROOT_KEYWORDS } from './model/top';

export type JsonSchema = boolean | { readonly [key: string]: unknown };

type TypeName = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

export const JOB_DEFINITION = 'job';
export const TRIGGER_JOB_DEFINITION = 'triggerJob';
export const JOB_ENTRY_DEFINITION = 'jobEntry';

/** `trigger` without `script`/`run` makes a trigger job; GitLab checks it against fewer keywords. */
export const TRIGGER_JOB_TEST = { type: 'object', required: ['trigger'], properties: { script: false, run: false } } as const;

function typeOf(shape: Shape, resolve: (name: string) => Shape): TypeName[] {
  switch (shape.kind) {
    case 'string': return ['string'];
    case 'number': return ['number'];
    case 'boolean': return ['boolean'];
    case 'null': return ['null'];
    case 'array': return ['array'];
    case 'object': return ['object'];
    case 'any': return [];
    case 'ref': return typeOf(resolve(shape.name), resolve);
    case 'union': return [
      ...shape.options.flatMap((o) => typeOf(o, resolve)),
      ...(shape.discriminated !== undefined || shape.fallback !== undefined ? ['object' as const] : []),
    ];
  }
}

class Generator {
  readonly definitions: Record<string, JsonSchema> = {};
  /** Descriptions help editors showing the exported schema; the validator has no use for them. */
  describe = true;
  private readonly hoisted = new Map<Shape, string>();
  private readonly seen = new Map<Shape, number>();

  constructor(private readonly named: Readonly<Record<string, Shape>>) {}

  resolve = (name: string): Shape => {
    const shape = this.named[name];
    if (shape === undefined) throw new Error(`undefined shape reference: ${name}`);
    return shape;
  };

  /** First pass: shared mappings and unions are emitted once, as definitions. */
  count(shape: Shape): void {
    if (shape.kind !== 'object' && shape.kind !== 'union' && shape.kind !== 'array') return;
    const n = (this.seen.get(shape) ?? 0) + 1;
    this.seen.set(shape, n);
    if (n > 1) return;
    if (shape.kind === 'array') this.count(shape.items);
    else if (shape.kind === 'object') {
      for (const k of shape.keywords) this.count(k.shape);
      if (shape.additional) this.count(shape.additional);
    } else {
      for (const o of shape.options) this.count(o);
      for (const d of shape.discriminated ?? []) this.count(d.shape);
      if (shape.fallback) this.count(shape.fallback);
    }
  }

  name(shape: Shape, name: string): void {
    this.hoisted.set(shape, name);
  }

  /** `nullable`: the value may also be `null` (keyword values: GitLab treats `null` as not set). */
  shape(shape: Shape, nullable = false): JsonSchema {
    const hoist = this.hoisted.get(shape) ?? ((this.seen.get(shape) ?? 0) > 1 ? `s${this.hoisted.size}` : undefined);
    if (hoist === undefined) return this.inline(shape, nullable);
    if (!this.hoisted.has(shape)) this.hoisted.set(shape, hoist);
    if (!(hoist in this.definitions)) {
      this.definitions[hoist] = true; // placeholder against recursion
      this.definitions[hoist] = this.inline(shape, false);
    }
    return orNull({ $ref: `#/definitions/${hoist}` }, nullable);
  }

  private inline(shape: Shape, nullable: boolean): JsonSchema {
    const type = (t: TypeName): TypeName | TypeName[] => (nullable ? [t, 'null'] : t);
    switch (shape.kind) {
      case 'string': return compact({
        type: type('string'), enum: shape.enum && nullable ? [...shape.enum, null] : shape.enum,
        pattern: shape.pattern, minLength: shape.minLength, maxLength: shape.maxLength,
      });
      case 'number': return compact({ type: type(shape.integer ? 'integer' : 'number'), minimum: shape.minimum, maximum: shape.maximum });
      case 'boolean': return { type: type('boolean') };
      case 'null': return { type: 'null' };
      case 'any': return true;
      case 'ref': return orNull({ $ref: `#/definitions/${shape.name}` }, nullable);
      case 'array': return compact({
        type: type('array'), items: this.shape(shape.items), minItems: shape.minItems, maxItems: shape.maxItems,
        uniqueItems: shape.uniqueItems,
      });
      case 'object': return this.object(shape, nullable);
      case 'union': return this.union(shape, nullable);
    }
  }

  object(shape: ObjectShape, nullable = false): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    for (const k of shape.keywords) properties[k.name] = this.keyword(k);
    return compact({
      type: nullable ? ['object', 'null'] : 'object',
      properties: shape.keywords.length > 0 ? properties : undefined,
      additionalProperties: shape.additional === undefined ? false : this.shape(shape.additional),
      propertyNames: shape.keyPattern === undefined ? undefined : { pattern: shape.keyPattern.pattern },
      maxProperties: shape.maxProperties,
      required: shape.required !== undefined && shape.required.length > 0 ? shape.required : undefined,
      dependencies: shape.dependencies,
    });
  }

  /** GitLab treats a keyword set to `null` as not set, so every keyword value may be null. */
  keyword(k: Keyword): JsonSchema {
    const schema = this.shape(k.shape, true);
    if (!this.describe || typeof schema === 'boolean') return schema;
    return { description: `${k.summary} ${docsUrl(k.docs)}`, ...schema };
  }

  private union(shape: UnionShape, nullable: boolean): JsonSchema {
    const branches: { test: JsonSchema; then: JsonSchema }[] = [];
    const plainTypes: TypeName[] = [];
    for (const option of shape.options) {
      const types = typeOf(option, this.resolve);
      // An option that is just a type needs no branch: the final type check admits it.
      if (isPlain(option)) {
        plainTypes.push(...types);
        continue;
      }
      // Integers are tested as numbers so that 1.5 gets "must be a whole number", not "wrong type".
      branches.push({ test: { type: types.length === 1 ? types[0] : types }, then: this.shape(option) });
    }
    if (shape.discriminated !== undefined || shape.fallback !== undefined) {
      let chain: JsonSchema = shape.fallback ? this.shape(shape.fallback) : false;
      for (const d of [...(shape.discriminated ?? [])].reverse()) {
        chain = { if: { type: 'object', required: [d.key] }, then: this.shape(d.shape), else: chain };
      }
      branches.push({ test: { type: 'object' }, then: chain });
    }
    const all = [...new Set([...plainTypes, ...branches.flatMap((b) => {
      const t = (b.test as { type: TypeName | TypeName[] }).type;
      return Array.isArray(t) ? t : [t];
    })])];
    // A value of no listed type falls through every branch to this last check.
    if (nullable && !all.includes('null')) all.push('null');
    let result: JsonSchema = { type: all.length === 1 ? all[0] : all };
    for (const b of [...branches].reverse()) result = { if: b.test, then: b.then, else: result };
    return result;
  }
}

function isPlain(shape: Shape): boolean {
  switch (shape.kind) {
    case 'string': return shape.enum === undefined && shape.pattern === undefined && shape.minLength === undefined && shape.maxLength === undefined;
    case 'number': return shape.minimum === undefined && shape.maximum === undefined && shape.integer !== true;
    case 'boolean': case 'null': return true;
    default: return false;
  }
}

/** A `$ref` that also takes `null`; `$ref` cannot carry `type` beside it in draft-07. */
function orNull(schema: JsonSchema, nullable: boolean): JsonSchema {
  return nullable ? { if: { type: 'null' }, else: schema } : schema;
}

function compact(o: Record<string, unknown>): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The whole-configuration schema (the main document, with `include`/`extends` already merged).
 * `descriptions: false` leaves out the keyword descriptions (for the validator, which does not need them).
 */
export function buildCiJsonSchema(options: { descriptions?: boolean } = {}): { readonly [key: string]: unknown } {
  const gen = new Generator(DEFINITIONS);
  gen.describe = options.descriptions ?? true;
  for (const k of ROOT_KEYWORDS) gen.count(k.shape);
  gen.count(jobShape);
  gen.count(triggerJobShape);
  for (const s of Object.values(DEFINITIONS)) gen.count(s);
  gen.name(jobShape, JOB_DEFINITION);
  gen.name(triggerJobShape, TRIGGER_JOB_DEFINITION);
  gen.name(defaultShape, 'default');
  for (const [name, shape] of Object.entries(DEFINITIONS)) gen.definitions[name] = gen.shape(shape);
  gen.shape(jobShape);
  gen.shape(triggerJobShape);
  gen.definitions[JOB_ENTRY_DEFINITION] = {
    if: TRIGGER_JOB_TEST,
    then: { $ref: `#/definitions/${TRIGGER_JOB_DEFINITION}` },
    else: { $ref: `#/definitions/${JOB_DEFINITION}` },
  };
  const properties: Record<string, JsonSchema> = {};
  for (const k of ROOT_KEYWORDS) properties[k.name] = gen.keyword(k);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'GitLab CI/CD configuration (Release Pilot)',
    type: 'object',
    properties,
    patternProperties: { '^\\.': true },
    additionalProperties: { $ref: `#/definitions/${JOB_ENTRY_DEFINITION}` },
    definitions: gen.definitions,
  };
}

/** The schema of a header document (`spec:` before the first `---`). */
export function buildHeaderJsonSchema(options: { descriptions?: boolean } = {}): { readonly [key: string]: unknown } {
  const gen = new Generator(DEFINITIONS);
  gen.describe = options.descriptions ?? true;
  gen.count(headerShape);
  const root = gen.object(headerShape) as Record<string, unknown>;
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...root, definitions: gen.definitions };
}
