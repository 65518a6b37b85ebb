import * as assert from 'node:assert/strict';
import type { Deployment, Pipeline } from '../../gitlab-server';
import { DEMO_PROJECT_PATH, DEMO_TOKENS } from '../../gitlab-server';
import { GATES_QUERY } from '../../../src/core/lanes/gatesQuery';
import type { ApiAnswer, Harness } from './support';
import { callApi, obj, startAtProductionGate } from './support';

describe('fake GitLab: /api/graphql', () => {
  let h: Harness;
  let master: Pipeline;
  let prod: Deployment;
  beforeEach(async () => {
    ({ h, master, prod } = await startAtProductionGate());
  });
  afterEach(async () => {
    await h.server.close();
  });

  const post = (body: unknown, token: string | null = DEMO_TOKENS.developer): Promise<ApiAnswer> =>
    callApi(`${h.server.url}/api/graphql`, { method: 'POST', token, body }, DEMO_TOKENS.developer);
  const get = (query: string, variables: unknown, token: string | null = DEMO_TOKENS.developer): Promise<ApiAnswer> =>
    callApi(`${h.server.url}/api/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables) }).toString()}`, { token }, DEMO_TOKENS.developer);
  const gatesVariables = (updatedAfter: string) => ({ fullPath: DEMO_PROJECT_PATH, updatedAfter, first: 100, deploymentIid: String(prod.iid) });

  it('answers the gates query with GitLab\'s shapes: global IDs, upper-case enums, whole-second times', async () => {
    const answer = await post({ query: GATES_QUERY, variables: gatesVariables(new Date(0).toISOString()) });
    assert.equal(answer.status, 200);
    const project = obj(obj(obj(answer.json)['data'])['project']);
    assert.equal(project['id'], `gid://gitlab/Project/${h.demo.project.id}`);
    const nodes = obj(project['pipelines'])['nodes'] as Record<string, unknown>[];
    const node = nodes.find((n) => n['id'] === `gid://gitlab/Ci::Pipeline/${master.id}`);
    assert.ok(node, JSON.stringify(nodes));
    assert.equal(node['status'], 'MANUAL');
    assert.equal(node['ref'], 'master');
    assert.equal(node['iid'], String(master.iid));
    assert.match(String(node['updatedAt']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(node['path'], `/${DEMO_PROJECT_PATH}/-/pipelines/${master.id}`);
    const deployment = obj(project['deployment']);
    assert.deepEqual(deployment, { iid: String(prod.iid), status: 'BLOCKED', pendingApprovalCount: 1, approvals: [] });
  });

  it('filters pipelines updated at or after updatedAfter (inclusive, like REST), newest id first', async () => {
    const dev = h.demo.start('dev');
    h.server.advance(1_000);
    const since = new Date(h.server.state.pipelines.get(dev.id)!.updatedAt).toISOString();
    const answer = await post({ query: '{ project(fullPath: "group/demo-service") { pipelines(updatedAfter: "' + since + '") { count nodes { id } } } }' });
    const connection = obj(obj(obj(obj(answer.json)['data'])['project'])['pipelines']);
    const ids = (connection['nodes'] as Record<string, unknown>[]).map((n) => n['id']);
    assert.ok(ids.includes(`gid://gitlab/Ci::Pipeline/${dev.id}`), JSON.stringify(ids));
    assert.ok(!ids.includes(`gid://gitlab/Ci::Pipeline/${master.id}`) || h.server.state.pipelines.get(master.id)!.updatedAt >= Date.parse(since));
    const sorted = [...ids].sort((a, b) => Number(String(b).split('/').pop()) - Number(String(a).split('/').pop()));
    assert.deepEqual(ids, sorted);
  });

  it('answers a GET like a POST, with an ETag and a 304 for the same question', async () => {
    const first = await get(GATES_QUERY, gatesVariables(new Date(0).toISOString()));
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const again = await callApi(`${h.server.url}/api/graphql?${new URLSearchParams({ query: GATES_QUERY, variables: JSON.stringify(gatesVariables(new Date(0).toISOString())) }).toString()}`, { headers: { 'If-None-Match': etag } }, DEMO_TOKENS.developer);
    assert.equal(again.status, 304);
  });

  it('shows an approval on the next answer', async () => {
    const approved = await callApi(`${h.server.apiUrl}${h.project}/deployments/${prod.id}/approval`, { method: 'POST', token: DEMO_TOKENS.reviewer, body: { status: 'approved' } }, DEMO_TOKENS.reviewer);
    assert.equal(approved.status, 201);
    const answer = await post({ query: GATES_QUERY, variables: gatesVariables(new Date(0).toISOString()) });
    const deployment = obj(obj(obj(obj(answer.json)['data'])['project'])['deployment']);
    assert.equal(deployment['pendingApprovalCount'], 0);
    const [approval] = deployment['approvals'] as Record<string, unknown>[];
    assert.equal(approval?.['status'], 'APPROVED');
    assert.deepEqual(approval?.['user'], { id: `gid://gitlab/User/${h.demo.users.reviewer.id}`, username: 'riley', name: h.demo.users.reviewer.name });
  });

  it('answers query errors with HTTP 200 and an errors list', async () => {
    const answer = await post({ query: '{ project(fullPath: "group/demo-service") { noSuchField } }' });
    assert.equal(answer.status, 200);
    const errors = obj(answer.json)['errors'] as Record<string, unknown>[];
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]?.['message']), /noSuchField/);
  });

  it('resolves the approval fields for one deployment per request, as GitLab\'s FieldCallCount does', async () => {
    const query = `{ project(fullPath: "group/demo-service") { a: deployment(iid: "${prod.iid}") { pendingApprovalCount } b: deployment(iid: "${prod.iid}") { pendingApprovalCount } } }`;
    const answer = await post({ query });
    assert.equal(answer.status, 200);
    const errors = obj(answer.json)['errors'] as Record<string, unknown>[];
    assert.deepEqual(errors.map((e) => e['message']), ['"pendingApprovalCount" field can be requested only for 1 Deployment(s) at a time.']);
  });

  it('authenticates like GitLab: a bad token is a 401, no token sees no private project', async () => {
    const bad = await post({ query: GATES_QUERY, variables: gatesVariables(new Date(0).toISOString()) }, 'glpat-nope');
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json, { errors: [{ message: 'Invalid token' }] });
    const revoked = await post({ query: '{ project(fullPath: "group/demo-service") { id } }' }, DEMO_TOKENS.revoked);
    assert.equal(revoked.status, 401);
    const anonymous = await post({ query: '{ project(fullPath: "group/demo-service") { id } }' }, null);
    assert.equal(anonymous.status, 200);
    assert.deepEqual(anonymous.json, { data: { project: null } });
    const outsider = await post({ query: '{ project(fullPath: "group/demo-service") { id } }' }, DEMO_TOKENS.outsider);
    assert.deepEqual(outsider.json, { data: { project: null } });
    const readOnly = await post({ query: '{ project(fullPath: "group/demo-service") { id } }' }, DEMO_TOKENS.readOnly);
    assert.deepEqual(readOnly.json, { data: { project: { id: `gid://gitlab/Project/${h.demo.project.id}` } } });
  });

  it('logs GraphQL requests like the others, without the token, and counts them against the rate limit', async () => {
    await post({ query: '{ project(fullPath: "group/demo-service") { id } }' });
    const [entry] = h.server.requests.entries({ path: '/api/graphql' });
    assert.equal(entry?.method, 'POST');
    assert.equal(entry?.username, 'dana');
    assert.equal(entry?.headers['private-token'], '[redacted]');
    const answer = await post({ query: '{ project(fullPath: "group/demo-service") { id } }' });
    assert.ok(answer.headers.get('ratelimit-remaining'));
  });

  it('answers 404 when switched off, like an instance or proxy without GraphQL', async () => {
    h.server.setGraphql(false);
    const answer = await post({ query: '{ project(fullPath: "group/demo-service") { id } }' });
    assert.equal(answer.status, 404);
    h.server.setGraphql(true);
    assert.equal((await post({ query: '{ project(fullPath: "group/demo-service") { id } }' })).status, 200);
  });
});
