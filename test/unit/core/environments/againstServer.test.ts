/**
 * Reading environments and comparing deployments against the local GitLab-compatible server,
 * with the request counts the polling budget depends on.
 */
import * as assert from 'node:assert/strict';
import type { CommitBasic } from '../../../../src/core/gitlab/models';
import type { GitLabApi } from '../../../../src/core/gitlab/client';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import { commitDiffText, commitsBetween } from '../../../../src/core/environments/compareEnvironments';
import { groupEnvironments } from '../../../../src/core/environments/environmentGroups';
import { deploymentFingerprint, readEnvironments } from '../../../../src/core/environments/readEnvironments';
import type { DemoScenario, GitLabServer } from '../../../gitlab-server';
import { buildDemoScenario, DEMO_PROJECT_PATH, FakeClock, FakeGitLabState, playCanary, releaseToProduction, startGitLabServer } from '../../../gitlab-server';

describe('environments against the local GitLab server', function () {
  this.timeout(20_000);
  let server: GitLabServer;
  let demo: DemoScenario;
  let api: GitLabApi;

  beforeEach(async () => {
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
    api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: demo.tokens.developer, timeoutMs: 5000 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('shows what is deployed where, what waits for approval, grouped, in three requests', async () => {
    releaseToProduction(server, demo, 'Add order service skeleton v2');
    playCanary(server, demo, 'Cache product lookups harder');
    // A new master pipeline stops at its production gate: that deployment waits for one approval.
    demo.start('master');
    server.advance(180_000);
    const before = server.requests.entries({}).length;
    const { rows, requests } = await readEnvironments(api, DEMO_PROJECT_PATH);
    assert.equal(server.requests.entries({}).length - before, requests);
    assert.equal(requests, 3, 'environments + recent deployments + the one waiting deployment');
    const groups = groupEnvironments(rows);
    assert.deepEqual(groups.map((g) => [g.title, g.rows.map((r) => r.environment.name)]), [
      ['dev', ['staging']],
      ['production/canary', ['canary']],
      ['production', ['production']],
    ]);
    const production = rows.find((r) => r.environment.name === 'production');
    assert.equal(production?.deployed?.status, 'success');
    assert.equal(production?.deployed?.deployable?.commit?.title, 'Add order service skeleton v2');
    assert.equal(production?.deployed?.user?.username, 'dana');
    assert.equal(production?.latest?.status, 'blocked');
    assert.equal(production?.pendingApprovals, 1);
    const canary = rows.find((r) => r.environment.name === 'canary');
    assert.equal(canary?.deployed?.deployable?.commit?.title, 'Cache product lookups harder');
    assert.equal(canary?.latest, undefined);
  });

  it('lists the commits between production and the canary from GitLab, newest first, and from the clone when it has them', async () => {
    releaseToProduction(server, demo, 'Ship v1');
    playCanary(server, demo, 'Cache product lookups harder');
    const { rows } = await readEnvironments(api, DEMO_PROJECT_PATH);
    const production = rows.find((r) => r.environment.name === 'production')!.deployed!;
    const canary = rows.find((r) => r.environment.name === 'canary')!.deployed!;
    const fromGitLab = await commitsBetween(api, DEMO_PROJECT_PATH, production.sha, canary.sha);
    assert.equal(fromGitLab.source, 'gitlab');
    assert.deepEqual(fromGitLab.commits.map((c) => c.title), ['Cache product lookups harder', 'Cache product lookups']);

    const asked: string[] = [];
    const local = { commitsBetween: (from: string, to: string): Promise<CommitBasic[]> => {
      asked.push(`${from}..${to}`);
      return Promise.resolve([{ id: to, short_id: to.slice(0, 8), title: 'from the clone' }]);
    } };
    const before = server.requests.entries({}).length;
    const fromClone = await commitsBetween(api, DEMO_PROJECT_PATH, production.sha, canary.sha, local);
    assert.deepEqual([fromClone.source, fromClone.commits.map((c) => c.title), server.requests.entries({}).length - before], ['local', ['from the clone'], 0]);
    assert.deepEqual(asked, [`${production.sha}..${canary.sha}`]);

    // A clone without those commits answers undefined: GitLab is asked.
    const missing = await commitsBetween(api, DEMO_PROJECT_PATH, production.sha, canary.sha, { commitsBetween: () => Promise.resolve(undefined) });
    assert.equal(missing.source, 'gitlab');
  });

  it("opens one commit's diff as GitLab has it (the commit against its first parent)", async () => {
    releaseToProduction(server, demo, 'Ship v1');
    playCanary(server, demo, 'Cache product lookups harder');
    const { rows } = await readEnvironments(api, DEMO_PROJECT_PATH);
    const range = await commitsBetween(api, DEMO_PROJECT_PATH, rows.find((r) => r.environment.name === 'production')!.deployed!.sha, rows.find((r) => r.environment.name === 'canary')!.deployed!.sha);
    const text = await commitDiffText(api, DEMO_PROJECT_PATH, range.commits[0]!);
    assert.match(text, /^commit [0-9a-f]{40}\n/);
    assert.match(text, /--- a\/CHANGELOG.md\n\+\+\+ b\/CHANGELOG.md\n@@ -1,0 \+1,1 @@\n\+- Cache product lookups harder$/);
  });

  it('fingerprints only what the lanes show about deployments', () => {
    const lane = (status: string, deployJob: string) => ({
      pipeline: { pipeline: { id: 7 }, status, stages: [{ jobs: [{ job: { id: 1, status: 'success' } }, { job: { id: 2, status: deployJob } }] }] },
      deployments: { 2: {} },
    });
    assert.equal(deploymentFingerprint([lane('manual', 'manual')]), deploymentFingerprint([lane('manual', 'manual')]));
    assert.notEqual(deploymentFingerprint([lane('manual', 'manual')]), deploymentFingerprint([lane('running', 'running')]));
    assert.equal(deploymentFingerprint([{}]), '-');
  });
});
