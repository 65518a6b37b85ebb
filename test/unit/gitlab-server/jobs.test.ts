import * as assert from 'node:assert/strict';
import type { Harness } from './support';
import { list, obj, withDemoEachTest } from './support';

describe('fake GitLab: jobs', () => {
  let h: Harness;
  withDemoEachTest((started) => (h = started));

  it('plays a manual job (200) with job variables, and refuses a job that is not manual (400)', async () => {
    const pipeline = h.demo.start('dev');
    h.server.advance(120_000);
    const canary = h.jobNamed(pipeline.id, 'deploy-canary');
    const lint = h.jobNamed(pipeline.id, 'lint');
    const played = await h.api(`${h.project}/jobs/${canary.id}/play`, { method: 'POST', body: { job_variables_attributes: [{ key: 'TRAFFIC', value: '5' }] } });
    assert.equal(played.status, 200);
    assert.equal(obj(played.json)['status'], 'pending');
    assert.deepEqual(canary.jobVariables, [{ key: 'TRAFFIC', value: '5' }]);
    const again = await h.api(`${h.project}/jobs/${canary.id}/play`, { method: 'POST' });
    const notManual = await h.api(`${h.project}/jobs/${lint.id}/play`, { method: 'POST' });
    assert.deepEqual([again.status, notManual.status], [400, 400]);
    assert.deepEqual(notManual.json, { message: '400 Bad request - Unplayable Job' });
  });

  it('forbids playing to a user without the role (403)', async () => {
    const pipeline = h.demo.start('dev');
    h.server.advance(120_000);
    const canary = h.jobNamed(pipeline.id, 'deploy-canary');
    const guest = await h.api(`${h.project}/jobs/${canary.id}/play`, { method: 'POST', token: h.demo.tokens.guest });
    assert.equal(guest.status, 403);
    assert.equal(canary.status, 'manual');
  });

  it('retries a finished job as a new job (201) and hides the old one unless include_retried', async () => {
    const pipeline = h.demo.start('master');
    h.server.advance(30_000);
    const lint = h.jobNamed(pipeline.id, 'lint');
    const retried = await h.api(`${h.project}/jobs/${lint.id}/retry`, { method: 'POST' });
    assert.equal(retried.status, 201);
    const fresh = obj(retried.json);
    assert.notEqual(fresh['id'], lint.id);
    assert.equal(fresh['name'], 'lint');
    const visible = list((await h.api(`${h.project}/pipelines/${pipeline.id}/jobs?per_page=100`)).json).filter((j) => j['name'] === 'lint');
    const all = list((await h.api(`${h.project}/pipelines/${pipeline.id}/jobs?per_page=100&include_retried=true`)).json).filter((j) => j['name'] === 'lint');
    assert.deepEqual(visible.map((j) => j['id']), [fresh['id']]);
    assert.equal(all.length, 2);
  });

  it('refuses to retry a running job with 403 "Job is not retryable"', async () => {
    const pipeline = h.demo.start('master');
    h.server.advance(3000);
    const running = h.jobNamed(pipeline.id, 'unit-tests');
    const answer = await h.api(`${h.project}/jobs/${running.id}/retry`, { method: 'POST' });
    assert.equal(answer.status, 403);
    assert.deepEqual(answer.json, { message: '403 Forbidden - Job is not retryable' });
  });

  it('cancels a running job (201) and the pipeline follows', async () => {
    const pipeline = h.demo.start('master');
    h.server.advance(3000);
    const running = h.jobNamed(pipeline.id, 'unit-tests');
    const answer = await h.api(`${h.project}/jobs/${running.id}/cancel`, { method: 'POST' });
    assert.equal(answer.status, 201);
    assert.equal(obj(answer.json)['status'], 'canceled');
    h.server.advance(30_000);
    assert.equal(h.jobNamed(pipeline.id, 'image').status, 'skipped');
    assert.equal(obj((await h.api(`${h.project}/pipelines/${pipeline.id}`)).json)['status'], 'canceled');
  });

  it('serves the whole trace as text/plain: empty before start, growing while running', async () => {
    const pipeline = h.demo.start('master');
    h.server.tick();
    const job = h.jobNamed(pipeline.id, 'unit-tests');
    const before = await h.api(`${h.project}/jobs/${job.id}/trace`);
    assert.equal(before.status, 200);
    assert.equal(before.text, '');
    assert.match(before.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(before.headers.get('content-disposition'), `infile; filename="${job.id}.log"`);
    h.server.advance(5000);
    const early = (await h.api(`${h.project}/jobs/${job.id}/trace`)).text;
    h.server.advance(10_000);
    const later = (await h.api(`${h.project}/jobs/${job.id}/trace`)).text;
    assert.ok(early.length > 0);
    assert.ok(later.startsWith(early) && later.length > early.length, 'the log grows by appending');
    assert.match(later, /section_start:\d+:prepare_executor/);
    assert.ok(later.includes(':prepare_executor\r\u001b[0K'), 'section markers are followed by an erase-line sequence');
    assert.ok(later.includes('\u001b[32;1m$ npm test'), 'commands are printed in bold green');
    h.server.advance(20_000);
    const done = (await h.api(`${h.project}/jobs/${job.id}/trace`)).text;
    assert.match(done, /section_end:\d+:step_script/);
    assert.match(done, /Job succeeded/);
  });

  it('lets a test set a status or append to a log directly', async () => {
    const { setJobStatus, appendLog } = await import('../../gitlab-server');
    const pipeline = h.demo.start('master');
    h.server.tick();
    const job = h.jobNamed(pipeline.id, 'lint');
    setJobStatus(h.server.state, job, 'failed');
    appendLog(h.server.state, job, 'extra line\n');
    const answer = obj((await h.api(`${h.project}/jobs/${job.id}`)).json);
    assert.equal(answer['status'], 'failed');
    assert.equal(answer['failure_reason'], 'script_failure');
    assert.equal((await h.api(`${h.project}/jobs/${job.id}/trace`)).text, 'extra line\n');
  });

  it('answers "404 Not found" for an unknown job and for a bridge on the build routes', async () => {
    const pipeline = h.demo.start('dev');
    const bridge = h.jobNamed(pipeline.id, 'integration-tests');
    assert.deepEqual((await h.api(`${h.project}/jobs/99999`)).json, { message: '404 Not found' });
    assert.equal((await h.api(`${h.project}/jobs/${bridge.id}`)).status, 404);
  });
});
