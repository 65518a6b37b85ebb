import * as assert from 'node:assert/strict';
import { FindingsWatcher, lanePlan } from '../../../../src/core/findings/findingsWatcher';
import { diagnosticPipelines, findingDiagnostics, findingNodesFor } from '../../../../src/core/findings/findingsView';
import type { GitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import type { RequestEvent } from '../../../../src/core/gitlab/transport';
import { buildLanes, branchSearchTerms } from '../../../../src/core/lanes/lanes';
import type { RepoTarget } from '../../../../src/core/lanes/laneStore';
import { LaneStore } from '../../../../src/core/lanes/laneStore';
import type { RepoSnapshot } from '../../../../src/core/lanes/snapshot';
import type { DemoScenario, GitLabServer, Job, Pipeline } from '../../../gitlab-server';
import { buildDemoScenario, CODE_QUALITY_FILE, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKENS, FakeClock, FakeGitLabState, failUnitTests, startGitLabServer } from '../../../gitlab-server';

/** Files of the sample workspace the demo's findings point at (test/fixtures/workspace). */
const WORKING_TREE = new Set(['src/checkout.ts', 'test/checkout.test.ts']);
const present = (p: string): boolean => WORKING_TREE.has(p);

describe('findings against the local GitLab-compatible server', () => {
  let server: GitLabServer;
  let demo: DemoScenario;
  let events: RequestEvent[];
  let repo: RepoTarget;
  let gitlab: GitbeakerApi;
  let store: LaneStore;
  let watcher: FindingsWatcher;

  beforeEach(async () => {
    const clock = new FakeClock();
    const state = new FakeGitLabState(clock);
    demo = buildDemoScenario(state);
    server = await startGitLabServer({ clock, state });
    events = [];
    const api = createGitbeakerApi({ instance: instanceFromUrl(server.url), token: DEMO_TOKENS.developer, onRequest: (e) => events.push(e), timeoutMs: 5000 });
    const names = new Set<string>();
    for (const term of branchSearchTerms({})) for (const b of (await api.branches(DEMO_PROJECT_PATH, { search: term })).data) names.add(b.name);
    const lanes = buildLanes({}, { projectBranches: [...names], defaultBranch: 'master', currentBranch: DEMO_FEATURE_BRANCH });
    repo = { repoKey: 'demo', projectPath: DEMO_PROJECT_PATH, api, lanes };
    gitlab = api;
    store = new LaneStore();
    watcher = new FindingsWatcher();
  });
  afterEach(async () => {
    await server.close();
  });

  const jobIn = (pipeline: Pipeline, name: string): Job => {
    const job = server.state.findJob(pipeline, name);
    if (!job) throw new Error(`no job ${name}`);
    return job;
  };

  /** One lanes refresh, then the findings update it triggers; returns the snapshot and the findings requests it made. */
  async function refresh(): Promise<{ snapshot: RepoSnapshot; findingRequests: string[] }> {
    const result = await store.refresh([repo]);
    const snapshot = result.snapshots[0]!;
    const from = events.length;
    await watcher.update({ snapshot, api: gitlab, definitionOf: () => undefined });
    return { snapshot, findingRequests: events.slice(from).map((e) => e.path) };
  }

  const mrFindings = () => watcher.findings('demo').get('mr');

  it('shows failed tests under their job and places them and code-quality findings at their file and line', async () => {
    const mr = demo.start('mr');
    failUnitTests(server.state, mr);
    server.advance(300_000);
    const { snapshot, findingRequests } = await refresh();
    assert.deepEqual(findingRequests.map((p) => p.replace(/^.*\/(pipelines|jobs)\//, '$1/')).sort(), [`jobs/${jobIn(mr, 'lint').id}/artifacts/${CODE_QUALITY_FILE}`, `pipelines/${mr.id}/test_report`]);
    const findings = mrFindings();
    assert.ok(findings);
    const unit = findings.jobs.find((j) => j.jobName === 'unit-tests');
    assert.deepEqual(unit?.failedTests.map((t) => [t.name, t.status, t.place?.path, t.place?.line]), [
      ['price service answers within 200 ms', 'error', undefined, undefined],
      ['checkout batches stock checks into one request', 'failed', 'test/checkout.test.ts', 13],
    ]);
    const diagnostics = findingDiagnostics(diagnosticPipelines(snapshot, watcher.findings('demo'), DEMO_FEATURE_BRANCH), { headSha: mr.sha, present });
    assert.deepEqual(diagnostics.map((d) => [d.path, d.line, d.severity, d.code, d.source]).sort(), [
      ['src/checkout.ts', 20, 'information', 'no-unused-vars', 'GitLab CI'],
      ['src/checkout.ts', 8, 'warning', 'complexity', 'GitLab CI'],
      ['test/checkout.test.ts', 12, 'error', 'test-failed', 'GitLab CI'],
    ]);
    assert.ok(diagnostics.every((d) => d.target === `${server.url}/${DEMO_PROJECT_PATH}/-/jobs/${d.code.startsWith('test') ? unit?.jobId : jobIn(mr, 'lint').id}`), JSON.stringify(diagnostics.map((d) => d.target)));
    assert.ok(diagnostics.every((d) => !d.message.includes('found on')));
    const nodes = findingNodesFor(watcher.findings('demo'), unit.jobId, 'job', { present });
    assert.deepEqual(nodes.map((n) => n.label), ['price service answers within 200 ms', 'checkout batches stock checks into one request']);
    assert.match(nodes[1]!.description ?? '', /test\/checkout\.test\.ts:13 · AssertionError/);
  });

  it('lists a finding whose file is gone from the working tree under its job, with no diagnostic there', async () => {
    const mr = demo.start('mr');
    server.advance(300_000);
    const { snapshot } = await refresh();
    const diagnostics = findingDiagnostics(diagnosticPipelines(snapshot, watcher.findings('demo'), DEMO_FEATURE_BRANCH), { present });
    assert.ok(!diagnostics.some((d) => d.path === 'src/legacy/cart.ts'));
    const gone = findingNodesFor(watcher.findings('demo'), jobIn(mr, 'lint').id, 'job', { present }).filter((n) => n.contextValue.includes('finding-gone'));
    assert.deepEqual(gone.map((n) => n.label), ['src/legacy/cart.ts:40']);
  });

  it('says which commit the findings were found on once the working tree moved on', async () => {
    const mr = demo.start('mr');
    server.advance(300_000);
    const { snapshot } = await refresh();
    const moved = findingDiagnostics(diagnosticPipelines(snapshot, watcher.findings('demo'), DEMO_FEATURE_BRANCH), { headSha: 'f'.repeat(40), present });
    assert.ok(moved.length > 0 && moved.every((d) => d.message.endsWith(`(found on ${mr.sha.slice(0, 7)}; lines may have shifted)`)), moved[0]?.message);
  });

  it('reads nothing while the pipeline runs or rests unchanged: no request beyond the lanes\' own at rest', async () => {
    const mr = demo.start('mr');
    server.advance(5_000);
    assert.deepEqual((await refresh()).findingRequests, [], 'a running pipeline is not read');
    server.advance(300_000);
    assert.equal((await refresh()).findingRequests.length, 2, 'read once when it comes to rest');
    for (let i = 0; i < 3; i++) {
      server.advance(30_000);
      assert.deepEqual((await refresh()).findingRequests, [], `poll ${i + 1} at rest`);
    }
    assert.equal(watcher.reads, 1);
    assert.equal(mrFindings()?.pipelineId, mr.id);
  });

  it('clears findings a newer pipeline of the lane no longer reports, and keeps the old ones while it runs', async () => {
    const first = demo.start('mr');
    failUnitTests(server.state, first);
    server.advance(300_000);
    await refresh();
    assert.equal(mrFindings()?.jobs.find((j) => j.jobName === 'unit-tests')?.failedCount, 2);
    const second = demo.start('mr', { commit: 'Batch stock checks for real' });
    server.advance(5_000);
    await refresh();
    assert.equal(mrFindings()?.pipelineId, first.id, 'kept while the new pipeline runs');
    server.advance(300_000);
    await refresh();
    assert.equal(mrFindings()?.pipelineId, second.id);
    assert.equal(mrFindings()?.jobs.find((j) => j.jobName === 'unit-tests'), undefined, 'the fixed tests are gone');
  });

  it('does not read a 50 MB report whole: cut at the cap, connection dropped, "too large" in the tree', async () => {
    const mr = demo.start('mr');
    server.advance(300_000);
    jobIn(mr, 'lint').outputs = { files: { [CODE_QUALITY_FILE]: { fill: '{"description":"x","location":{"path":"a"}},', bytes: 50 * 1024 * 1024 } } };
    await refresh();
    const lint = mrFindings()?.jobs.find((j) => j.jobName === 'lint');
    assert.deepEqual(lint?.problems, [`Code quality report ${CODE_QUALITY_FILE} too large (over 5 MiB): not read`]);
    const served = server.requests.entries().find((e) => e.path.endsWith(`/artifacts/${CODE_QUALITY_FILE}`));
    assert.ok(served && served.bytes < 16 * 1024 * 1024, `the server handed ${served?.bytes} of 52428800 bytes to the socket`);
    const nodes = findingNodesFor(watcher.findings('demo'), lint.jobId, 'job', { present });
    assert.match(nodes.map((n) => n.label).join('\n'), /too large/);
  });

  it('gives one clear message for a malformed report and for a JUnit file GitLab could not parse', async () => {
    const mr = demo.start('mr');
    server.advance(300_000);
    jobIn(mr, 'lint').outputs = { files: { [CODE_QUALITY_FILE]: '[{"description": "cut' } };
    jobIn(mr, 'unit-tests').outputs = { suiteError: 'JUnit XML parsing failed: 1:1: FATAL: Document is empty' };
    await refresh();
    const problems = mrFindings()?.jobs.flatMap((j) => j.problems);
    assert.deepEqual(problems, [
      `Code quality report ${CODE_QUALITY_FILE} is not valid JSON`,
      'Test report of unit-tests could not be parsed by GitLab: JUnit XML parsing failed: 1:1: FATAL: Document is empty',
    ]);
  });

  it('reads nothing for a pipeline without reports, and treats a web page as the adapter does', async () => {
    const mr = demo.start('mr');
    for (const name of ['lint', 'unit-tests']) delete jobIn(mr, name).outputs;
    server.advance(300_000);
    const { findingRequests } = await refresh();
    assert.deepEqual(findingRequests.map((p) => p.replace(/^.*\/pipelines\//, '')), [`${mr.id}/test_report`]);
    assert.deepEqual(mrFindings()?.jobs, []);
    const again = demo.start('mr', { commit: 'Another' });
    server.advance(300_000);
    server.faults.answer({ match: '/test_report', status: 200, headers: { 'Content-Type': 'text/html' }, body: '<!doctype html><html>Sign in</html>' });
    await refresh();
    assert.equal(mrFindings()?.pipelineId, again.id);
    assert.match(mrFindings()?.problems[0] ?? '', /^Test report could not be read: .*web page/);
  });

  it('plans lanes by the table: clear without a pipeline or on another branch, keep while running', () => {
    const lane = { lane: { id: 'mr', kind: 'mr', title: 'MR', branch: 'a' } } as const;
    assert.equal(lanePlan(lane, { key: '1:success', branch: 'a' }), 'clear');
    assert.equal(lanePlan(lane, undefined), 'keep');
  });
});
