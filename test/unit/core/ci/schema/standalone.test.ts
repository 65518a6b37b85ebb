import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vm from 'node:vm';
import { parseAllDocuments } from 'yaml';
import { generateStandaloneCode, validatorFromStandalone } from '../../../../../src/core/ci/schema/standalone';
import type { StandaloneModule } from '../../../../../src/core/ci/schema/standalone';
import { compileCiSchemaValidator } from '../../../../../src/core/ci/schema';
import { fixturePath } from '../../../../support/paths';

/** Loads generated CommonJS source the way a bundle would run it. */
function load(code: string): StandaloneModule {
  const wrapper = vm.runInThisContext(`(function (module, exports, require) {\n${code}\n})`) as (m: { exports: unknown }, e: unknown, r: NodeRequire) => void;
  const module = { exports: {} as unknown };
  wrapper(module, module.exports, require);
  return module.exports as StandaloneModule;
}

describe('ci schema standalone code', function () {
  // Generating and compiling the whole schema twice takes a moment on a busy machine.
  this.timeout(60_000);

  it('validates every fixture exactly like the runtime-compiled validator', () => {
    const standalone = validatorFromStandalone(load(generateStandaloneCode()));
    const runtime = compileCiSchemaValidator();
    const dir = fixturePath('ci', 'schema');
    let compared = 0;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
      const docs = parseAllDocuments(fs.readFileSync(`${dir}/${file}`, 'utf8'), { merge: true });
      if (!Array.isArray(docs)) continue;
      const values = docs.map((d) => d.toJS() as unknown);
      const config = values.length > 1 ? values[1] : values[0];
      assert.deepEqual(standalone.config(config), runtime.config(config), file);
      if (values.length > 1) assert.deepEqual(standalone.header(values[0]), runtime.header(values[0]), `${file} header`);
      compared++;
    }
    assert.ok(compared >= 30);
  });
});
