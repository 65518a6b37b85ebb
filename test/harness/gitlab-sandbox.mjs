// The local GitLab-compatible sandbox (`npm run sandbox`, test/gitlab-server/sandbox.ts) as a
// child process on a free 127.0.0.1 port: the end-to-end checks and `npm run demo` sign in to it
// exactly as a person would. Needs `npm run compile-tests` first.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './code-server.mjs';
import { REPO_ROOT } from './env.mjs';
import { startGroup, waitForHttp } from './processes.mjs';

const SANDBOX_ENTRY = path.join(REPO_ROOT, 'out', 'test', 'gitlab-server', 'sandbox.js');

/** The demo developer's token (dana, maintainer, scope `api`), handed to the sandbox with --token. */
export const SANDBOX_TOKEN = 'glpat-demo-dana-api';

/** Starts the sandbox and resolves once it answers; `exited` settles if it ever stops. */
export async function startGitLabSandbox({ stdout = 'ignore' } = {}) {
  if (!existsSync(SANDBOX_ENTRY)) throw new Error('out/test/gitlab-server/sandbox.js is missing: run `npm run compile-tests` first');
  const port = await freePort();
  const proc = startGroup(process.execPath, [SANDBOX_ENTRY, '--port', String(port), '--token', SANDBOX_TOKEN], { stdio: ['ignore', stdout, 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/v4/version`, { what: 'the GitLab sandbox', headers: { 'PRIVATE-TOKEN': SANDBOX_TOKEN }, deadlineMs: 30_000, intervalMs: 100 })
    .catch(async (error) => {
      await proc.stop();
      throw error;
    });
  return { port, url, token: SANDBOX_TOKEN, exited: proc.exited, stop: () => proc.stop() };
}
