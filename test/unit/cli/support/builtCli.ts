// The CLI's contract is the built bundle's: its tests run `dist/cli.js` as a user's shell would.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../support/paths';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** What one run of the CLI printed and how it exited. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Newest modification time under a directory. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** Rebuilds the bundle when it is missing or older than the sources. */
export function ensureBuilt(): void {
  if (fs.existsSync(CLI) && fs.statSync(CLI).mtimeMs >= newest(path.join(REPO_ROOT, 'src'))) return;
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
}
