// The demo project with the projects, templates and component that remote includes read, on one
// local server: what every include test starts from.
import { FakeClock } from '../support/fakeClock';
import type { IncludesScenario } from './includesScenario';
import { buildIncludesScenario } from './includesScenario';
import type { DemoScenario } from './scenario';
import { buildDemoScenario } from './scenario';
import type { GitLabServer, GitLabServerOptions } from './server';
import { startGitLabServer } from './server';
import { FakeGitLabState } from './state';

export interface IncludesServer {
  readonly server: GitLabServer;
  readonly demo: DemoScenario;
  readonly scenario: IncludesScenario;
}

/** Starts the server on a FakeClock; the demo's developer is a member of the platform and component projects. */
export async function startIncludesServer(options: Omit<GitLabServerOptions, 'clock' | 'state'> = {}): Promise<IncludesServer> {
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  const demo = buildDemoScenario(state);
  const scenario = buildIncludesScenario(state, demo.users.developer);
  const server = await startGitLabServer({ ...options, clock, state });
  return { server, demo, scenario };
}
