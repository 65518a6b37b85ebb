// Every run opens a fresh copy of test/fixtures/workspace, outside this repository: tests may
// edit and save files without touching the committed fixture, and no parent Git repository
// (this one) leaks into what the extension sees. The copy is a Git repository of its own, on
// the demo project's feature branch, whose `origin` points at the local GitLab-compatible
// server the tests start on `gitlabPort`, so the Release Lanes find their project.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKSPACE_DIR } from './env.mjs';

/** The demo project of test/gitlab-server (scenario.ts): its path and the branch with an open MR. */
export const DEMO_PROJECT_PATH = 'group/demo-service';
export const DEMO_FEATURE_BRANCH = 'feature/faster-checkout';

/** Copies the sample workspace to <tmp>/release-pilot-<label>-XXXX/sample-service; removed on exit. */
export function copyWorkspace(label, { gitlabPort } = {}) {
  const parent = mkdtempSync(path.join(os.tmpdir(), `release-pilot-${label}-`));
  const folder = path.join(parent, 'sample-service');
  cpSync(WORKSPACE_DIR, folder, { recursive: true });
  process.on('exit', () => rmSync(parent, { recursive: true, force: true }));
  if (gitlabPort) initRepository(folder, `http://127.0.0.1:${gitlabPort}/${DEMO_PROJECT_PATH}.git`);
  return folder;
}

function initRepository(folder, remoteUrl) {
  const git = (...args) => execFileSync('git', ['-c', 'user.name=Release Pilot Tests', '-c', 'user.email=tests@release-pilot.invalid', ...args], { cwd: folder, stdio: 'ignore' });
  git('init', '--quiet', '--initial-branch', DEMO_FEATURE_BRANCH);
  git('add', '--all');
  git('commit', '--quiet', '--message', 'Speed up checkout by batching stock checks');
  git('remote', 'add', 'origin', remoteUrl);
}
