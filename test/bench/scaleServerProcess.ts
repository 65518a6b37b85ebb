/**
 * The scale benchmark's GitLab-compatible server, in a process of its own, so that the CPU time
 * the benchmark measures for a refresh is the extension's (client) alone; this process reports
 * its own CPU time (answering requests) separately. Started by scaleBench.ts with `fork`:
 * argv[2] is the workload (`scale` or `demo`); messages `{ advance: ms }` move the server's
 * clock and are answered with `{ advanced: true, serverCpuMs }` (CPU spent since the last
 * answer, that is answering the requests in between); `{ close: true }` ends it.
 */
import { buildDemoScenario, buildScaleScenario, fullPath, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeClock, FakeGitLabState, startGitLabServer } from '../gitlab-server';

export const SCALE = { projects: 50, jobs: 500, history: 2000 } as const;

/**
 * The server simulates only when its clock moves (not before each of ~200 reads at one instant),
 * and its rate limit is lifted: 50 repositories refreshed every 5 virtual seconds exceed GitLab's
 * 2,000 requests a minute, which would time 429 answers instead of the lanes. Its request log
 * keeps the last 100 entries.
 */
const SERVER_OPTIONS = { tickOnEveryRequest: false, rateLimitPerMinute: 1_000_000, requestLogLimit: 100 } as const;

export interface ServerReady {
  readonly url: string;
  readonly token: string;
  readonly projectPaths: readonly string[];
  /** The server's clock (epoch ms). */
  readonly now: number;
}

export type ServerMessage = { readonly ready: ServerReady } | { readonly advanced: true; readonly now: number; readonly serverCpuMs: number };
export type ClientMessage = { readonly advance: number } | { readonly close: true };

async function main(): Promise<void> {
  const send = (message: ServerMessage) => process.send?.(message);
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  let ready: Omit<ServerReady, 'url' | 'now'>;
  if (process.argv[2] === 'demo') {
    const demo = buildDemoScenario(state);
    ready = { token: DEMO_TOKENS.developer, projectPaths: [DEMO_PROJECT_PATH] };
    const server = await startGitLabServer({ clock, state, ...SERVER_OPTIONS });
    demo.start('master');
    demo.start('mr');
    demo.start('dev');
    serve(server, { ...ready, url: server.url, now: clock.now() }, send);
    return;
  }
  const scenario = buildScaleScenario(state, clock, SCALE);
  ready = { token: scenario.token, projectPaths: scenario.projects.map(fullPath) };
  const server = await startGitLabServer({ clock, state, ...SERVER_OPTIONS });
  serve(server, { ...ready, url: server.url, now: clock.now() }, send);
}

function serve(server: Awaited<ReturnType<typeof startGitLabServer>>, ready: ServerReady, send: (m: ServerMessage) => void): void {
  let cpu = process.cpuUsage();
  process.on('message', (message: ClientMessage) => {
    if ('close' in message) {
      void server.close().then(() => process.exit(0));
      return;
    }
    const used = process.cpuUsage(cpu);
    server.advance(message.advance);
    cpu = process.cpuUsage();
    send({ advanced: true, now: server.clock.now(), serverCpuMs: (used.user + used.system) / 1000 });
  });
  send({ ready });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
