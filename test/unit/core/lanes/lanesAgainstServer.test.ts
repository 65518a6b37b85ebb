import * as assert from 'node:assert/strict';
import { RateLimitedError, ServerError, UnauthorizedError } from '../../../../src/core/gitlab/errors';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import type { RequestEvent } from '../../../../src/core/gitlab/transport';
import { buildLanes, branchSearchTerms } from '../../../../src/core/lanes/lanes';
import type { RepoTarget } from '../../../../src/core/lanes/laneStore';
import { LaneStore } from '../../../../src/core/lanes/laneStore';
import type { GitLabServer } from '../../../gitlab-server';
import { buildDemoScenario, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeGitLabState, FakeClock, startGitLabServer } from '../../../gitlab-server';

describe('lanes against the local GitLab-compatible server', () => {
  let server: GitLabServer;
  let events: RequestEvent[];

  beforeEach(async () => {
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    const scenario = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
    scenario.start('master');
    scenario.start('dev');
    scenario.start('mr');
    events = [];
  });
  afterEach(async () => {
    await server.close();
  });

  async function target(token: string = DEMO_TOKENS.developer): Promise<RepoTarget> {
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token, onRequest: (e) => events.push(e), timeoutMs: 5000 });
    const names = new Set<string>();
    for (const term of branchSearchTerms({})) for (const b of (await api.branches(DEMO_PROJECT_PATH, { search: term })).data) names.add(b.name);
    const project = (await api.project(DEMO_PROJECT_PATH)).data;
    const lanes = buildLanes({}, { projectBranches: [...names], defaultBranch: project.default_branch ?? null, currentBranch: DEMO_FEATURE_BRANCH });
    return { repoKey: 'demo', projectPath: DEMO_PROJECT_PATH, api, lanes };
  }

  it('shows the three lanes with their stages in pipeline order', async () => {
    const result = await new LaneStore().refresh([await target()]);
    assert.equal(result.error, undefined);
    const lanes = result.snapshots[0]!.lanes;
    assert.deepEqual(lanes.map((l) => [l.lane.id, l.lane.branch]), [['mr', DEMO_FEATURE_BRANCH], ['dev', 'dev'], ['master', 'master']]);
    assert.equal(lanes[0]!.source, 'merge-request');
    for (const lane of lanes) assert.ok(lane.pipeline, `${lane.lane.id} has a pipeline`);
    const stages = lanes.map((l) => l.pipeline!.stages.map((s) => s.name));
    assert.deepEqual(stages[1]!.slice(0, 4), ['build', 'package', 'deploy', 'test']);
    assert.ok(stages[1]!.includes('canary'));
    assert.ok(stages[2]!.includes('prod'));
    assert.equal(result.activity, 'active');
  });

  it('costs only 304s when nothing moved, and sees a change once the pipeline moves', async () => {
    const store = new LaneStore();
    const repo = await target();
    await store.refresh([repo]);
    events.length = 0;
    const quiet = await store.refresh([repo]);
    assert.equal(quiet.allUnchanged, true);
    assert.ok(events.length > 0 && events.every((e) => e.notModified), JSON.stringify(events.map((e) => [e.path, e.status])));
    server.advance(120_000);
    const moved = await store.refresh([repo]);
    assert.equal(moved.allUnchanged, false);
  });

  it('reports a revoked token as unauthorized', async () => {
    const repo = await target();
    const revoked = { ...repo, api: createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.revoked }) };
    const result = await new LaneStore().refresh([revoked]);
    assert.ok(result.error instanceof UnauthorizedError, String(result.error));
  });

  it('maps the server\'s 429 and 500 faults and keeps the last good lanes', async () => {
    const store = new LaneStore();
    const repo = await target();
    await store.refresh([repo]);
    server.faults.rateLimit({ retryAfterSec: 9, times: 1 });
    const limited = await store.refresh([repo]);
    assert.ok(limited.error instanceof RateLimitedError);
    assert.equal(limited.error.retryAfterSeconds, 9);
    server.faults.serverError({ status: 503 });
    const down = await store.refresh([repo]);
    assert.ok(down.error instanceof ServerError);
    assert.ok(down.snapshots[0]!.lanes.every((l) => l.pipeline), 'stale lanes are kept');
    server.faults.clear();
    const back = await store.refresh([repo]);
    assert.equal(back.error, undefined);
  });
});
