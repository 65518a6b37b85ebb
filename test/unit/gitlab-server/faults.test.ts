import * as assert from 'node:assert/strict';
import type { Harness } from './support';
import { startDemo, withDemoEachTest } from './support';

describe('fake GitLab: faults and the request log', () => {
  let h: Harness;
  withDemoEachTest((started) => (h = started));

  it('answers 429 with Retry-After, an epoch RateLimit-Reset and "Retry later", then recovers', async () => {
    h.server.faults.rateLimit({ times: 2, retryAfterSec: 30 });
    const first = await h.api('/user');
    const second = await h.api('/user');
    const third = await h.api('/user');
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '30');
    assert.equal(Number(first.headers.get('ratelimit-reset')), Math.floor(h.clock.now() / 1000) + 30);
    assert.equal(first.text, 'Retry later\n');
    assert.equal(second.status, 429);
    assert.equal(third.status, 200);
  });

  it('limits a fault to matching paths', async () => {
    const fault = h.server.faults.rateLimit({ match: '/pipelines' });
    const user = await h.api('/user');
    const pipelines = await h.api(`${h.project}/pipelines`);
    fault.remove();
    const after = await h.api(`${h.project}/pipelines`);
    assert.deepEqual([user.status, pipelines.status, after.status], [200, 429, 200]);
  });

  it('answers 500 while a server-error fault is on', async () => {
    h.server.faults.serverError({ times: 1 });
    const failed = await h.api('/user');
    assert.equal(failed.status, 500);
    assert.equal((await h.api('/user')).status, 200);
  });

  it('delays a response by the configured time', async () => {
    h.server.faults.slow(150, { times: 1 });
    const started = Date.now();
    const answer = await h.api('/user');
    assert.equal(answer.status, 200);
    assert.ok(Date.now() - started >= 140, 'the answer came too early');
  });

  it('drops the connection without an answer', async () => {
    h.server.faults.drop({ times: 1, match: /\/user$/ });
    await assert.rejects(h.api('/user'));
    assert.equal((await h.api('/user')).status, 200);
    assert.equal(h.server.requests.entries()[0]?.status, 0);
    assert.equal(h.server.requests.entries()[0]?.fault, 'drop');
  });

  it('answers with a canned response (a proxy page) for matching requests, then recovers', async () => {
    h.server.faults.answer({ times: 1, match: /\/user$/, status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html>Sign in</html>' });
    const page = await h.api('/user');
    assert.deepEqual([page.status, page.headers.get('content-type'), page.text], [200, 'text/html', '<html>Sign in</html>']);
    assert.equal(h.server.requests.entries()[0]?.fault, 'answer');
    assert.equal((await h.api('/user')).headers.get('content-type'), 'application/json');
  });

  it('logs method, path, query and status of every request', async () => {
    await h.api(`${h.project}/pipelines?ref=dev&per_page=5`);
    await h.api('/projects/group%2Fmissing');
    const [first, second] = h.server.requests.entries();
    assert.equal(first?.method, 'GET');
    assert.equal(first?.path, '/api/v4/projects/group%2Fdemo-service/pipelines');
    assert.deepEqual(first?.query, { ref: 'dev', per_page: '5' });
    assert.equal(first?.status, 200);
    assert.equal(second?.status, 404);
    assert.equal(h.server.requests.count({ path: '/pipelines' }), 1);
    h.server.requests.clear();
    assert.equal(h.server.requests.count(), 0);
  });

  it('keeps only the newest entries when the log has a limit', async () => {
    const capped = await startDemo({ requestLogLimit: 2 });
    try {
      for (let i = 0; i < 3; i++) await capped.api('/user');
      assert.deepEqual(capped.server.requests.entries().map((e) => e.seq), [2, 3]);
    } finally {
      await capped.server.close();
    }
  });
});
