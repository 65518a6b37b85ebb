/**
 * Compiles the generated JSON Schema with ajv. Compiling costs far more than validating, so a
 * `CompiledCiSchema` is made once (by the caller, or lazily by `index.ts`) and reused. The bundled
 * build replaces this module with precompiled standalone code (scripts/build-schema.mjs).
 */
import Ajv from 'ajv';
import { buildCiJsonSchema, buildHeaderJsonSchema } from './toJsonSchema';
import { AJV_OPTIONS, globalKeyOf, validatorFrom } from './validatorCore';
import type { CompiledCiSchema } from './validatorCore';

export type { CompiledCiSchema, JobValidation } from './validatorCore';
export { AJV_OPTIONS, globalKeyOf, validatorFrom } from './validatorCore';

const CONFIG_ID = 'release-pilot:ci-config';

/** Compiles the schema now (about a quarter of a second); the bundled build replaces this with precompiled code. */
export function compileCiSchemaValidator(): CompiledCiSchema {
  const ajv = new Ajv(AJV_OPTIONS);
  const schema = buildCiJsonSchema({ descriptions: false });
  ajv.addSchema(schema, CONFIG_ID);
  const config = ajv.getSchema(CONFIG_ID);
  const job = ajv.getSchema(`${CONFIG_ID}#/definitions/jobEntry`);
  const header = ajv.compile(buildHeaderJsonSchema({ descriptions: false }));
  if (!config) throw new Error('the CI schema did not compile');
  return validatorFrom(config, header, job ? { job, globalKey: globalKeyOf(schema) } : undefined);
}

