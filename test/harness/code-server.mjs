// Running code-server (installed by code-server-install.mjs): a real VS Code, workbench plus
// Node extension host, in an isolated profile on a free 127.0.0.1 port.
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { CACHE_DIR, sandboxEnv, say, seconds } from './env.mjs';
import { run, startGroup, waitForHttp, withDeadline } from './processes.mjs';

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never', // the sample workspace sits inside this repository
  'files.autoSave': 'off', // the web default saves edits; tests expect the desktop's behaviour
  'editor.cursorBlinking': 'solid', // screenshots come out the same from run to run
};

/**
 * What a profile with `workspaceTrust` changes: trust is on, as in a person's VS Code, and an
 * untrusted folder opens in Restricted Mode without the modal prompt (a person who closed it).
 */
const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * A fresh, isolated profile (user data + extensions) for one run. Removed when the run passes;
 * kept after a failure, since its logs/ folder holds the extension host's own log.
 * `workspaceTrust` keeps VS Code's workspace trust on (every other run switches it off);
 * `extensionsDir` reuses extensions another profile installed.
 */
export function createProfile(name, { workspaceTrust = false, extensionsDir: sharedExtensions } = {}) {
  const root = path.join(CACHE_DIR, 'profiles', `${name}-${process.pid}`); // parallel runs stay apart
  rmSync(root, { recursive: true, force: true });
  process.on('exit', (code) => {
    if (code === 0) rmSync(root, { recursive: true, force: true });
  });
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = sharedExtensions ?? path.join(root, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = workspaceTrust ? { ...USER_SETTINGS, ...TRUST_SETTINGS } : USER_SETTINGS;
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return { root, userDataDir, extensionsDir, workspaceTrust };
}

function baseArgs(profile) {
  return [
    '--config', '/dev/null', '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    ...(profile.workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir,
  ];
}

export async function installExtension(bin, profile, vsixPath) {
  await run(bin, [...baseArgs(profile), '--install-extension', vsixPath], {
    label: 'code-server --install-extension', env: sandboxEnv(), timeoutMs: 2 * 60_000,
  });
}

/**
 * Starts code-server on a free 127.0.0.1 port in its own process group and waits until it
 * answers. `env` reaches the extension host, which inherits the server's environment.
 */
export async function startCodeServer(bin, profile, { env = {}, logFile, quiet = false } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(logFile ?? path.join(profile.root, 'server.log'), 'w');
  const server = startGroup(bin, [...baseArgs(profile), '--bind-addr', `127.0.0.1:${port}`], {
    env: sandboxEnv(env), stdio: ['ignore', log, log],
  });
  closeSync(log);
  const started = Date.now();
  await withDeadline(
    Promise.race([
      waitForHttp(`${url}/healthz`, { what: 'code-server', deadlineMs: 60_000 }),
      server.exited.then(({ code }) => { throw new Error(`code-server exited early with code ${code}`); }),
    ]),
    65_000, 'waiting for code-server to start',
  );
  if (!quiet) say(`code-server listening on ${url} (${seconds(started)})`);
  return { url, host: `127.0.0.1:${port}`, exited: server.exited, stop: () => server.stop() };
}
