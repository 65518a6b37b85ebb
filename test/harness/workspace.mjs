// Every run opens a fresh copy of test/fixtures/workspace, outside this repository: tests may
// edit and save files without touching the committed fixture, and no parent Git repository
// (this one) leaks into what the extension sees.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKSPACE_DIR } from './env.mjs';

/** Copies the sample workspace to <tmp>/release-pilot-<label>-XXXX/sample-service; removed on exit. */
export function copyWorkspace(label) {
  const parent = mkdtempSync(path.join(os.tmpdir(), `release-pilot-${label}-`));
  const folder = path.join(parent, 'sample-service');
  cpSync(WORKSPACE_DIR, folder, { recursive: true });
  process.on('exit', () => rmSync(parent, { recursive: true, force: true }));
  return folder;
}
