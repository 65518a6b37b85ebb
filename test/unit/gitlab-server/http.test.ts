import * as assert from 'node:assert/strict';
import type { Harness } from './support';
import { list, startDemo } from './support';

describe('fake GitLab: pagination, ETags and rate-limit headers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startDemo();
    for (let i = 0; i < 25; i++) h.demo.start('dev');
  });
  afterEach(async () => {
    await h.server.close();
  });

  it('pages 20 per page by default with x-* headers and a Link header', async () => {
    const first = await h.api(`${h.project}/pipelines`);
    assert.equal(list(first.json).length, 20);
    assert.equal(first.headers.get('x-page'), '1');
    assert.equal(first.headers.get('x-per-page'), '20');
    assert.equal(first.headers.get('x-next-page'), '2');
    assert.equal(first.headers.get('x-prev-page'), '');
    assert.equal(first.headers.get('x-total'), '25');
    assert.equal(first.headers.get('x-total-pages'), '2');
    const link = first.headers.get('link') ?? '';
    assert.match(link, /[?&]page=2[^>]*>; rel="next"/);
    assert.match(link, /rel="first"/);
    assert.match(link, /[?&]page=2[^>]*>; rel="last"/);
    assert.doesNotMatch(link, /rel="prev"/);

    const second = await h.api(`${h.project}/pipelines?page=2`);
    assert.equal(list(second.json).length, 5);
    assert.equal(second.headers.get('x-next-page'), '');
    assert.equal(second.headers.get('x-prev-page'), '1');
    assert.match(second.headers.get('link') ?? '', /rel="prev"/);
  });

  it('caps per_page at 100', async () => {
    const answer = await h.api(`${h.project}/pipelines?per_page=500`);
    assert.equal(answer.headers.get('x-per-page'), '100');
    assert.equal(list(answer.json).length, 25);
  });

  it('pages project jobs without counts', async () => {
    h.server.tick();
    const answer = await h.api(`${h.project}/jobs?per_page=10`);
    assert.equal(list(answer.json).length, 10);
    assert.equal(answer.headers.get('x-next-page'), '2');
    assert.equal(answer.headers.get('x-total'), null);
    assert.equal(answer.headers.get('x-total-pages'), null);
    assert.doesNotMatch(answer.headers.get('link') ?? '', /rel="last"/);
  });

  it('answers 400 for a parameter outside its values', async () => {
    const scope = await h.api(`${h.project}/pipelines?scope=everything`);
    const jobs = await h.api(`${h.project}/jobs?scope[]=running&scope[]=bogus`);
    assert.equal(scope.status, 400);
    assert.deepEqual(scope.json, { error: 'scope does not have a valid value' });
    assert.deepEqual(jobs.json, { error: 'scope does not have a valid value' });
  });

  it('sends a weak ETag and answers a matching If-None-Match with an empty 304', async () => {
    const first = await h.api(`${h.project}/pipelines`);
    const etag = first.headers.get('etag') ?? '';
    assert.match(etag, /^W\/"[0-9a-f]+"$/);
    const again = await h.api(`${h.project}/pipelines`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal(h.server.requests.entries().at(-1)?.ifNoneMatch, etag);
  });

  it('answers 200 with a new ETag once the data changed', async () => {
    const etag = (await h.api(`${h.project}/pipelines`)).headers.get('etag') ?? '';
    h.server.advance(3000);
    const changed = await h.api(`${h.project}/pipelines`, { headers: { 'If-None-Match': etag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
  });

  it('sends no ETag when ETags are switched off', async () => {
    const plain = await startDemo({ etags: false });
    try {
      const answer = await plain.api(`${plain.project}/pipelines`);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('etag'), null);
    } finally {
      await plain.server.close();
    }
  });

  it('sends RateLimit-* headers with an epoch reset time', async () => {
    const answer = await h.api('/user');
    assert.equal(answer.headers.get('ratelimit-limit'), '2000');
    assert.equal(answer.headers.get('ratelimit-observed'), '1');
    assert.equal(answer.headers.get('ratelimit-remaining'), '1999');
    assert.equal(Number(answer.headers.get('ratelimit-reset')), Math.floor((h.clock.now() + 60_000) / 1000));
  });

  it('throttles with a real 429 past the per-minute limit', async () => {
    const limited = await startDemo({ rateLimitPerMinute: 2 });
    try {
      await limited.api('/user');
      await limited.api('/user');
      const third = await limited.api('/user');
      assert.equal(third.status, 429);
      assert.equal(third.headers.get('retry-after'), '60');
      limited.server.advance(60_000);
      assert.equal((await limited.api('/user')).status, 200);
    } finally {
      await limited.server.close();
    }
  });
});
