/**
 * Turns ajv errors into diagnostics a person can act on: the wording comes from the keyword model,
 * unknown keys are reported at the key and wrong values at the value, and the errors ajv reports
 * for one problem (branch bookkeeping, several missing keys) collapse into one diagnostic.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../../diagnostic';
import type { Shape } from './shapes';
import { REMOVED_KEYWORDS } from './model/removed';
import { describeShape } from './describe';
import { deref, isRecord, objectVariants, RESERVED_TOP_LEVEL, resolvePath, valueAt, variantFor } from './resolve';
import type { PathSegment } from '../model/ciNode';
import type { Resolved } from './resolve';
import { jobShape } from './model/job';
import { didYouMean } from './suggest';
import type { LocateTarget, SchemaLocator } from '../model/schemaPort';

export type SchemaCode =
  | 'schema-unknown-key' | 'schema-type' | 'schema-enum' | 'schema-required' | 'schema-range'
  | 'schema-pattern' | 'schema-exclusive' | 'schema-misplaced' | 'schema-invalid' | 'schema-removed';

export interface Finding {
  readonly code: SchemaCode;
  readonly path: readonly PathSegment[];
  readonly target: LocateTarget;
  readonly message: string;
  /** For an unknown key: the keyword it is probably a misspelling of. */
  readonly meant?: string;
  /** Only removed keywords are warnings: configs that used them were accepted once, and may still run on older GitLab. */
  readonly severity?: 'warning';
}

/** Values that are right somewhere else, by keyword path: what to tell the person. */
const ENUM_VALUE_HINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  when: { never: '`when: never` only works inside `rules`', delayed: 'a trigger job cannot be delayed' },
};

/** Lower wins when several errors land on the same value. */
const PRIORITY: Readonly<Record<string, number>> = { type: 0, 'false schema': 1, required: 2, enum: 3 };

function decodePointer(pointer: string, root: unknown): PathSegment[] | undefined {
  if (pointer === '') return [];
  const out: PathSegment[] = [];
  let value = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      const index = Number(seg);
      out.push(index);
      value = value[index];
    } else if (isRecord(value)) {
      out.push(seg);
      value = value[seg];
    } else return undefined;
  }
  return out;
}

/** `$[[ inputs.x ]]` is replaced before GitLab validates, possibly by a list or a number: no type to check. */
function interpolated(value: unknown): boolean {
  return typeof value === 'string' && value.includes('$[[');
}

function code(label: readonly string[]): string {
  return `\`${label.join(':')}\``;
}

/** "job `build`", "`artifacts` of job `build`", "an entry of `needs` of job `build`", "`workflow`". */
function where(r: Resolved, path: readonly PathSegment[]): string {
  if (r.label.length === 0) return r.job === undefined ? 'the configuration' : `job \`${r.job}\``;
  const item = typeof path[path.length - 1] === 'number' ? 'an entry of ' : '';
  return r.job === undefined ? `${item}${code(r.label)}` : `${item}${code(r.label)} of job \`${r.job}\``;
}

/** What a value error talks about: "`retry:max`", "entries of `needs`", "job `build`". */
function subject(path: readonly PathSegment[], r: Resolved): string {
  if (r.label.length === 0) return r.job === undefined ? 'the configuration' : `job \`${r.job}\``;
  const base = code(r.label);
  return typeof path[path.length - 1] === 'number' ? `each entry of ${base}` : base;
}

