// The CLI's start-up through V8's code cache.
//
// `dist/cli.js` is a small loader; the bundle is `dist/cli-main.js`. Compiling the ~650 KB bundle (most of
// it the schema's standalone validators) and then, lazily, each function it runs costs a short lint
// about 40 ms of its ~130 ms. The production build runs the CLI once over sample configs and saves
// what V8 compiled (`script.createCachedData()` after the run, so the functions a lint calls are in it)
// as `dist/cli-main.cache`; the loader hands that to `vm.Script`, which then skips parsing and compiling.
//
// The cache starts with the bundle's hash, which the loader carries too: a cache from another build is
// never used. V8 refuses (`cachedDataRejected`) a cache from another Node version or other flags; the
// loader then compiles as usual. Development and watch builds write no cache.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';

export const BUNDLE = 'cli-main.js';
export const CACHE = 'cli-main.cache';
const HASH_BYTES = 16;
// The loader and the cache producer wrap the bundle alike: V8 only accepts a cache for the same source.
const WRAP_START = '(function (exports, require, module, __filename, __dirname) {';
const WRAP_END = '\n})';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
// Configs the cache is made over: valid and invalid ones, so the validators' error paths are compiled too.
const SAMPLES = ['test/fixtures/ci/corpus/platform/.gitlab-ci.yml', 'test/fixtures/ci/checks/entry-rules-invalid.yml', 'test/fixtures/ci/checks/entry-rules-valid.yml'];

function bundleHash(distDir) {
  return createHash('sha256').update(fs.readFileSync(path.join(distDir, BUNDLE))).digest('hex').slice(0, HASH_BYTES);
}

function loaderSource(hash) {
  return `#!/usr/bin/env node
'use strict';
// Loads ${BUNDLE} through V8's code cache when the build made one for it (scripts/cli-loader.mjs).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const file = path.join(__dirname, ${JSON.stringify(BUNDLE)});
let cachedData;
try {
  const cache = fs.readFileSync(path.join(__dirname, ${JSON.stringify(CACHE)}));
  if (cache.toString('latin1', 0, ${HASH_BYTES}) === ${JSON.stringify(hash)}) cachedData = cache.subarray(${HASH_BYTES});
} catch {
  // No cache (a development build): compile as usual.
}
const source = ${JSON.stringify(WRAP_START)} + fs.readFileSync(file, 'utf8') + ${JSON.stringify(WRAP_END)};
const script = new vm.Script(source, { filename: file, cachedData });
script.runInThisContext().call(module.exports, module.exports, require, module, file, __dirname);
`;
}

/** Writes dist/cli.js for the bundle in `distDir`; with `cache`, runs the CLI once to make dist/cli-main.cache. */
export function writeCliLoader(distDir, { cache }) {
  // Without a cache the hash matches nothing (and watch mode may call this before the first bundle exists).
  const hash = cache ? bundleHash(distDir) : 'no-code-cache'.padEnd(HASH_BYTES, '-');
  fs.writeFileSync(path.join(distDir, 'cli.js'), loaderSource(hash), { mode: 0o755 });
  fs.rmSync(path.join(distDir, CACHE), { force: true });
  if (!cache) return;
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--produce', distDir, hash, 'lint', '--format', 'json', ...SAMPLES], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 || !fs.existsSync(path.join(distDir, CACHE))) throw new Error(`making ${CACHE} failed (exit ${run.status}): ${run.stderr}`);
}

/** In the child: runs the bundle as the loader does over the given CLI arguments and saves what V8 compiled. */
function produce([distDir, hash, ...args]) {
  const file = path.join(distDir, BUNDLE);
  const source = WRAP_START + fs.readFileSync(file, 'utf8') + WRAP_END;
  const script = new vm.Script(source, { filename: file });
  process.argv = [process.argv[0], path.join(distDir, 'cli.js'), ...args];
  const module = { exports: {} };
  process.on('exit', () => {
    // 0 or 1 (the samples hold errors on purpose) means the CLI ran; anything else is a failure to report.
    if ((process.exitCode ?? 0) > 1) return;
    fs.writeFileSync(path.join(distDir, CACHE), Buffer.concat([Buffer.from(hash, 'latin1'), script.createCachedData()]));
    process.exitCode = 0;
  });
  script.runInThisContext().call(module.exports, module.exports, require, module, file, distDir);
}

if (process.argv[2] === '--produce') produce(process.argv.slice(3));
