// Installs code-server from npm into .vscode-test/ once, offline apart from the npm registry:
// its native modules compile from source and ripgrep comes from the system.
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createProfile, startCodeServer } from './code-server.mjs';
import { CACHE_DIR, SANDBOX_TMP, sandboxEnv, say, seconds } from './env.mjs';
import { run } from './processes.mjs';
import { BUILD_PACKAGES, RUNTIME_PACKAGES, ensureSystemPackages } from './system-packages.mjs';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3: the newest code-server whose engines.node is 20
const RIPGREP_NPM_VERSION = '1.15.11'; // the @vscode/ripgrep that code-server pins
/** The asset @vscode/ripgrep would download, per CPU: the cache must hold a file of that name. */
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

const INSTALL_DIR = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_BIN = path.join(INSTALL_DIR, 'node_modules', '.bin', 'code-server');
const INSTALL_LOG = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}-install.log`);
const READY_MARKER = path.join(INSTALL_DIR, '.ready');

/** Native modules that code-server compiles from source; without them it starts but cannot work. */
const NATIVE_MODULES = ['argon2', 'node-pty', '@vscode/spdlog', 'kerberos', 'native-watchdog'];

/** @vscode/ripgrep's postinstall downloads from GitHub unless its cache already holds the asset. */
function seedRipgrepCache() {
  const target = RIPGREP_TARGETS[process.arch];
  if (!target) throw new Error(`no ripgrep seeding for CPU ${process.arch}: add it to RIPGREP_TARGETS`);
  const rgPath = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  const cache = path.join(SANDBOX_TMP, `vscode-ripgrep-cache-${RIPGREP_NPM_VERSION}`);
  const stage = path.join(SANDBOX_TMP, 'rg-stage');
  mkdirSync(cache, { recursive: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync(rgPath, path.join(stage, 'rg'));
  return run('tar', ['czf', path.join(cache, `ripgrep-v13.0.0-10-${target}.tar.gz`), '-C', stage, 'rg'], { label: 'packing ripgrep' });
}

/** Packages that own at least one compiled addon (*.node) somewhere under them. */
function packagesWithAddons(dir) {
  const owners = new Set();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.node')) continue;
    const segments = (entry.parentPath ?? entry.path).split('/node_modules/');
    const owner = /^((?:@[^/]+\/)?[^/]+)/.exec(segments.at(-1) ?? '')?.[1];
    if (owner) owners.add(owner);
  }
  return owners;
}

function missingNativeModules() {
  const built = packagesWithAddons(INSTALL_DIR);
  return NATIVE_MODULES.filter((name) => !built.has(name));
}

function headersDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_version.h')) ? prefix : undefined;
}

/** Installs code-server into .vscode-test/ unless an earlier run already did (and verified) it. */
export async function ensureCodeServer() {
  if (existsSync(READY_MARKER) && existsSync(CODE_SERVER_BIN)) return CODE_SERVER_BIN;
  ensureSystemPackages([...RUNTIME_PACKAGES, ...BUILD_PACKAGES]);
  const started = Date.now();
  say(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), INSTALL_DIR)} (a few minutes, log: ${INSTALL_LOG})`);
  rmSync(INSTALL_DIR, { recursive: true, force: true });
  mkdirSync(INSTALL_DIR, { recursive: true });
  writeFileSync(path.join(INSTALL_DIR, 'package.json'), JSON.stringify({ name: 'code-server-host', private: true }, null, 2));
  const env = sandboxEnv({
    npm_config_yes: 'true', // node-pty's install runs `npx node-gyp`, which a yes=false npmrc would cancel
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    npm_config_cache: path.join(CACHE_DIR, 'npm-cache'),
    // HOME is sandboxed, but npm must still read the user's .npmrc (registry, proxy, certificates).
    ...(process.env.HOME ? { npm_config_userconfig: process.env.npm_config_userconfig ?? path.join(process.env.HOME, '.npmrc') } : {}),
  });
  const nodedir = headersDir();
  if (nodedir) env.npm_config_nodedir = nodedir; // node-gyp would otherwise download headers
  await seedRipgrepCache();
  const log = openSync(INSTALL_LOG, 'w');
  const args = ['install', '--prefix', INSTALL_DIR, `code-server@${CODE_SERVER_VERSION}`, '--unsafe-perm', '--ignore-scripts=false', '--foreground-scripts', '--no-save'];
  try {
    await run('npm', args, { label: 'npm install code-server', env, stdio: ['ignore', log, log], timeoutMs: 20 * 60_000 });
    const missing = missingNativeModules();
    if (missing.length > 0) {
      // Newer npm versions can hold back install scripts until approved; build them explicitly.
      say(`native modules not built (${missing.join(', ')}); running npm rebuild`);
      await run('npm', ['rebuild', '--prefix', INSTALL_DIR, '--unsafe-perm', '--foreground-scripts', '--dangerously-allow-all-scripts'], {
        label: 'npm rebuild', env, stdio: ['ignore', log, log], timeoutMs: 20 * 60_000,
      });
    }
  } catch (error) {
    console.error(readFileSync(INSTALL_LOG, 'utf8').split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    closeSync(log);
  }
  const missing = missingNativeModules();
  if (missing.length > 0) throw new Error(`code-server installed without its native modules: ${missing.join(', ')} (see ${INSTALL_LOG})`);
  // Proof that it really runs: start it once and wait for its health check.
  const probeProfile = createProfile('install-check');
  const probe = await startCodeServer(CODE_SERVER_BIN, probeProfile, { quiet: true });
  await probe.stop();
  rmSync(probeProfile.root, { recursive: true, force: true });
  writeFileSync(READY_MARKER, new Date().toISOString());
  rmSync(env.npm_config_cache, { recursive: true, force: true }); // only worth keeping for a retry after a failure
  say(`code-server installed in ${seconds(started)}`);
  return CODE_SERVER_BIN;
}
