// The Debian packages a real VS Code needs here: chromium drives the workbench, ripgrep replaces
// the binary @vscode/ripgrep would download, and the rest builds code-server's native modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { say } from './env.mjs';

export const RUNTIME_PACKAGES = ['chromium', 'ripgrep'];
/** Real servers the services level (test/services) starts on 127.0.0.1: Prometheus (and its promtool). */
export const TEST_SERVICE_PACKAGES = ['prometheus'];
export const BUILD_PACKAGES = ['build-essential', 'pkg-config', 'python3', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev'];

function isInstalled(pkg) {
  const probe = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.includes('install ok installed');
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** How to become root for apt-get: nothing, sudo without a password prompt, or no way at all. */
function rootPrefix() {
  if (process.getuid?.() === 0) return [];
  if (hasCommand('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return null;
}

/** Installs whichever of `packages` is missing, or throws with the exact command to run. */
export function ensureSystemPackages(packages) {
  if (!hasCommand('dpkg-query')) {
    throw new Error(`not a Debian/Ubuntu system: install these yourself, then re-run: ${packages.join(' ')}`);
  }
  const missing = packages.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return;
  const install = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing];
  const prefix = rootPrefix();
  if (prefix === null) {
    throw new Error(`missing Debian packages and no root/sudo to install them. Run:\n  sudo apt-get update && sudo ${install.join(' ')}`);
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  // `env` carries DEBIAN_FRONTEND through sudo, which would otherwise drop it.
  const asRoot = (args) => [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', ...args];
  const [updateCmd, ...updateArgs] = asRoot(['apt-get', 'update', '-qq']);
  execFileSync(updateCmd, updateArgs, { stdio: 'inherit', timeout: 5 * 60_000 });
  const [installCmd, ...installArgs] = asRoot(install);
  execFileSync(installCmd, installArgs, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 });
  const still = missing.filter((pkg) => !isInstalled(pkg));
  if (still.length > 0) throw new Error(`apt-get did not install: ${still.join(' ')}`);
}
