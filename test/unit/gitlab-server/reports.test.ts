import * as assert from 'node:assert/strict';
import { CODE_QUALITY_FILE, DEMO_CODE_QUALITY, failUnitTests } from '../../gitlab-server';
import type { Harness } from './support';
import { list, obj, withDemoEachTest } from './support';

describe('fake GitLab: test reports and artifact files', () => {
  let h: Harness;
  withDemoEachTest((started) => (h = started));

  it('lists a finished job\'s artifacts in the job entity (archive for files, junit for a report), none before it ends', async () => {
    const pipeline = h.demo.start('master');
    const lint = h.jobNamed(pipeline.id, 'lint');
    assert.deepEqual(obj((await h.api(`${h.project}/jobs/${lint.id}`)).json)['artifacts'], []);
    h.server.advance(60_000);
    const types = (name: string) => h.api(`${h.project}/jobs/${h.jobNamed(pipeline.id, name).id}`).then((a) => list(obj(a.json)['artifacts']).map((x) => x['file_type']));
    assert.deepEqual(await types('lint'), ['archive', 'metadata']);
    assert.deepEqual(await types('unit-tests'), ['junit']);
    assert.deepEqual(await types('compile'), []);
  });

  it('serves one file of the archive as Workhorse does, with its content type and no ETag', async () => {
    const pipeline = h.demo.start('master');
    h.server.advance(60_000);
    const lint = h.jobNamed(pipeline.id, 'lint');
    const answer = await h.api(`${h.project}/jobs/${lint.id}/artifacts/${CODE_QUALITY_FILE}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.text, DEMO_CODE_QUALITY);
    assert.equal(answer.headers.get('content-type'), 'application/json');
    assert.equal(answer.headers.get('content-disposition'), `attachment; filename="${CODE_QUALITY_FILE}"`);
    assert.equal(answer.headers.get('etag'), null);
  });

  it('answers 404 JSON for a job without artifacts, 404 text for a missing file, 400 for a path that climbs out', async () => {
    const pipeline = h.demo.start('master');
    h.server.advance(60_000);
    const compile = await h.api(`${h.project}/jobs/${h.jobNamed(pipeline.id, 'compile').id}/artifacts/${CODE_QUALITY_FILE}`);
    assert.deepEqual([compile.status, compile.json], [404, { message: '404 Not found' }]);
    const lintId = h.jobNamed(pipeline.id, 'lint').id;
    const missing = await h.api(`${h.project}/jobs/${lintId}/artifacts/reports/none.json`);
    assert.deepEqual([missing.status, missing.text, missing.headers.get('content-type')], [404, '404 page not found\n', 'text/plain; charset=utf-8']);
    const climbing = await h.api(`${h.project}/jobs/${lintId}/artifacts/a%2F..%2Fb.json`);
    assert.equal(climbing.status, 400);
    const noJob = await h.api(`${h.project}/jobs/999999/artifacts/${CODE_QUALITY_FILE}`);
    assert.equal(noJob.status, 404);
  });

  it('builds the pipeline test report from its jobs\' JUnit reports, one suite per job, failures first', async () => {
    const pipeline = h.demo.start('mr');
    failUnitTests(h.server.state, pipeline);
    h.server.advance(60_000);
    const report = obj((await h.api(`${h.project}/pipelines/${pipeline.id}/test_report`)).json);
    assert.deepEqual([report['total_count'], report['failed_count'], report['error_count'], report['success_count']], [4, 1, 1, 2]);
    const suites = list(report['test_suites']);
    assert.deepEqual(suites.map((s) => s['name']), ['unit-tests']);
    const cases = list(suites[0]!['test_cases']);
    assert.deepEqual(cases.map((c) => c['status']), ['error', 'failed', 'success', 'success']);
    assert.equal(cases[1]!['file'], './test/checkout.test.ts');
    assert.match(String(cases[1]!['stack_trace']), /checkout\.test\.ts:13:5/);
    assert.deepEqual(Object.keys(cases[0]!).sort(), ['classname', 'execution_time', 'file', 'name', 'recent_failures', 'stack_trace', 'status', 'system_output']);
  });

  it('answers an empty test report for a pipeline without one, and 404 for a pipeline of no project', async () => {
    const pipeline = h.demo.start('master');
    const empty = obj((await h.api(`${h.project}/pipelines/${pipeline.id}/test_report`)).json);
    assert.deepEqual([empty['total_count'], empty['test_suites']], [0, []]);
    const none = await h.api(`${h.project}/pipelines/999999/test_report`);
    assert.deepEqual([none.status, none.json], [404, { message: '404 Not found' }]);
  });

  it('streams a 50 MB file only as fast as the client reads, and stops when it hangs up', async () => {
    const pipeline = h.demo.start('master');
    h.server.advance(60_000);
    const lint = h.jobNamed(pipeline.id, 'lint');
    lint.outputs = { files: { [CODE_QUALITY_FILE]: { fill: '[{"description":"x"},', bytes: 50 * 1024 * 1024 } } };
    const controller = new AbortController();
    const response = await fetch(`${h.server.apiUrl}${h.project}/jobs/${lint.id}/artifacts/${CODE_QUALITY_FILE}`, { headers: { 'PRIVATE-TOKEN': h.demo.tokens.developer }, signal: controller.signal });
    assert.equal(response.headers.get('content-length'), String(50 * 1024 * 1024));
    const reader = response.body?.getReader();
    const first: { value?: Uint8Array } | undefined = await reader?.read();
    assert.ok(first?.value !== undefined && first.value.byteLength > 0);
    controller.abort();
    await reader?.cancel().catch(() => undefined);
    const logged = h.server.requests.entries().find((e) => e.path.endsWith(`/artifacts/${CODE_QUALITY_FILE}`));
    assert.ok(logged && logged.bytes < 16 * 1024 * 1024, `the server handed ${logged?.bytes} bytes to the socket`);
  });
});
