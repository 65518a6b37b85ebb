import * as assert from 'node:assert/strict';
import type { Harness } from './support';
import { obj, withDemoEachTest } from './support';

describe('fake GitLab: authentication and access', () => {
  let h: Harness;
  withDemoEachTest((started) => (h = started));

  it('answers 401 "401 Unauthorized" without a token and with an unknown one', async () => {
    for (const token of [null, 'glpat-nobody']) {
      const answer = await h.api('/user', { token });
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.json, { message: '401 Unauthorized' });
    }
  });

  it('answers 401 invalid_token for a revoked token', async () => {
    const answer = await h.api('/user', { token: h.demo.tokens.revoked });
    assert.equal(answer.status, 401);
    assert.equal(obj(answer.json)['error'], 'invalid_token');
    assert.match(String(obj(answer.json)['error_description']), /revoked/);
  });

  it('answers 401 invalid_token for an expired token', async () => {
    h.server.state.addToken({ user: h.demo.users.developer, value: 'glpat-expired', expiresAt: h.clock.now() - 1 });
    const answer = await h.api('/user', { token: 'glpat-expired' });
    assert.equal(answer.status, 401);
    assert.match(String(obj(answer.json)['error_description']), /expired/);
  });

  it('accepts the token as PRIVATE-TOKEN or as a Bearer authorization', async () => {
    const viaHeader = await h.api('/user');
    const viaBearer = await h.api('/user', { token: null, headers: { Authorization: `Bearer ${h.demo.tokens.developer}` } });
    assert.equal(obj(viaHeader.json)['username'], 'dana');
    assert.equal(obj(viaBearer.json)['username'], 'dana');
  });

  it('reports the token scopes on /personal_access_tokens/self', async () => {
    const full = obj((await h.api('/personal_access_tokens/self')).json);
    const readOnly = obj((await h.api('/personal_access_tokens/self', { token: h.demo.tokens.readOnly })).json);
    assert.deepEqual(full['scopes'], ['api']);
    assert.deepEqual(readOnly['scopes'], ['read_api']);
    assert.equal(readOnly['active'], true);
  });

  it('lets a read_api token read but answers 403 insufficient_scope on writes', async () => {
    const read = await h.api(`${h.project}/pipelines`, { token: h.demo.tokens.readOnly });
    const write = await h.api(`${h.project}/pipeline`, { method: 'POST', token: h.demo.tokens.readOnly, body: { ref: 'dev' } });
    assert.equal(read.status, 200);
    assert.equal(write.status, 403);
    assert.equal(obj(write.json)['error'], 'insufficient_scope');
  });

  it('hides a private project from a non-member (404) and forbids a guest from pipelines (403)', async () => {
    const outsider = await h.api(h.project, { token: h.demo.tokens.outsider });
    const guestProject = await h.api(h.project, { token: h.demo.tokens.guest });
    const guestPipelines = await h.api(`${h.project}/pipelines`, { token: h.demo.tokens.guest });
    assert.equal(outsider.status, 404);
    assert.deepEqual(outsider.json, { message: '404 Project Not Found' });
    assert.equal(guestProject.status, 200);
    assert.equal(guestPipelines.status, 403);
    assert.deepEqual(guestPipelines.json, { message: '403 Forbidden' });
  });

  it('never writes a token value into the request log', async () => {
    await h.api('/user');
    await h.api('/user', { token: null, headers: { Authorization: `Bearer ${h.demo.tokens.reviewer}` } });
    const logged = JSON.stringify(h.server.requests.entries());
    assert.ok(!logged.includes(h.demo.tokens.developer));
    assert.ok(!logged.includes(h.demo.tokens.reviewer));
    assert.equal(h.server.requests.entries()[0]?.headers['private-token'], '[redacted]');
    assert.equal(h.server.requests.entries()[1]?.username, 'riley');
  });
});
