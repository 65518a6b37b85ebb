import * as assert from 'node:assert/strict';
import type { Harness } from './support';
import { list, obj, withDemoEachTest } from './support';

describe('fake GitLab: CI lint and merge requests', () => {
  let h: Harness;
  withDemoEachTest((started) => (h = started));

  const lint = (body: Record<string, unknown>): ReturnType<Harness['api']> => h.api(`${h.project}/ci/lint`, { method: 'POST', body });

  it('answers 200 with valid, errors, warnings, merged_yaml and includes', async () => {
    const answer = await lint({ content: 'stages: [build]\ncompile:\n  stage: build\n  script: make\n', dry_run: true, ref: 'dev', include_jobs: true });
    assert.equal(answer.status, 200);
    const result = obj(answer.json);
    assert.equal(result['valid'], true);
    assert.deepEqual(result['errors'], []);
    assert.deepEqual(result['warnings'], []);
    assert.match(String(result['merged_yaml']), /compile:/);
    assert.deepEqual(result['includes'], []);
    assert.equal(list(result['jobs'])[0]?.['name'], 'compile');
  });

  it('reports an unknown stage in GitLab wording', async () => {
    const result = obj((await lint({ content: 'stages: [build]\ndeploy:\n  stage: deploy\n  script: make\n' })).json);
    assert.equal(result['valid'], false);
    assert.deepEqual(result['errors'], ['deploy job: chosen stage does not exist; available stages are .pre, build, .post']);
  });

  it('reports YAML syntax errors and configs without jobs', async () => {
    const syntax = obj((await lint({ content: 'stages: [build\n' })).json);
    const empty = obj((await lint({ content: 'stages: [build]\n' })).json);
    assert.equal(syntax['valid'], false);
    assert.match(String((syntax['errors'] as unknown[])[0]), /^\(<unknown>\): /);
    assert.equal(syntax['merged_yaml'], null);
    assert.deepEqual(empty['errors'], ['jobs config should contain at least one visible job']);
  });

  it('lints the project CI file on GET', async () => {
    const result = obj((await h.api(`${h.project}/ci/lint`)).json);
    assert.equal(result['valid'], true);
    const missing = await h.api(`${h.project}/ci/lint?content_ref=nope`);
    assert.deepEqual(missing.json, { message: '404 Commit Not Found' });
  });

  it('finds the open merge request of a branch and its head pipeline', async () => {
    const pipeline = h.demo.start('mr');
    const found = list((await h.api(`${h.project}/merge_requests?source_branch=feature/faster-checkout&state=opened`)).json);
    const none = list((await h.api(`${h.project}/merge_requests?source_branch=dev&state=opened`)).json);
    assert.deepEqual(found.map((m) => m['iid']), [1]);
    assert.equal(none.length, 0);
    const detail = obj((await h.api(`${h.project}/merge_requests/1`)).json);
    assert.equal(obj(detail['head_pipeline'])['id'], pipeline.id);
    const bad = await h.api(`${h.project}/merge_requests?state=open`);
    assert.deepEqual(bad.json, { error: 'state does not have a valid value' });
  });

  it('lists and creates merge request pipelines', async () => {
    const createdAnswer = await h.api(`${h.project}/merge_requests/1/pipelines`, { method: 'POST' });
    assert.equal(createdAnswer.status, 201);
    const pipeline = obj(createdAnswer.json);
    assert.equal(pipeline['ref'], 'refs/merge-requests/1/head');
    assert.equal(pipeline['source'], 'merge_request_event');
    const listed = list((await h.api(`${h.project}/merge_requests/1/pipelines`)).json);
    assert.deepEqual(listed.map((p) => p['id']), [pipeline['id']]);
    assert.deepEqual((await h.api(`${h.project}/merge_requests/42`)).json, { message: '404 Not found' });
  });
});
