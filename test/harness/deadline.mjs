// The harness and the end-to-end checks wait the way the TypeScript tests do: through
// test/support/deadline.ts, compiled to out/ by `npm run compile-tests` (every level compiles
// before it starts a server). Loaded on first use, so modules that import this one still load
// on a fresh clone before anything is compiled.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './env.mjs';

const COMPILED = path.join(REPO_ROOT, 'out', 'test', 'support', 'deadline.js');

let loaded;
function deadlineModule() {
  if (!existsSync(COMPILED)) return Promise.reject(new Error('out/test/support/deadline.js is missing: run `npm run compile-tests` first'));
  loaded ??= import(pathToFileURL(COMPILED).href);
  return loaded;
}

/** test/support/deadline.ts#waitUntil: `probe` until it returns something other than undefined, or fail after `deadlineMs`. */
export async function waitUntil(probe, options) {
  const { waitUntil: wait } = await deadlineModule();
  return wait(probe, options);
}

/** `true` when `condition` holds, `undefined` otherwise. */
export const holds = (condition) => (condition ? true : undefined);
