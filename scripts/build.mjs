// Bundles the extension (vscode external) and the CLI into dist/ with esbuild.
//   node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { ciSchemaStandalonePlugin } from './build-schema.mjs';
import { BUNDLE, writeCliLoader } from './cli-loader.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { RELEASE_PILOT_VERSION: JSON.stringify(version) },
  // The CI schema is compiled to ajv standalone code at build time: loading it costs ~20 ms where
  // compiling it at run time costs ~250 ms (figures from `node scripts/build-schema.mjs`).
  plugins: [ciSchemaStandalonePlugin()],
};

const targets = [
  // The banner marks when the host starts evaluating the bundle, so activation can report its load time.
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: 'var RELEASE_PILOT_LOAD_STARTED = performance.now();' } },
  // dist/cli.js is a small loader written after the build (scripts/cli-loader.mjs), which runs this bundle
  // through V8's code cache.
  { ...common, entryPoints: ['src/cli.ts'], outfile: `dist/${BUNDLE}` },
];

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  writeCliLoader('dist', { cache: false });
  console.log('watching src/ ...');
} else {
  const started = Date.now();
  await Promise.all(targets.map((t) => esbuild.build(t)));
  writeCliLoader('dist', { cache: production });
  console.log(`built dist/extension.js and dist/cli.js in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
