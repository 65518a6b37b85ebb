import * as assert from 'node:assert/strict';
import type { ReadResult } from '../../../../src/core/gitlab/client';
import { ForbiddenError, NetworkError, ServerError, UnauthorizedError } from '../../../../src/core/gitlab/errors';
import type { TreeNode } from '../../../../src/core/lanes/treeModel';
import { buildTree } from '../../../../src/core/lanes/treeModel';
import type { Bridge, Job, MergeRequest, Pipeline, PipelineBasic } from '../../../../src/core/gitlab/models';
import type { LaneSpec } from '../../../../src/core/lanes/lanes';
import type { RepoTarget, SnapshotApi } from '../../../../src/core/lanes/laneStore';
import { LaneStore } from '../../../../src/core/lanes/laneStore';
import { bridge, job, mergeRequest, pipeline, pipelineBasic, read } from '../../../support/gitlabPayloads';

/** A scripted GitLab: pipelines per ref, MRs per branch, jobs per pipeline; records every call. */
class FakeGitLab implements SnapshotApi {
  calls: string[] = [];
  unchanged = false;
  failWith: Error | undefined;
  branchPipelines = new Map<string, PipelineBasic[]>();
  mrs = new Map<string, MergeRequest[]>();
  mrPipelineLists = new Map<number, PipelineBasic[]>();
  details = new Map<number, Pipeline>();
  jobs = new Map<number, Job[]>();
  bridges = new Map<number, Bridge[]>();

  private answer<T>(call: string, data: T): Promise<ReadResult<T>> {
    this.calls.push(call);
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve(read(data, this.unchanged));
  }

  mergeRequestsForBranch(_p: number | string, branch: string): Promise<ReadResult<MergeRequest[]>> {
    return this.answer(`mrs ${branch}`, this.mrs.get(branch) ?? []);
  }
  mrPipelines(_p: number | string, iid: number): Promise<ReadResult<PipelineBasic[]>> {
    return this.answer(`mrPipelines ${iid}`, this.mrPipelineLists.get(iid) ?? []);
  }
  pipelines(_p: number | string, filter: { ref?: string } = {}): Promise<ReadResult<PipelineBasic[]>> {
    return this.answer(`pipelines ${filter.ref ?? ''}`, this.branchPipelines.get(filter.ref ?? '') ?? []);
  }
  pipeline(_p: number | string, id: number): Promise<ReadResult<Pipeline>> {
    return this.answer(`pipeline ${id}`, this.details.get(id) ?? pipeline(id));
  }
  pipelineJobs(_p: number | string, id: number): Promise<ReadResult<Job[]>> {
    return this.answer(`jobs ${id}`, this.jobs.get(id) ?? []);
  }
  pipelineBridges(_p: number | string, id: number): Promise<ReadResult<Bridge[]>> {
    return this.answer(`bridges ${id}`, this.bridges.get(id) ?? []);
  }

  /** A finished pipeline on `ref` with one build job. */
  addBranchPipeline(ref: string, id: number, status: PipelineBasic['status'] = 'success'): void {
    this.branchPipelines.set(ref, [pipelineBasic(id, { ref, status })]);
    this.details.set(id, pipeline(id, { ref, status }));
    this.jobs.set(id, [job(id * 10, 'compile', 'build', status === 'running' ? 'running' : 'success')]);
  }
}

const LANES: LaneSpec[] = [
  { id: 'mr', kind: 'mr', title: 'Merge request', branch: 'feature/x' },
  { id: 'dev', kind: 'branch', title: 'dev', branch: 'dev' },
  { id: 'master', kind: 'branch', title: 'master', branch: 'master' },
];

function target(api: SnapshotApi, lanes: LaneSpec[] = LANES, repoKey = 'repo-a'): RepoTarget {
  return { repoKey, projectPath: 'g/p', api, lanes };
}