function expectation(r: Resolved, path: readonly PathSegment[]): string {
  if (r.label.length === 0 && r.job !== undefined) {
    const meant = didYouMean(r.job, [...RESERVED_TOP_LEVEL]);
    return `a mapping of job keywords, such as \`script\` and \`stage\`${meant === undefined ? '' : ` (or did you mean the keyword \`${meant}\`?)`}`;
  }
  const own = r.keyword !== undefined && path[path.length - 1] === r.keyword.name ? r.keyword.expect : undefined;
  return own ?? describeShape(r.shape);
}

function numberBounds(shape: Shape, value: unknown): { min?: number; max?: number } {
  const s = variantFor(shape, value) ?? deref(shape);
  return s.kind === 'number' ? { min: s.minimum, max: s.maximum } : {};
}

function rangeMessage(r: Resolved, path: readonly PathSegment[], value: unknown): string {
  const own = r.keyword !== undefined && path[path.length - 1] === r.keyword.name ? r.keyword.expect : undefined;
  if (own !== undefined) return `${subject(path, r)} must be ${own}`;
  const { min, max } = numberBounds(r.shape, value);
  if (min !== undefined && max !== undefined) return `${subject(path, r)} must be between ${min} and ${max}`;
  if (min !== undefined) return `${subject(path, r)} must be at least ${min}`;
  return `${subject(path, r)} must be at most ${max ?? 0}`;
}

function unknownKey(parent: readonly PathSegment[], key: string, root: unknown, mode: Mode): Finding | undefined {
  if (mode === 'header' && parent.length === 0) {
    return { code: 'schema-unknown-key', path: [key], target: 'key', message: `unknown keyword \`${key}\` in the header: only \`spec\` belongs before the \`---\` line` };
  }
  const r = resolvePath(parent, root);
  if (!r) return undefined;
  const path = [...parent, key];
  const variant = variantFor(r.shape, valueAt(root, parent)) ?? r.shape;
  const concrete = deref(variant);
  const context = concrete.kind === 'object' ? concrete.context : undefined;
  if (context === 'trigger-job' && jobShape.keywords.some((k) => k.name === key)) {
    return { code: 'schema-unknown-key', path, target: 'key', message: `\`${key}\` cannot be used in trigger job \`${r.job ?? ''}\`: a job with \`trigger\` only starts a downstream pipeline` };
  }
  if (context === 'default' && jobShape.keywords.some((k) => k.name === key)) {
    const allowed = (concrete.kind === 'object' ? concrete.keywords : []).map((k) => k.name).join(', ');
    return { code: 'schema-unknown-key', path, target: 'key', message: `\`${key}\` cannot be set in \`default\`, which only takes ${allowed}` };
  }
  const replacement = context === undefined ? undefined : REMOVED_KEYWORDS[context]?.[key];
  if (replacement !== undefined) {
    return { code: 'schema-removed', severity: 'warning', path, target: 'key', message: `\`${key}\` is no longer supported in ${where(r, parent)}: ${replacement}` };
  }
  const allowed = objectVariants(variant).flatMap((o) => o.keywords.map((k) => k.name));
  const hint = didYouMean(key, allowed);
  return {
    code: 'schema-unknown-key', path, target: 'key',
    message: `unknown keyword \`${key}\` in ${where(r, parent)}${hint === undefined ? '' : ` (did you mean \`${hint}\`?)`}`,
    ...(hint === undefined ? {} : { meant: hint }),
  };
}

function missingKeys(parent: readonly PathSegment[], keys: readonly string[], root: unknown): Finding | undefined {
  const r = resolvePath(parent, root);
  if (!r) return undefined;
  const list = keys.map((k) => `\`${k}\``).join(' and ');
  const target = typeof parent[parent.length - 1] === 'string' ? 'key' : 'value';
  return { code: 'schema-required', path: parent, target, message: `missing ${list} in ${where(r, parent)}` };
}

function badKeyName(parent: readonly PathSegment[], key: string, root: unknown): Finding | undefined {
  const r = resolvePath(parent, root);
  if (!r) return undefined;
  const s = variantFor(r.shape, valueAt(root, parent)) ?? deref(r.shape);
  const hint = s.kind === 'object' ? s.keyPattern?.hint : undefined;
  return { code: 'schema-pattern', path: [...parent, key], target: 'key', message: `\`${key}\` is not a valid name in ${where(r, parent)}: ${hint ?? 'it has characters that are not allowed'}` };
}

function needsBeside(parent: readonly PathSegment[], key: string, missing: string, root: unknown): Finding | undefined {
  const r = resolvePath(parent, root);
  if (!r) return undefined;
  return { code: 'schema-required', path: [...parent, key], target: 'key', message: `\`${key}\` needs \`${missing}\` beside it in ${where(r, parent)}` };
}

function noVariant(path: readonly PathSegment[], root: unknown): Finding | undefined {
  const r = resolvePath(path, root);
  if (!r) return undefined;
  const s = deref(r.shape);
  const keys = s.kind === 'union' ? (s.discriminated ?? []).map((d) => `\`${d.key}\``) : [];
  return { code: 'schema-required', path, target: 'value', message: `${subject(path, r)} needs one of ${keys.join(', ')}` };
}

