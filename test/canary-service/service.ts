import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderExposition } from './exposition';
import type { ScenarioName, Track } from './scenarios';
import { PROFILES, metricsAt } from './scenarios';

/** One simulated node: its own port, like one instance of the application. */
export interface ServiceNode {
  readonly scenario: ScenarioName;
  readonly track: Track;
  readonly index: number;
  /** `127.0.0.1:<port>`, the scrape target. */
  readonly target: string;
}

export interface CanaryService {
  readonly nodes: readonly ServiceNode[];
  /** Epoch ms at which every counter was 0. */
  readonly startedAt: number;
  close(): Promise<void>;
}

export interface CanaryServiceOptions {
  readonly scenarios: readonly ScenarioName[];
  readonly canaryNodes?: number;
  readonly stableNodes?: number;
  /** Wall clock in epoch ms (injected so the numbers can be predicted). */
  readonly now?: () => number;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts one HTTP server per node and scenario, each serving `/metrics` for its track. Two
 * canary and three stable nodes by default, so comparisons must be per node to be fair.
 */
export async function startCanaryService(options: CanaryServiceOptions): Promise<CanaryService> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const servers: http.Server[] = [];
  const nodes: ServiceNode[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    })));
  };
  try {
    for (const scenario of options.scenarios) {
      for (const [track, count] of [['canary', options.canaryNodes ?? 2], ['stable', options.stableNodes ?? 3]] as const) {
        for (let index = 1; index <= count; index++) {
          const server = http.createServer((req, res) => {
            if (req.url !== '/metrics') {
              res.writeHead(404).end();
              return;
            }
            const body = renderExposition(track, metricsAt(PROFILES[scenario][track], (now() - startedAt) / 1000));
            res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(body);
          });
          servers.push(server);
          const port = await listen(server);
          nodes.push({ scenario, track, index, target: `127.0.0.1:${port}` });
        }
      }
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { nodes, startedAt, close };
}
