import * as assert from 'node:assert/strict';
import type { Harness } from './support';
import { list, obj, withDemoEachTest } from './support';

describe('fake GitLab: pipelines', () => {
  let h: Harness;
  withDemoEachTest((started) => (h = started));

  const jobStatuses = async (pipelineId: number): Promise<Record<string, unknown>> => {
    const jobs = list((await h.api(`${h.project}/pipelines/${pipelineId}/jobs?per_page=100`)).json);
    return Object.fromEntries(jobs.map((j) => [String(j['name']), j['status']]));
  };

  it('moves jobs through created, pending, running and success in stage order', async () => {
    const pipeline = h.demo.start('master');
    assert.deepEqual(await jobStatuses(pipeline.id), {
      lint: 'pending', compile: 'pending', 'unit-tests': 'pending', image: 'created', 'merge-back': 'created', 'deploy-prod': 'created',
    });
    assert.equal(obj((await h.api(`${h.project}/pipelines/${pipeline.id}`)).json)['status'], 'pending');
    h.server.advance(2000);
    assert.equal((await jobStatuses(pipeline.id))['lint'], 'running');
    assert.equal(obj((await h.api(`${h.project}/pipelines/${pipeline.id}`)).json)['status'], 'running');
    h.server.advance(20_000);
    const afterBuild = await jobStatuses(pipeline.id);
    assert.equal(afterBuild['unit-tests'], 'success');
    assert.equal(afterBuild['image'], 'pending');
    assert.equal(afterBuild['merge-back'], 'created');
  });

  it('stops at a blocking manual job with pipeline status manual, and fills timings', async () => {
    const pipeline = h.demo.start('master');
    h.server.advance(120_000);
    const jobs = await jobStatuses(pipeline.id);
    const full = obj((await h.api(`${h.project}/pipelines/${pipeline.id}`)).json);
    assert.equal(jobs['deploy-prod'], 'manual');
    assert.equal(full['status'], 'manual');
    assert.equal(full['started_at'], new Date(pipeline.createdAt + 2000).toISOString());
    const lint = list((await h.api(`${h.project}/pipelines/${pipeline.id}/jobs`)).json).find((j) => j['name'] === 'lint');
    assert.equal(lint?.['duration'], 8);
    assert.equal(lint?.['queued_duration'], 2);
    assert.equal('when' in (lint ?? {}), false);
  });

  it('starts a child pipeline under the trigger job and shows it on the bridges route', async () => {
    const pipeline = h.demo.start('dev');
    h.server.advance(70_000);
    const bridges = list((await h.api(`${h.project}/pipelines/${pipeline.id}/bridges`)).json);
    const jobs = list((await h.api(`${h.project}/pipelines/${pipeline.id}/jobs?per_page=100`)).json);
    assert.deepEqual(bridges.map((b) => b['name']), ['integration-tests']);
    assert.ok(!jobs.some((j) => j['name'] === 'integration-tests'), 'bridges are not in the jobs list');
    const child = obj(bridges[0]?.['downstream_pipeline']);
    assert.equal(obj((await h.api(`${h.project}/pipelines/${String(child['id'])}`)).json)['source'], 'parent_pipeline');
    h.server.advance(60_000);
    assert.equal(list((await h.api(`${h.project}/pipelines/${pipeline.id}/bridges`)).json)[0]?.['status'], 'success');
    assert.equal(obj((await h.api(`${h.project}/pipelines/${pipeline.id}`)).json)['status'], 'manual');
  });

  it('creates a pipeline with variables (201) and 400 "Reference not found" for an unknown ref', async () => {
    const variables = [{ key: 'DEPLOY_NOTE', value: 'hello', variable_type: 'env_var' }];
    const createdAnswer = await h.api(`${h.project}/pipeline`, { method: 'POST', body: { ref: 'dev', variables } });
    assert.equal(createdAnswer.status, 201);
    const pipeline = obj(createdAnswer.json);
    assert.equal(pipeline['ref'], 'dev');
    assert.equal(pipeline['source'], 'api');
    assert.equal(obj(pipeline['user'])['username'], 'dana');
    assert.deepEqual((await h.api(`${h.project}/pipelines/${String(pipeline['id'])}/variables`)).json, variables);
    const unknown = await h.api(`${h.project}/pipeline`, { method: 'POST', body: { ref: 'nope' } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json, { message: { base: ['Reference not found'] } });
    const missing = await h.api(`${h.project}/pipeline`, { method: 'POST', body: {} });
    assert.deepEqual(missing.json, { error: 'ref is missing' });
  });

  it('accepts form-encoded parameters as well as JSON', async () => {
    const response = await fetch(`${h.server.apiUrl}${h.project}/pipeline`, {
      method: 'POST',
      headers: { 'PRIVATE-TOKEN': h.demo.tokens.developer, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'ref=dev&variables[][key]=A&variables[][value]=1&variables[][key]=B&variables[][value]=2',
    });
    const pipeline = obj(await response.json());
    assert.equal(response.status, 201);
    const variables = list((await h.api(`${h.project}/pipelines/${String(pipeline['id'])}/variables`)).json);
    assert.deepEqual(variables.map((v) => `${String(v['key'])}=${String(v['value'])}`), ['A=1', 'B=2']);
  });

  it('cancels with 200 and retries with 201', async () => {
    const pipeline = h.demo.start('dev');
    h.server.advance(5000);
    const canceled = await h.api(`${h.project}/pipelines/${pipeline.id}/cancel`, { method: 'POST' });
    assert.equal(canceled.status, 200);
    assert.equal(obj(canceled.json)['status'], 'canceled');
    const retried = await h.api(`${h.project}/pipelines/${pipeline.id}/retry`, { method: 'POST' });
    assert.equal(retried.status, 201);
    assert.equal(obj(retried.json)['status'], 'pending');
    const all = list((await h.api(`${h.project}/pipelines/${pipeline.id}/jobs?include_retried=true&per_page=100`)).json);
    assert.equal(all.filter((j) => j['name'] === 'lint').length, 2);
  });

  it('filters by source and ref, and keeps MR pipelines off a branch ref', async () => {
    h.demo.start('mr');
    h.demo.start('dev');
    const mr = list((await h.api(`${h.project}/pipelines?source=merge_request_event`)).json);
    const dev = list((await h.api(`${h.project}/pipelines?ref=dev`)).json);
    const feature = list((await h.api(`${h.project}/pipelines?ref=feature/faster-checkout`)).json);
    assert.deepEqual(mr.map((p) => p['ref']), ['refs/merge-requests/1/head']);
    assert.deepEqual(dev.map((p) => p['ref']), ['dev']);
    assert.equal(feature.length, 0);
  });

  it('sorts newest first by default and ascending on request', async () => {
    const a = h.demo.start('dev');
    const b = h.demo.start('dev');
    const desc = list((await h.api(`${h.project}/pipelines`)).json).map((p) => p['id']);
    const asc = list((await h.api(`${h.project}/pipelines?sort=asc`)).json).map((p) => p['id']);
    assert.deepEqual(desc, [b.id, a.id]);
    assert.deepEqual(asc, [a.id, b.id]);
  });

  it('gives the latest pipeline of a branch head, and 403 when there is none', async () => {
    h.demo.start('master');
    const second = h.demo.start('master');
    const latest = obj((await h.api(`${h.project}/pipelines/latest?ref=master`)).json);
    const none = await h.api(`${h.project}/pipelines/latest?ref=dev`);
    assert.equal(latest['id'], second.id);
    assert.ok('detailed_status' in latest);
    assert.equal(none.status, 403);
  });

  it('answers "404 Not found" for an unknown pipeline and 400 for a non-numeric id', async () => {
    const missing = await h.api(`${h.project}/pipelines/999`);
    const bad = await h.api(`${h.project}/pipelines/abc/jobs`);
    assert.deepEqual(missing.json, { message: '404 Not found' });
    assert.deepEqual(bad.json, { error: 'pipeline_id is invalid' });
  });
});
