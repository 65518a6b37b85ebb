import * as assert from 'node:assert/strict';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import { RateBudgets } from '../../../../src/core/lanes/rateBudget';
import type { GitLabServer } from '../../../gitlab-server';
import { buildDemoScenario, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeGitLabState, FakeClock, startGitLabServer } from '../../../gitlab-server';

describe('RateBudgets', () => {
  let server: GitLabServer;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    buildDemoScenario(state);
    server = await startGitLabServer({ clock, state, rateLimitPerMinute: 20 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('holds timed polls of an instance from the answer that leaves under 10% of the quota until RateLimit-Reset', async () => {
    const budgets = new RateBudgets(() => clock.now());
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.developer, onRequest: (e) => budgets.observe(server.url, e), now: () => clock.now() });
    for (let i = 0; i < 18; i++) await api.project(DEMO_PROJECT_PATH);
    assert.equal(budgets.notBefore([server.url]), 0, '2 of 20 left is not yet under 10%');
    await api.project(DEMO_PROJECT_PATH);
    const until = budgets.notBefore([server.url]);
    assert.ok(until > clock.now() && until <= clock.now() + 60_000, `held until the window resets (${until - clock.now()} ms)`);
    assert.equal(budgets.notBefore(['https://other.example.com']), 0, 'other instances are not held');
    clock.advance(61_000);
    assert.equal(budgets.notBefore([server.url]), 0, 'the hold ends at the reset');
    await api.project(DEMO_PROJECT_PATH);
    assert.equal(budgets.notBefore([server.url]), 0, 'a fresh window lifts it');
  });
});
