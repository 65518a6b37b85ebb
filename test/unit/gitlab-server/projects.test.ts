import * as assert from 'node:assert/strict';
import type { Harness } from './support';
import { list, obj, withDemoEachTest } from './support';

describe('fake GitLab: projects and repository', () => {
  let h: Harness;
  withDemoEachTest((started) => (h = started));

  it('finds the project by URL-encoded path and by numeric id', async () => {
    const byPath = obj((await h.api('/projects/group%2Fdemo-service')).json);
    const byId = obj((await h.api(`/projects/${h.demo.project.id}`)).json);
    assert.equal(byPath['path_with_namespace'], 'group/demo-service');
    assert.equal(byId['id'], byPath['id']);
    assert.equal(byPath['default_branch'], 'master');
  });

  it('answers 404 "404 Project Not Found" for an unknown project and {"error":"404 Not Found"} for an unknown route', async () => {
    const project = await h.api('/projects/group%2Fnope');
    const route = await h.api('/nothing/here');
    assert.deepEqual(project.json, { message: '404 Project Not Found' });
    assert.equal(route.status, 404);
    assert.deepEqual(route.json, { error: '404 Not Found' });
  });

  it('lists branches and answers "404 Branch Not Found" for a missing one', async () => {
    const names = list((await h.api(`${h.project}/repository/branches`)).json).map((b) => b['name']);
    const feature = obj((await h.api(`${h.project}/repository/branches/feature%2Ffaster-checkout`)).json);
    const missing = await h.api(`${h.project}/repository/branches/nope`);
    assert.deepEqual(names, ['dev', 'feature/faster-checkout', 'master']);
    assert.equal(obj(feature['commit'])['title'], 'Speed up checkout by batching stock checks');
    assert.deepEqual(missing.json, { message: '404 Branch Not Found' });
  });

  it('shows a commit by SHA or branch and "404 Commit Not Found" otherwise', async () => {
    const sha = h.demo.project.branches.get('dev') ?? '';
    const bySha = obj((await h.api(`${h.project}/repository/commits/${sha}`)).json);
    const byBranch = obj((await h.api(`${h.project}/repository/commits/dev`)).json);
    const missing = await h.api(`${h.project}/repository/commits/0123456789abcdef`);
    assert.equal(bySha['id'], sha);
    assert.equal(byBranch['short_id'], sha.slice(0, 8));
    assert.deepEqual(missing.json, { message: '404 Commit Not Found' });
  });

  it('compares two refs, listing the commits in between oldest first', async () => {
    h.demo.start('master', { commit: 'First fix' });
    h.server.state.addCommit(h.demo.project, { branch: 'master', title: 'Second fix' });
    const first = h.server.state.history(h.demo.project, h.demo.project.branches.get('master') ?? '')[2]?.sha ?? '';
    const compare = obj((await h.api(`${h.project}/repository/compare?from=${first}&to=master`)).json);
    assert.deepEqual(list(compare['commits']).map((c) => c['title']), ['First fix', 'Second fix']);
    assert.equal(compare['compare_same_ref'], false);
  });

  it('answers 400 when compare misses a parameter', async () => {
    const answer = await h.api(`${h.project}/repository/compare?to=master`);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, { error: 'from is missing' });
  });

  it('serves /version', async () => {
    const version = obj((await h.api('/version')).json);
    assert.match(String(version['version']), /^\d+\.\d+\.\d+/);
  });
});
