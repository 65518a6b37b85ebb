// The release flow's usual state on the local server, for the lane watcher's tests: MR pipeline
// finished, dev at its canary gate, master waiting for production approval, 15 minutes later.
import { createGitbeakerApi } from '../../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../../src/core/gitlab/instance';
import type { RequestEvent } from '../../../../../src/core/gitlab/transport';
import { buildLanes } from '../../../../../src/core/lanes/lanes';
import { LaneStore } from '../../../../../src/core/lanes/laneStore';
import type { WatchTarget } from '../../../../../src/core/lanes/laneWatcher';
import { LaneWatcher } from '../../../../../src/core/lanes/laneWatcher';
import type { DemoScenario, GitLabServer } from '../../../../gitlab-server';
import { buildDemoScenario, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeClock, FakeGitLabState, startGitLabServer } from '../../../../gitlab-server';

export interface GatesWaiting {
  readonly server: GitLabServer;
  readonly demo: DemoScenario;
  /** Every request the watcher's client sent (empty at the start). */
  readonly events: RequestEvent[];
  readonly watcher: LaneWatcher;
  readonly repo: WatchTarget;
}

/** Starts the server in that state; `onFeatureHead` checks the feature branch's head out (MR pipelines on it count). */
export async function startGatesWaiting(options: { readonly onFeatureHead?: boolean } = {}): Promise<GatesWaiting> {
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  const demo = buildDemoScenario(state);
  const server = await startGitLabServer({ clock, state });
  demo.start('master');
  demo.start('dev');
  demo.start('mr');
  server.advance(15 * 60_000);
  const events: RequestEvent[] = [];
  const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.developer, onRequest: (e) => events.push(e), timeoutMs: 5000, now: () => clock.now() });
  const head = options.onFeatureHead ? state.projects.get(demo.project.id)?.branches.get(DEMO_FEATURE_BRANCH) : undefined;
  const lanes = buildLanes({}, { projectBranches: ['dev', 'master'], defaultBranch: 'master', currentBranch: DEMO_FEATURE_BRANCH, ...(head ? { currentCommit: head } : {}) });
  const repo: WatchTarget = { repoKey: 'demo', projectPath: DEMO_PROJECT_PATH, api, lanes };
  return { server, demo, events, watcher: new LaneWatcher(new LaneStore(), { now: () => clock.now() }), repo };
}
