// The scale scenario the benchmark reads (issue 10): its shape, served with GitLab's pagination.
import * as assert from 'node:assert/strict';
import type { GitLabServer } from '../../gitlab-server';
import { buildScaleScenario, FakeClock, FakeGitLabState, fullPath, startGitLabServer } from '../../gitlab-server';

describe('local GitLab: the scale scenario', function () {
  this.timeout(20_000);
  let server: GitLabServer;
  let scenario: ReturnType<typeof buildScaleScenario>;

  before(async () => {
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    scenario = buildScaleScenario(state, clock, { projects: 5, jobs: 250, history: 300 });
    server = await startGitLabServer({ clock, state, tickOnEveryRequest: false });
  });
  after(() => server.close());

  const get = async (path: string): Promise<{ headers: Headers; items: unknown[] }> => {
    const response = await fetch(`${server.apiUrl}${path}`, { headers: { 'PRIVATE-TOKEN': scenario.token } });
    assert.equal(response.status, 200, path);
    return { headers: response.headers, items: (await response.json()) as unknown[] };
  };

  it('serves the big pipeline\'s jobs at most 100 a page, with x-next-page and Link headers', async () => {
    const project = encodeURIComponent(fullPath(scenario.projects[0]!));
    const pages: number[] = [];
    for (let page = 1; ; page++) {
      const { headers, items } = await get(`/projects/${project}/pipelines/${scenario.big.id}/jobs?per_page=500&page=${page}`);
      pages.push(items.length);
      assert.equal(headers.get('x-per-page'), '100', 'per_page is capped at 100');
      if (!headers.get('x-next-page')) break;
      assert.match(headers.get('link') ?? '', /rel="next"/);
    }
    assert.deepEqual(pages, [100, 100, 50]);
  });

  it('holds the long history in the first project, finished, behind the lanes\' newest pipelines', async () => {
    const project = encodeURIComponent(fullPath(scenario.projects[0]!));
    const { headers, items } = await get(`/projects/${project}/pipelines?per_page=100`);
    assert.equal(headers.get('x-total'), String(300 + 2));
    assert.equal((items[0] as { id: number }).id, scenario.big.id, 'the big dev pipeline is the newest');
    const { items: old } = await get(`/projects/${project}/pipelines?per_page=100&page=3`);
    assert.ok(old.every((p) => (p as { status: string }).status === 'success'));
  });

  it('gives every project a dev and a master pipeline', async () => {
    for (const p of scenario.projects.slice(1)) {
      const { items } = await get(`/projects/${encodeURIComponent(fullPath(p))}/pipelines`);
      assert.deepEqual(items.map((i) => (i as { ref: string }).ref).sort(), ['dev', 'master']);
    }
  });
});
