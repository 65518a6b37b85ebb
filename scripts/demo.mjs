// `npm run demo`: Release Pilot to try in five minutes, without a GitLab account or a desktop VS
// Code. Starts the local GitLab-compatible server with its demo project (`npm run sandbox`) and a
// browser-based VS Code (code-server, installed into .vscode-test/ on first use as the tests do)
// with the packaged extension and a demo repository whose `origin` points at that server. Prints
// the address to open and the token to sign in with; Ctrl-C stops everything and removes the
// demo's profile and repository. Everything listens on 127.0.0.1 only.
//   npm run demo                  builds and packages first (a fresh clone needs nothing else)
//   npm run demo -- --no-build    reuses dist/, out/ and the .vsix of an earlier build
import path from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createProfile, installExtension, startCodeServer } from '../test/harness/code-server.mjs';
import { ensureCodeServer } from '../test/harness/code-server-install.mjs';
import { OUTPUT_DIR, REPO_ROOT, packagedVsix, say } from '../test/harness/env.mjs';
import { startGitLabSandbox } from '../test/harness/gitlab-sandbox.mjs';
import { run } from '../test/harness/processes.mjs';
import { DEMO_PROJECT_PATH, copyWorkspace } from '../test/harness/workspace.mjs';

const LOG_DIR = path.join(OUTPUT_DIR, 'logs');
const SERVER_LOG = path.join(LOG_DIR, 'demo-code-server.log');

const USAGE = `Usage: npm run demo [-- --no-build]
  --no-build   skip \`npm run package\` and \`npm run compile-tests\` (reuse an earlier build)`;

async function build() {
  say('building and packaging the extension, compiling the local GitLab server (npm run package, npm run compile-tests)');
  for (const script of ['package', 'compile-tests']) {
    await run('npm', ['run', '--silent', script], { cwd: REPO_ROOT, label: `npm run ${script}`, stdio: ['ignore', 'ignore', 'inherit'], timeoutMs: 10 * 60_000 });
  }
}

function banner({ workbench, folder, gitlab }) {
  const open = `${workbench}/?folder=${encodeURIComponent(folder)}`;
  return `
Release Pilot demo is running.

  Open      ${open}
  GitLab    ${gitlab.url}   (local GitLab-compatible server, project ${DEMO_PROJECT_PATH})
  Token     ${gitlab.token}

In the browser: click the Release Pilot icon in the activity bar, then "Sign in to GitLab";
give the GitLab address above as the instance URL and the token when asked. The merge-request,
dev and master lanes fill in and move by themselves; canary and production wait for you.

Press Ctrl-C to stop.`;
}

async function main(argv) {
  const { values } = parseArgs({ args: argv, options: { 'no-build': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values['no-build']) await build();
  const vsix = packagedVsix();
  const bin = await ensureCodeServer();
  const profile = createProfile('demo');
  process.on('exit', () => rmSync(profile.root, { recursive: true, force: true })); // also after Ctrl-C
  await installExtension(bin, profile, vsix);
  const gitlab = await startGitLabSandbox();
  const folder = copyWorkspace('demo', { gitlabPort: gitlab.port });
  mkdirSync(LOG_DIR, { recursive: true });
  const server = await startCodeServer(bin, profile, { logFile: SERVER_LOG, quiet: true }).catch(async (error) => {
    await gitlab.stop();
    throw error;
  });
  console.log(banner({ workbench: server.url, folder, gitlab }));
  // Runs until Ctrl-C (test/harness/processes.mjs stops both servers and exits) or until one of them dies.
  const died = await Promise.race([
    server.exited.then(({ code, signal }) => `code-server stopped (${signal ?? `exit code ${code}`}; log: ${path.relative(REPO_ROOT, SERVER_LOG)})`),
    gitlab.exited.then(({ code, signal }) => `the GitLab sandbox stopped (${signal ?? `exit code ${code}`})`),
  ]);
  await server.stop();
  await gitlab.stop();
  throw new Error(died);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
