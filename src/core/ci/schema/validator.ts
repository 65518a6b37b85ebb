/**
 * Compiles the generated JSON Schema with ajv. Compiling costs far more than validating, so a
 * `CiSchemaValidator` is made once (by the caller, or lazily by `index.ts`) and reused.
 */
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { buildCiJsonSchema, buildHeaderJsonSchema } from './toJsonSchema';

export interface CiSchemaValidator {
  /** ajv errors for the merged configuration, empty when it is valid. */
  config(config: unknown): readonly ErrorObject[];
  /** ajv errors for a header document (`spec:` before `---`). */
  header(document: unknown): readonly ErrorObject[];
}

/**
 * ajv options: all errors (one pass reports every problem); strict, but our unions use `if` on types;
 * no ajv messages, since ours are made from the keyword model (this also makes the code smaller).
 */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, messages: false } as const;

function run(validate: ValidateFunction, data: unknown): readonly ErrorObject[] {
  return validate(data) ? [] : (validate.errors ?? []);
}

export function validatorFrom(config: ValidateFunction, header: ValidateFunction): CiSchemaValidator {
  return { config: (c) => run(config, c), header: (h) => run(header, h) };
}

/** Compiles the schema now (about a quarter of a second); the bundled build replaces this with precompiled code. */
export function compileCiSchemaValidator(): CiSchemaValidator {
  const ajv = new Ajv(AJV_OPTIONS);
  return validatorFrom(ajv.compile(buildCiJsonSchema({ descriptions: false })), ajv.compile(buildHeaderJsonSchema({ descriptions: false })));
}