describe('LaneStore', () => {
  let gitlab: FakeGitLab;
  beforeEach(() => {
    gitlab = new FakeGitLab();
    gitlab.addBranchPipeline('dev', 200);
    gitlab.addBranchPipeline('master', 100);
  });

  it('shows the latest pipeline of the open MR in the MR lane', async () => {
    gitlab.mrs.set('feature/x', [mergeRequest(7, 'feature/x')]);
    gitlab.mrPipelineLists.set(7, [pipelineBasic(300, { ref: 'refs/merge-requests/7/head', status: 'running', source: 'merge_request_event' })]);
    const result = await new LaneStore().refresh([target(gitlab)]);
    const mrLane = result.snapshots[0]!.lanes[0]!;
    assert.equal(mrLane.source, 'merge-request');
    assert.equal(mrLane.mergeRequest?.iid, 7);
    assert.equal(mrLane.pipeline?.pipeline.id, 300);
    assert.deepEqual(result.snapshots[0]!.lanes.map((l) => l.pipeline?.pipeline.id), [300, 200, 100]);
  });

  it('falls back to the branch pipeline when the branch has no MR', async () => {
    gitlab.addBranchPipeline('feature/x', 310);
    const lane = (await new LaneStore().refresh([target(gitlab)])).snapshots[0]!.lanes[0]!;
    assert.equal(lane.source, 'branch');
    assert.equal(lane.mergeRequest, undefined);
    assert.equal(lane.pipeline?.pipeline.id, 310);
  });

  it('falls back to the branch pipeline when the MR has no pipeline, keeping the MR', async () => {
    gitlab.mrs.set('feature/x', [mergeRequest(8, 'feature/x')]);
    gitlab.addBranchPipeline('feature/x', 311);
    const lane = (await new LaneStore().refresh([target(gitlab)])).snapshots[0]!.lanes[0]!;
    assert.equal(lane.source, 'branch');
    assert.equal(lane.mergeRequest?.iid, 8);
    assert.equal(lane.pipeline?.pipeline.id, 311);
  });

  it('leaves a lane without pipeline when there is none, and without branch when it has none', async () => {
    const lanes: LaneSpec[] = [{ id: 'mr', kind: 'mr', title: 'Merge request', branch: undefined }, LANES[1]!, { id: 'master', kind: 'branch', title: 'master', branch: 'nothing-here' }];
    const snapshot = (await new LaneStore().refresh([target(gitlab, lanes)])).snapshots[0]!;
    assert.equal(snapshot.lanes[0]!.pipeline, undefined);
    assert.equal(snapshot.lanes[2]!.pipeline, undefined);
    assert.ok(!gitlab.calls.some((c) => c.startsWith('mrs')), 'no MR lookup without a branch');
  });

  it('fetches nothing twice in one refresh, even when lanes share a branch', async () => {
    const lanes: LaneSpec[] = [{ id: 'mr', kind: 'mr', title: 'Merge request', branch: 'dev' }, LANES[1]!, LANES[2]!];
    const result = await new LaneStore().refresh([target(gitlab, lanes), target(gitlab, lanes, 'repo-b')]);
    assert.equal(new Set(gitlab.calls).size, gitlab.calls.length, gitlab.calls.join(', '));
    assert.equal(result.reads, gitlab.calls.length);
  });

  it('reuses the details of a resting pipeline whose list entry did not move', async () => {
    const store = new LaneStore();
    await store.refresh([target(gitlab, [LANES[1]!])]);
    gitlab.calls = [];
    await store.refresh([target(gitlab, [LANES[1]!])]);
    assert.deepEqual(gitlab.calls, ['pipelines dev']);
  });

  it('reloads resting details when forced (after a user action)', async () => {
    const store = new LaneStore();
    await store.refresh([target(gitlab, [LANES[1]!])]);
    gitlab.calls = [];
    await store.refresh([target(gitlab, [LANES[1]!])], { force: true });
    assert.ok(gitlab.calls.includes('jobs 200'), gitlab.calls.join(', '));
  });

  it('reloads the details while a pipeline is active', async () => {
    gitlab.addBranchPipeline('dev', 201, 'running');
    const store = new LaneStore();
    const first = await store.refresh([target(gitlab, [LANES[1]!])]);
    assert.equal(first.activity, 'active');
    gitlab.calls = [];
    await store.refresh([target(gitlab, [LANES[1]!])]);
    assert.deepEqual(gitlab.calls.sort(), ['bridges 201', 'jobs 201', 'pipeline 201', 'pipelines dev']);
  });

  it('reloads the details when a resting pipeline\'s status moves', async () => {
    const store = new LaneStore();
    await store.refresh([target(gitlab, [LANES[1]!])]);
    gitlab.addBranchPipeline('dev', 200, 'running');
    gitlab.calls = [];
    const second = await store.refresh([target(gitlab, [LANES[1]!])]);
    assert.ok(gitlab.calls.includes('jobs 200'));
    assert.equal(second.snapshots[0]!.lanes[0]!.pipeline?.status, 'running');
  });

  it('nests downstream pipelines under their trigger job', async () => {
    gitlab.bridges.set(200, [bridge(2001, 'deploy-child', 'deploy', pipelineBasic(900, { status: 'running' }), 'running')]);
    gitlab.jobs.set(900, [job(9001, 'child-job', 'test', 'running')]);
    const result = await new LaneStore().refresh([target(gitlab, [LANES[1]!])]);
    const trigger = result.snapshots[0]!.lanes[0]!.pipeline!.stages.flatMap((s) => s.jobs).find((j) => j.kind === 'bridge');
    assert.equal(trigger?.downstream?.pipeline.id, 900);
    assert.equal(trigger?.downstream?.stages[0]?.jobs[0]?.job.name, 'child-job');
    assert.equal(result.activity, 'active');
  });

  it('shows what loaded when a downstream pipeline cannot be read, and marks its trigger job (issue 10)', async () => {
    gitlab.bridges.set(200, [bridge(2001, 'deploy-child', 'deploy', pipelineBasic(900, { status: 'running' }), 'running')]);
    const partial: SnapshotApi = { ...bind(gitlab), pipeline: (p, id) => (id === 900 ? Promise.reject(new ForbiddenError({ host: 'gitlab.example.com' })) : gitlab.pipeline(p, id)) };
    const result = await new LaneStore().refresh([target(partial, [LANES[1]!])]);
    const lane = result.snapshots[0]!.lanes[0]!;
    assert.equal(lane.pipeline?.pipeline.id, 200, 'the lane keeps its own pipeline');
    assert.equal(lane.error, undefined);
    const jobs = lane.pipeline.stages.flatMap((s) => s.jobs);
    assert.ok(jobs.some((j) => j.job.name === 'compile'), 'the jobs that loaded are shown');
    const trigger = jobs.find((j) => j.kind === 'bridge');
    assert.equal(trigger?.downstream, undefined);
    assert.equal(trigger?.downstreamError?.kind, 'forbidden');
    const tree = buildTree({ repos: [{ repoKey: 'r', label: 'r', state: { kind: 'ready', snapshot: result.snapshots[0]! } }] }, Date.parse('2026-11-29T17:10:00Z'));
    const marked = findNode(tree, (n) => n.kind === 'state' && n.label === 'Downstream pipeline #900 could not be loaded');
    assert.ok(marked, 'the trigger job carries a node saying which part did not load');
    assert.ok(!findNode(tree, (n) => n.kind === 'state' && n.label.includes('found nothing')));
  });

  it('shows the lane\'s pipeline from its list entry when its details cannot be read', async () => {
    const partial: SnapshotApi = { ...bind(gitlab), pipelineJobs: () => Promise.reject(new ServerError({ host: 'gitlab.example.com', status: 502 })) };
    const lane = (await new LaneStore().refresh([target(partial, [LANES[1]!])])).snapshots[0]!.lanes[0]!;
    assert.equal(lane.pipeline?.pipeline.id, 200);
    assert.equal(lane.pipeline.status, 'success');
    assert.equal(lane.error?.kind, 'server');
  });

  it('reports when every read came back unchanged (ETag 304 path)', async () => {
    gitlab.addBranchPipeline('dev', 202, 'running');
    const store = new LaneStore();
    const first = await store.refresh([target(gitlab, [LANES[1]!])]);
    gitlab.unchanged = true;
    const second = await store.refresh([target(gitlab, [LANES[1]!])]);
    assert.equal(first.allUnchanged, false);
    assert.equal(second.allUnchanged, true);
  });

  it('keeps the last good data of a lane when a refresh fails, and reports the error', async () => {
    const store = new LaneStore();
    await store.refresh([target(gitlab, [LANES[1]!])]);
    gitlab.failWith = new NetworkError({ host: 'gitlab.example.com', failure: 'refused' });
    const result = await store.refresh([target(gitlab, [LANES[1]!])]);
    const lane = result.snapshots[0]!.lanes[0]!;
    assert.equal(lane.pipeline?.pipeline.id, 200);
    assert.ok(lane.error instanceof NetworkError);
    assert.ok(result.error instanceof NetworkError);
  });

  it('reports the most serious error across lanes', async () => {
    const failing: SnapshotApi = { ...bind(gitlab), pipelines: (_p, filter) => Promise.reject(filter?.ref === 'master' ? new UnauthorizedError({ host: 'h' }) : new NetworkError({ host: 'h', failure: 'reset' })) };
    const result = await new LaneStore().refresh([target(failing, [LANES[1]!, LANES[2]!])]);
    assert.ok(result.error instanceof UnauthorizedError);
  });

  it('lets programming errors through', async () => {
    gitlab.failWith = new TypeError('boom');
    await assert.rejects(new LaneStore().refresh([target(gitlab, [LANES[1]!])]), TypeError);
  });
});

function bind(api: FakeGitLab): SnapshotApi {
  return {
    mergeRequestsForBranch: api.mergeRequestsForBranch.bind(api),
    mrPipelines: api.mrPipelines.bind(api),
    pipelines: api.pipelines.bind(api),
    pipeline: api.pipeline.bind(api),
    pipelineJobs: api.pipelineJobs.bind(api),
    pipelineBridges: api.pipelineBridges.bind(api),
  };
}

function findNode(nodes: readonly TreeNode[], match: (node: TreeNode) => boolean): TreeNode | undefined {
  for (const node of nodes) {
    if (match(node)) return node;
    const inner = findNode(node.children, match);
    if (inner) return inner;
  }
  return undefined;
}
