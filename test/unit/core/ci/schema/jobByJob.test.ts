import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { analyzeCiFile } from '../../../../../src/core/ci/analyze/analyzeCiFile';
import type { FileReader } from '../../../../../src/core/ci/model/fileReader';
import * as schema from '../../../../../src/core/ci/schema';
import { buildCiJsonSchema, buildHeaderJsonSchema } from '../../../../../src/core/ci/schema/toJsonSchema';
import type { CompiledCiSchema } from '../../../../../src/core/ci/schema/validator';
import { AJV_OPTIONS, validatorFrom } from '../../../../../src/core/ci/schema/validator';
import { fixturePath } from '../../../../support/paths';

const diskReader: FileReader = {
  readFile: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
  glob: () => [],
};

function ymlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? ymlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

const port = (v: CompiledCiSchema) => ({
  validateCiSchema: (c: unknown, l: schema.SchemaLocator) => schema.validateCiSchema(c, l, v),
  validateSpecHeader: (s: unknown, l: schema.SchemaLocator) => schema.validateSpecHeader(s, l, v),
});

describe('ci schema validation job by job', function () {
  // Compiling the whole schema twice takes a moment on a busy machine.
  this.timeout(60_000);

  it('reports every fixture exactly like validating the whole configuration at once', () => {
    const ajv = new Ajv(AJV_OPTIONS);
    const whole = validatorFrom(ajv.compile(buildCiJsonSchema({ descriptions: false })), ajv.compile(buildHeaderJsonSchema({ descriptions: false })));
    const byJob = schema.compileCiSchemaValidator();
    let withFindings = 0;
    for (const file of ymlFiles(fixturePath('ci'))) {
      const expected = analyzeCiFile(file, path.dirname(file), diskReader, { schema: port(whole) })?.diagnostics;
      assert.deepEqual(analyzeCiFile(file, path.dirname(file), diskReader, { schema: port(byJob) })?.diagnostics, expected, file);
      if (expected?.some((d) => d.code.startsWith('schema-'))) withFindings++;
    }
    assert.ok(withFindings >= 10, `only ${withFindings} fixtures have schema findings`);
  });

  it('reuses a job value seen before under whatever name it has now', () => {
    const byJob = schema.compileCiSchemaValidator();
    const broken = { script: 1 };
    const first = byJob.config({ a: broken, b: { script: 'ok' } }).map((e) => e.instancePath);
    const again = byJob.config({ 'c/d': broken, stages: 3 }).map((e) => e.instancePath);
    assert.ok(first.length > 0 && first.every((p) => p.startsWith('/a')));
    assert.deepEqual(
      again.filter((p) => p.startsWith('/c~1d')).length,
      first.length,
    );
    assert.ok(again.some((p) => p === '/stages'));
  });
});
