// The system's chromium driven by playwright-core (no browser download), with a throwaway
// profile under the sandbox and the flags that keep it quiet and offline.
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { SANDBOX_TMP, sandboxEnv } from './env.mjs';

export const CHROMIUM = process.env.RELEASE_PILOT_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Launches chromium; `close()` ends it and removes its profile. */
export async function launchBrowser({ width = 1400, height = 900 } = {}) {
  const env = sandboxEnv();
  const profileDir = mkdtempSync(path.join(SANDBOX_TMP, 'chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, viewport: { width, height }, env, args: ARGS, timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(profileDir, { recursive: true, force: true });
  };
  return { context, page, close };
}
