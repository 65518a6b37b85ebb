import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitUntil } from '../support/deadline';

export const INSTALL_HINT = 'prometheus is not installed: run `apt-get install prometheus` (Debian/Ubuntu), or set PROMETHEUS_BIN to its path';

export interface ScrapeTarget {
  readonly target: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface PrometheusServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Last lines Prometheus wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** The binary to run, or an error telling how to install it. */
export function prometheusBinary(env: NodeJS.ProcessEnv = process.env): string {
  const bin = env['PROMETHEUS_BIN'] ?? 'prometheus';
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(INSTALL_HINT);
  return bin;
}

/**
 * Why the Prometheus tests cannot run here (the install hint), or undefined when they can. Every
 * test that needs a real Prometheus skips on it the same way, saying so.
 */
export function prometheusMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    promtoolBinary(env);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * promtool, shipped beside prometheus (same Debian package), which loads a recorded history into
 * a fresh data directory; PROMTOOL_BIN overrides it.
 */
export function promtoolBinary(env: NodeJS.ProcessEnv = process.env): string {
  const bin = env['PROMTOOL_BIN'] ?? path.join(path.dirname(resolveCommand(prometheusBinary(env))), 'promtool');
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(INSTALL_HINT);
  return bin;
}

function resolveCommand(bin: string): string {
  if (bin.includes('/')) return bin;
  const found = spawnSync('sh', ['-c', 'command -v "$0"', bin], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : bin;
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function configYaml(targets: readonly ScrapeTarget[], scrapeIntervalSeconds: number): string {
  if (targets.length === 0) return `global:\n  scrape_interval: ${scrapeIntervalSeconds}s\n`;
  const groups = targets.map((t) => `      - targets: ['${t.target}']\n        labels: {${Object.entries(t.labels).map(([k, v]) => `${k}: '${v}'`).join(', ')}}`);
  return [
    'global:',
    `  scrape_interval: ${scrapeIntervalSeconds}s`,
    `  scrape_timeout: ${scrapeIntervalSeconds}s`,
    'scrape_configs:',
    '  - job_name: canary-service',
    '    static_configs:',
    ...groups,
    '',
  ].join('\n');
}

/** Writes `history` into `<dir>/data` as TSDB blocks, as `promtool tsdb create-blocks-from` does for a backfill. */
function loadHistory(dir: string, history: string): void {
  const file = path.join(dir, 'history.om');
  fs.writeFileSync(file, history);
  const result = spawnSync(promtoolBinary(), ['tsdb', 'create-blocks-from', 'openmetrics', file, path.join(dir, 'data')], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`promtool could not load the history: ${result.error?.message ?? result.stderr}`);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

export interface PrometheusOptions {
  /** Scraped live every `scrapeIntervalSeconds` (default 1). */
  readonly targets?: readonly ScrapeTarget[];
  readonly scrapeIntervalSeconds?: number;
  /**
   * Samples with their own timestamps (OpenMetrics text, see history.ts) loaded with promtool
   * before Prometheus starts: queries over them give exact, repeatable answers.
   */
  readonly history?: string;
  readonly readyDeadlineMs?: number;
}

/**
 * Starts Prometheus on 127.0.0.1 (free port, temporary data directory) in its own process group,
 * holding `history` and scraping `targets`, and waits until it reports ready. `stop()` kills the
 * whole group and removes the data; so does this process exiting, whatever the tests did.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const bin = prometheusBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-pilot-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(config, configYaml(options.targets ?? [], options.scrapeIntervalSeconds ?? 1));
  if (options.history !== undefined) loadHistory(dir, options.history);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  // A watchdog in the same group stops Prometheus when our end of its stdin closes, which also
  // happens when this process is killed outright and no exit handler gets to run.
  const child = spawn('sh', ['-c', 'exec 3<&0; "$0" "$@" & pid=$!; (cat <&3 >/dev/null; kill $pid 2>/dev/null) & wait $pid', bin, ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const onExit = (): void => killGroup(child, 'SIGKILL');
  process.on('exit', onExit);
  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
    await exit;
    clearTimeout(timer);
    killGroup(child, 'SIGKILL');
    process.off('exit', onExit);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      async () => {
        if (exited) throw new Error(`prometheus exited during startup:\n${output}`);
        try {
          return (await fetch(`${url}/-/ready`)).status === 200 ? true : undefined;
        } catch {
          return undefined;
        }
      },
      { deadlineMs: options.readyDeadlineMs ?? 20_000, intervalMs: 200, what: `prometheus at ${url} to be ready`, describe: () => output },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, output: () => output, stop };
}
