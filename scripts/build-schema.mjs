// ajv standalone code for the GitLab CI schema, generated at build time.
//
// As an esbuild plugin (scripts/build.mjs: `plugins: [ciSchemaStandalonePlugin()]`), it replaces
// src/core/ci/schema/validator.ts in the bundle with precompiled validators, so the extension and
// the CLI do not compile the schema at run time (about 250 ms saved on first use).
//
// Run directly to print the trade-off:   node scripts/build-schema.mjs
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const VALIDATOR = /[\\/]src[\\/]core[\\/]ci[\\/]schema[\\/]validator\.ts$/;

/** Loads a TypeScript module of the project by bundling it in memory (ajv stays external). */
async function loadModule(relative) {
  const out = await esbuild.build({
    entryPoints: [path.join(root, relative)], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    write: false, external: ['ajv', 'ajv/*'], logLevel: 'warning',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, requireFromRoot);
  return module.exports;
}

/** The standalone validators as CommonJS source, plus the ajv options they were made with. */
export async function generateStandalone() {
  const mod = await loadModule('src/core/ci/schema/standalone.ts');
  return { code: mod.generateStandaloneCode(), options: mod.STANDALONE_AJV_OPTIONS };
}

function replacementModule({ code, options }) {
  // Runs the precompiled functions through the same validatorFrom as the run-time compile
  // (validatorCore.ts), so the bundle validates job by job and reuses unchanged jobs' results too.
  const core = JSON.stringify(path.join(root, 'src', 'core', 'ci', 'schema', 'validatorCore.ts'));
  return [
    `import { globalKeyOf, validatorFrom } from ${core};`,
    `export { globalKeyOf, validatorFrom } from ${core};`,
    // Evaluated on the first validation, not when the bundle loads (activation does not pay for it).
    'let loaded;',
    'function standaloneModule() { if (loaded) return loaded; const module = { exports: {} }; const exports = module.exports;',
    code,
    'loaded = module.exports; return loaded; }',
    `export const AJV_OPTIONS = ${JSON.stringify(options)};`,
    'export function compileCiSchemaValidator() {',
    '  const standalone = standaloneModule();',
    '  return validatorFrom(standalone.config, standalone.header, { job: standalone.job, globalKey: globalKeyOf(standalone.globals) });',
    '}',
  ].join('\n');
}

export function ciSchemaStandalonePlugin() {
  return {
    name: 'ci-schema-standalone',
    setup(build) {
      let generated;
      build.onStart(() => { generated = undefined; });
      build.onLoad({ filter: VALIDATOR }, async () => {
        generated ??= generateStandalone();
        return { contents: replacementModule(await generated), loader: 'js', resolveDir: root };
      });
    },
  };
}

async function measure() {
  const ms = (t) => `${(performance.now() - t).toFixed(1)} ms`;
  let t = performance.now();
  const runtime = await loadModule('src/core/ci/schema/validator.ts');
  console.log(`load ajv + schema model: ${ms(t)}`);
  t = performance.now();
  runtime.compileCiSchemaValidator();
  console.log(`runtime compile (ajv.compile of both schemas): ${ms(t)}`);
  t = performance.now();
  const generated = await generateStandalone();
  console.log(`standalone generation: ${ms(t)}, ${(generated.code.length / 1024).toFixed(0)} KiB of JavaScript`);
  const module = { exports: {} };
  t = performance.now();
  new Function('module', 'exports', 'require', generated.code)(module, module.exports, requireFromRoot);
  console.log(`standalone load: ${ms(t)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await measure();
