import * as assert from 'node:assert/strict';
import type { Deployment, Pipeline } from '../../gitlab-server';
import { ACCESS } from '../../gitlab-server';
import type { Harness } from './support';
import { list, obj, startAtProductionGate } from './support';

describe('fake GitLab: environments, deployments and approvals', () => {
  let h: Harness;
  let master: Pipeline;
  let prod: Deployment;
  beforeEach(async () => {
    ({ h, master, prod } = await startAtProductionGate());
  });
  afterEach(async () => {
    await h.server.close();
  });

  const approve = (deploymentId: number, token: string, status = 'approved', comment?: string): ReturnType<Harness['api']> =>
    h.api(`${h.project}/deployments/${deploymentId}/approval`, { method: 'POST', token, body: { status, ...(comment ? { comment } : {}) } });

  it('blocks the production deployment until it is approved', async () => {
    const detail = obj((await h.api(`${h.project}/deployments/${prod.id}`)).json);
    assert.equal(detail['status'], 'blocked');
    assert.equal(detail['pending_approval_count'], 1);
    assert.deepEqual(detail['approvals'], []);
    const blocked = list((await h.api(`${h.project}/deployments?status=blocked`)).json);
    assert.deepEqual(blocked.map((d) => d['id']), [prod.id]);
    const play = await h.api(`${h.project}/jobs/${prod.jobId}/play`, { method: 'POST' });
    assert.deepEqual(play.json, { message: '400 Bad request - Unplayable Job' });
  });

  it('refuses self-approval by the person who triggered the pipeline', async () => {
    const answer = await approve(prod.id, h.demo.tokens.developer);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, { message: 'You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.' });
  });

  it('refuses a user who is not an allowed approver', async () => {
    const carl = h.server.state.addUser({ username: 'carl' });
    h.server.state.addMember(h.demo.project, carl, ACCESS.developer);
    h.server.state.addToken({ user: carl, value: 'glpat-carl' });
    const answer = await approve(prod.id, 'glpat-carl');
    assert.deepEqual(answer.json, { message: "You don't have permission to approve this deployment. Contact the project or group owner for help." });
  });

  it('approves (201), then the job can be played and the deployment succeeds', async () => {
    const answer = await approve(prod.id, h.demo.tokens.reviewer, 'approved', 'Canary looked fine');
    assert.equal(answer.status, 201);
    const given = obj(answer.json);
    assert.equal(obj(given['user'])['username'], 'riley');
    assert.equal(given['status'], 'approved');
    assert.equal(given['comment'], 'Canary looked fine');
    assert.equal(typeof given['created_at'], 'string');
    const detail = obj((await h.api(`${h.project}/deployments/${prod.id}`)).json);
    assert.equal(detail['pending_approval_count'], 0);
    assert.equal(list(obj(detail['approval_summary'])['rules']).length, 1);
    const again = await approve(prod.id, h.demo.tokens.reviewer);
    assert.deepEqual(again.json, { message: 'This deployment is not waiting for approvals.' });
    assert.equal((await h.api(`${h.project}/jobs/${prod.jobId}/play`, { method: 'POST' })).status, 200);
    h.server.advance(30_000);
    assert.equal(prod.status, 'success');
    assert.equal(master.status, 'success');
    const production = list((await h.api(`${h.project}/environments?name=production`)).json)[0];
    const env = obj((await h.api(`${h.project}/environments/${String(production?.['id'])}`)).json);
    assert.equal(env['tier'], 'production');
    assert.equal(obj(env['last_deployment'])['id'], prod.id);
  });

  it('rejection fails the deploy job', async () => {
    const answer = await approve(prod.id, h.demo.tokens.reviewer, 'rejected');
    assert.equal(answer.status, 201);
    const job = obj((await h.api(`${h.project}/jobs/${prod.jobId}`)).json);
    assert.equal(job['status'], 'failed');
    assert.equal(job['failure_reason'], 'deployment_rejected');
  });

  it('needs approvals only on protected environments', async () => {
    const dev = h.demo.start('dev');
    h.server.advance(120_000);
    const canaryJob = h.server.state.findJob(dev, 'deploy-canary');
    const canary = canaryJob && h.server.state.deploymentOfJob(canaryJob);
    assert.equal(canary?.status, 'created');
    const answer = await approve(canary?.id ?? 0, h.demo.tokens.reviewer);
    assert.deepEqual(answer.json, { message: 'This environment is not protected.' });
  });

  it('lists deployments by environment in id order by default', async () => {
    h.demo.start('master');
    h.server.advance(120_000);
    const ids = list((await h.api(`${h.project}/deployments?environment=production`)).json).map((d) => d['id']);
    const desc = list((await h.api(`${h.project}/deployments?environment=production&sort=desc`)).json).map((d) => d['id']);
    assert.equal(ids.length, 2);
    assert.deepEqual(desc, [...ids].reverse());
    assert.ok(Number(ids[0]) < Number(ids[1]));
  });

  it('lists protected environments with their approval rules', async () => {
    const protectedEnvs = list((await h.api(`${h.project}/protected_environments`)).json);
    assert.equal(protectedEnvs[0]?.['name'], 'production');
    assert.equal(list(protectedEnvs[0]?.['approval_rules']).at(0)?.['required_approvals'], 1);
  });
});
