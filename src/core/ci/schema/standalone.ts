/**
 * ajv "standalone" code for the schema: the validators as plain JavaScript, generated at build time
 * (see scripts/build-schema.mjs) so that the extension and the CLI skip the compile step at run time.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { buildCiJsonSchema, buildHeaderJsonSchema } from './toJsonSchema';
import { AJV_OPTIONS, globalKeyOf, validatorFrom } from './validatorCore';
import type { CompiledCiSchema } from './validatorCore';

/** The options the standalone code was generated with, for the module that replaces validator.ts. */
export const STANDALONE_AJV_OPTIONS = AJV_OPTIONS;

const CONFIG_ID = 'release-pilot:ci-config';
const HEADER_ID = 'release-pilot:ci-header';

/**
 * CommonJS source exporting `config`, `header` and `job` validate functions (it `require`s ajv's
 * small runtime helpers), and the top-level keys the schema treats as keywords rather than jobs.
 */
export function generateStandaloneCode(): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: false } });
  const schema = buildCiJsonSchema({ descriptions: false }) as { properties?: object; patternProperties?: object };
  ajv.addSchema(schema, CONFIG_ID);
  ajv.addSchema(buildHeaderJsonSchema({ descriptions: false }), HEADER_ID);
  const code = standaloneCode(ajv, { config: CONFIG_ID, header: HEADER_ID, job: `${CONFIG_ID}#/definitions/jobEntry` });
  const globals = { properties: Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, true])), patternProperties: schema.patternProperties ?? {} };
  return `${code}\nmodule.exports.globals = ${JSON.stringify(globals)};\n`;
}

export interface StandaloneModule {
  readonly config: ValidateFunction;
  readonly header: ValidateFunction;
  readonly job: ValidateFunction;
  readonly globals: { readonly properties: object; readonly patternProperties: object };
}

/** A validator over the functions of a loaded standalone module: job by job, like the run-time compile. */
export function validatorFromStandalone(module: StandaloneModule): CompiledCiSchema {
  return validatorFrom(module.config, module.header, { job: module.job, globalKey: globalKeyOf(module.globals) });
}
