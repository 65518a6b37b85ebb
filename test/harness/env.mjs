// Paths and the sandboxed environment every harness process runs in: HOME, XDG_* and TMPDIR
// point into .vscode-test/ so code-server, chromium and npm never write into the user's home.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');
export const RESULTS_DIR = path.join(OUTPUT_DIR, 'results');
export const SCREENSHOT_DIR = path.join(OUTPUT_DIR, 'screenshots');
export const WORKSPACE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

const SANDBOX = path.join(CACHE_DIR, 'sandbox');
export const SANDBOX_HOME = path.join(SANDBOX, 'home');
export const SANDBOX_TMP = path.join(SANDBOX, 'tmp');

/** process.env with HOME, XDG_* and TMPDIR moved into the sandbox (created on first use). */
export function sandboxEnv(extra = {}) {
  const dirs = {
    HOME: SANDBOX_HOME,
    XDG_CONFIG_HOME: path.join(SANDBOX_HOME, '.config'),
    XDG_DATA_HOME: path.join(SANDBOX_HOME, '.local', 'share'),
    XDG_CACHE_HOME: path.join(SANDBOX_HOME, '.cache'),
    XDG_RUNTIME_DIR: path.join(SANDBOX, 'run'),
    TMPDIR: SANDBOX_TMP,
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { ...process.env, ...dirs, ...extra };
}

/** A short progress line, prefixed so it stands out between tool output. */
export function say(message) {
  console.log(`[harness] ${message}`);
}

export function seconds(sinceMs) {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)}s`;
}

/** The .vsix `npm run package` made (release-pilot-<version>.vsix); fails when it is missing. */
export function packagedVsix() {
  const { name, version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(REPO_ROOT, `${name}-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run \`npm run package\` first`);
  return vsix;
}
