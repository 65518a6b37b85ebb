/**
 * ajv "standalone" code for the schema: the validators as plain JavaScript, generated at build time
 * (see scripts/build-schema.mjs) so that the extension and the CLI skip the compile step at run time.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { buildCiJsonSchema, buildHeaderJsonSchema } from './toJsonSchema';
import { AJV_OPTIONS, validatorFrom } from './validator';
import type { CiSchemaValidator } from './validator';

/** The options the standalone code was generated with, for the module that replaces validator.ts. */
export const STANDALONE_AJV_OPTIONS = AJV_OPTIONS;

const CONFIG_ID = 'release-pilot:ci-config';
const HEADER_ID = 'release-pilot:ci-header';

/** CommonJS source exporting `config` and `header` validate functions; it `require`s ajv's small runtime helpers. */
export function generateStandaloneCode(): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: false } });
  ajv.addSchema(buildCiJsonSchema({ descriptions: false }), CONFIG_ID);
  ajv.addSchema(buildHeaderJsonSchema({ descriptions: false }), HEADER_ID);
  return standaloneCode(ajv, { config: CONFIG_ID, header: HEADER_ID });
}

export interface StandaloneModule {
  readonly config: ValidateFunction;
  readonly header: ValidateFunction;
}

/** A validator over the functions of a loaded standalone module. */
export function validatorFromStandalone(module: StandaloneModule): CiSchemaValidator {
  return validatorFrom(module.config, module.header);
}