function valueFinding(e: ErrorObject, path: readonly PathSegment[], root: unknown): Finding | undefined {
  const r = resolvePath(path, root);
  if (!r) return undefined;
  const value = valueAt(root, path);
  const at = (c: SchemaCode, message: string): Finding => ({ code: c, path, target: 'value', message });
  const limit = (e.params as { limit?: number }).limit ?? 0;
  switch (e.keyword) {
    case 'type': return at('schema-type', `${subject(path, r)} must be ${expectation(r, path)}`);
    case 'enum': {
      const allowed = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).filter((v) => v !== null);
      const hint = typeof value === 'string' ? ENUM_VALUE_HINTS[r.label.join(':')]?.[value] : undefined;
      return at('schema-enum', `${subject(path, r)} must be one of ${allowed.map(String).join(', ')}${hint === undefined ? '' : ` (${hint})`}`);
    }
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return at('schema-range', rangeMessage(r, path, value));
    case 'minItems': return at('schema-range', limit <= 1 ? `${subject(path, r)} must not be empty` : `${subject(path, r)} needs at least ${limit} entries`);
    case 'maxItems': return at('schema-range', `${subject(path, r)} can have at most ${limit} ${limit === 1 ? 'entry' : 'entries'}`);
    case 'minLength': return at('schema-range', `${subject(path, r)} must not be empty`);
    case 'maxLength': return at('schema-range', `${subject(path, r)} must be at most ${limit} characters long`);
    case 'pattern': {
      const s = variantFor(r.shape, value) ?? deref(r.shape);
      const hint = s.kind === 'string' ? s.patternHint : undefined;
      return at('schema-pattern', `${subject(path, r)} must be ${hint ?? `a string matching ${String((e.params as { pattern?: string }).pattern)}`}`);
    }
    case 'uniqueItems': return at('schema-invalid', `${subject(path, r)} must not list the same value twice`);
    case 'maxProperties': return at('schema-range', `${subject(path, r)} can have at most ${limit} entries`);
    case 'false schema': return noVariant(path, root);
    default: return at('schema-invalid', `${subject(path, r)} is not valid here`);
  }
}

/** `header`: the document before `---`, which holds only `spec:`. */
export type Mode = 'config' | 'header';

/** One finding per problem, from ajv's error list. */
export function translateErrors(errors: readonly ErrorObject[], root: unknown, mode: Mode = 'config'): Finding[] {
  const unknown = new Map<string, Finding>();
  const required = new Map<string, { path: PathSegment[]; keys: string[] }>();
  const values = new Map<string, { rank: number; error: ErrorObject; path: PathSegment[] }>();
  const keyErrors = new Map<string, Finding>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    const path = decodePointer(e.instancePath, root);
    if (!path) continue;
    if (e.propertyName !== undefined) {
      const id = `${e.instancePath}/${e.propertyName}`;
      const f = keyErrors.has(id) ? undefined : badKeyName(path, e.propertyName, root);
      if (f) keyErrors.set(id, f);
      continue;
    }
    if (e.keyword === 'dependencies') {
      const { property, missingProperty } = e.params as { property?: string; missingProperty?: string };
      const id = `${e.instancePath}/${String(property)}`;
      const f = keyErrors.has(id) ? undefined : needsBeside(path, String(property), String(missingProperty), root);
      if (f) keyErrors.set(id, f);
      continue;
    }
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty?: unknown }).additionalProperty);
      const id = `${e.instancePath}/${key}`;
      if (!unknown.has(id)) {
        const f = unknownKey(path, key, root, mode);
        if (f) unknown.set(id, f);
      }
      continue;
    }
    if (e.keyword === 'required') {
      const missing = String((e.params as { missingProperty?: unknown }).missingProperty);
      const entry = required.get(e.instancePath) ?? { path, keys: [] };
      if (!entry.keys.includes(missing)) entry.keys.push(missing);
      required.set(e.instancePath, entry);
      continue;
    }
    if (interpolated(valueAt(root, path))) continue;
    const rank = PRIORITY[e.keyword] ?? 4;
    const current = values.get(e.instancePath);
    if (!current || rank < current.rank) values.set(e.instancePath, { rank, error: e, path });
  }
  const findings: Finding[] = [...unknown.values(), ...keyErrors.values()];
  for (const [pointer, { path, keys }] of required) {
    if (values.get(pointer)?.rank === 0) continue;
    // A misspelt required key is one problem: the unknown-key finding already says what was meant.
    const meant = new Set([...unknown.entries()].filter(([id]) => id.startsWith(`${pointer}/`) && !id.slice(pointer.length + 1).includes('/')).map(([, f]) => f.meant));
    const stillMissing = keys.filter((k) => !meant.has(k));
    const f = stillMissing.length > 0 ? missingKeys(path, stillMissing, root) : undefined;
    if (f) findings.push(f);
  }
  for (const { error, path } of values.values()) {
    const f = valueFinding(error, path, root);
    if (f) findings.push(f);
  }
  return findings;
}

export function toDiagnostic(f: Finding, locate: SchemaLocator): Diagnostic {
  return { severity: f.severity ?? 'error', code: f.code, message: f.message, range: locate(f.path, f.target) };
}
