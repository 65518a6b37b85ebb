// Child processes started in their own process group (setsid via `detached`), so that stopping
// one stops everything it spawned. Every group is killed when this process exits, is
// interrupted or crashes: a failed run never leaves a code-server or chromium behind.
import { spawn } from 'node:child_process';
import { holds, waitUntil } from './deadline.mjs';

/** pid of each running group leader -> promise that settles when it exits. */
const groups = new Map();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone: nothing left to stop.
  }
}

function killAll() {
  for (const pid of groups.keys()) killGroup(pid, 'SIGKILL');
  groups.clear();
}

/** SIGTERM first, so a child harness can stop the servers it started itself, then SIGKILL. */
async function stopAll(graceMs) {
  const exits = [...groups.entries()].map(([pid, exited]) => {
    killGroup(pid, 'SIGTERM');
    return exited;
  });
  await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, graceMs))]);
  killAll();
}

process.on('exit', killAll);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.once(signal, () => {
    console.error(`[harness] ${signal}: stopping child processes`);
    void stopAll(5000).then(() => process.exit(code));
  });
}

/**
 * Starts `command` detached in a new process group. Returns the child plus `stop()`, which
 * sends SIGTERM to the group and SIGKILL after `graceMs` if it is still there.
 */
export function startGroup(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error })); // e.g. command not found
  });
  if (child.pid === undefined) return { child, exited, stop: async () => undefined };
  groups.set(child.pid, exited);
  const stop = async (graceMs = 5000) => {
    if (!groups.has(child.pid)) return;
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    killGroup(child.pid, 'SIGKILL');
    groups.delete(child.pid);
  };
  return { child, exited, stop };
}

/**
 * Runs a command to completion in its own group, output inherited or sent to `stdio`.
 * Rejects with `label` in the message when it fails or outlives `timeoutMs`.
 */
export async function run(command, args, { label = command, timeoutMs = 10 * 60_000, ...options } = {}) {
  const proc = startGroup(command, args, { stdio: 'inherit', ...options });
  const timer = setTimeout(() => {
    console.error(`[harness] ${label}: no result after ${Math.round(timeoutMs / 1000)}s, stopping it`);
    void proc.stop();
  }, timeoutMs);
  const { code, signal, error } = await proc.exited;
  clearTimeout(timer);
  await proc.stop(0);
  if (error) throw new Error(`${label} could not start: ${error.message}`);
  if (code !== 0) throw new Error(`${label} failed (${signal ?? `exit code ${code}`})`);
}

/** Resolves `promise`, or rejects with `message` once `ms` have passed. */
export async function withDeadline(promise, ms, message) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (no answer after ${Math.round(ms / 1000)}s)`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once `url` answers 2xx, asking every `intervalMs` (a server that just started is not
 * listening yet); rejects with `what` in the message after `deadlineMs`.
 */
export async function waitForHttp(url, { what = url, headers = {}, deadlineMs = 60_000, intervalMs = 200 } = {}) {
  let last = 'no answer yet';
  await waitUntil(async () => {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(2000) }).catch((error) => {
      last = error instanceof Error ? error.message : String(error);
      return undefined;
    });
    if (response && !response.ok) last = `HTTP ${response.status}`;
    return holds(response?.ok === true);
  }, { what: `${what} to answer ${url}`, deadlineMs, intervalMs, describe: () => last });
}
