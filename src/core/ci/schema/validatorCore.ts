/**
 * Running compiled validators: the whole configuration, or job by job with results reused for
 * unchanged jobs. Shared by the run-time compile (validator.ts) and the precompiled standalone code
 * the bundle uses instead (scripts/build-schema.mjs), so both validate the same way.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';

/** The compiled ajv validators (raw errors); `index.ts` turns their errors into findings. */
export interface CompiledCiSchema {
  /** ajv errors for the merged configuration, empty when it is valid. */
  config(config: unknown): readonly ErrorObject[];
  /** ajv errors for a header document (`spec:` before `---`). */
  header(document: unknown): readonly ErrorObject[];
}

/**
 * ajv options: all errors (one pass reports every problem); strict, but our unions use `if` on types;
 * no ajv messages, since ours are made from the keyword model (this also makes the code smaller).
 */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, messages: false, inlineRefs: false } as const;

function run(validate: ValidateFunction, data: unknown): readonly ErrorObject[] {
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** Validates one job value on its own; with {@link globalKey}, lets the configuration be checked job by job. */
export interface JobValidation {
  readonly job: ValidateFunction;
  /** Top-level keys the schema does not validate as jobs (global keywords, hidden keys). */
  readonly globalKey: (key: string) => boolean;
}

export function validatorFrom(config: ValidateFunction, header: ValidateFunction, jobs?: JobValidation): CompiledCiSchema {
  return { config: jobs ? jobByJob(config, jobs) : (c) => run(config, c), header: (h) => run(header, h) };
}

/**
 * The configuration's errors with each job validated separately, in the order ajv reports them for
 * the whole (jobs in key order, then the global keywords). A job value seen before (values are never
 * mutated: unchanged jobs keep their objects between analyses) reuses its errors.
 */
function jobByJob(config: ValidateFunction, { job, globalKey }: JobValidation): (c: unknown) => readonly ErrorObject[] {
  const seen = new WeakMap<object, readonly ErrorObject[]>();
  const jobErrors = (value: unknown): readonly ErrorObject[] => {
    if (typeof value !== 'object' || value === null) return run(job, value);
    const known = seen.get(value);
    if (known) return known;
    const found = run(job, value);
    seen.set(value, found);
    return found;
  };
  return (c) => {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return run(config, c);
    const globals: Record<string, unknown> = {};
    const errors: ErrorObject[] = [];
    for (const [key, value] of Object.entries(c)) {
      if (globalKey(key)) {
        globals[key] = value;
        continue;
      }
      const prefix = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      for (const e of jobErrors(value)) errors.push({ ...e, instancePath: prefix + e.instancePath });
    }
    errors.push(...run(config, globals));
    return errors;
  };
}

/** Which top-level keys the schema checks through `properties` or `patternProperties` rather than as jobs. */
export function globalKeyOf(schema: { properties?: object; patternProperties?: object }): (key: string) => boolean {
  const named = new Set(Object.keys(schema.properties ?? {}));
  const patterns = Object.keys(schema.patternProperties ?? {}).map((p) => new RegExp(p, 'u'));
  return (key) => named.has(key) || patterns.some((p) => p.test(key));
}
