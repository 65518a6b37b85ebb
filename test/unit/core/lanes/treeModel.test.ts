import * as assert from 'node:assert/strict';
import { NetworkError, ForbiddenError } from '../../../../src/core/gitlab/errors';
import { elapsedSeconds, formatAgo, formatDuration } from '../../../../src/core/lanes/format';
import type { LaneSnapshot, PipelineView, RepoSnapshot } from '../../../../src/core/lanes/snapshot';
import { buildStages } from '../../../../src/core/lanes/snapshot';
import type { TreeNode } from '../../../../src/core/lanes/treeModel';
import { buildTree } from '../../../../src/core/lanes/treeModel';
import { treeActions } from '../../../../src/core/release/gates/treeActions';
import { diffTrees, isEmpty } from '../../../../src/core/lanes/treeDiff';
import { statusBarModel } from '../../../../src/core/lanes/statusBarModel';
import { bridge, job, mergeRequest, pipeline, pipelineBasic } from '../../../support/gitlabPayloads';

const NOW = Date.parse('2026-11-29T17:05:00Z');

function view(id: number, overrides: Partial<PipelineView> = {}): PipelineView {
  const jobs = [job(345, 'compile', 'build'), job(346, 'canary-deploy', 'canary', 'manual'), job(347, 'lint', 'build', 'failed', { allow_failure: true })];
  const stages = buildStages(jobs, []);
  return { pipeline: pipeline(id, { id }), commit: { id: 'a1b2c3d4ee', short_id: 'a1b2c3d4', title: 'Fix login' }, status: 'success', stages, ...overrides };
}

function repo(lanes: LaneSnapshot[], repoKey = 'app'): RepoSnapshot {
  return { repoKey, projectPath: 'g/app', lanes };
}

const devLane = (pipelineView?: PipelineView): LaneSnapshot => ({ lane: { id: 'dev', kind: 'branch', title: 'dev', branch: 'dev' }, source: 'branch', ...(pipelineView ? { pipeline: pipelineView } : {}) });

function find(nodes: readonly TreeNode[], predicate: (n: TreeNode) => boolean): TreeNode | undefined {
  for (const node of nodes) {
    if (predicate(node)) return node;
    const inner = find(node.children, predicate);
    if (inner) return inner;
  }
  return undefined;
}

function single(snapshot: RepoSnapshot, offline?: string): TreeNode[] {
  return buildTree({ repos: [{ repoKey: snapshot.repoKey, label: 'app', state: { kind: 'ready', snapshot } }], actions: treeActions(), ...(offline ? { offline: { message: offline } } : {}) }, NOW);
}

describe('buildTree', () => {
  it('labels a pipeline with id, short SHA, title, author, age and duration', () => {
    const tree = single(repo([devLane(view(1234))]));
    const node = find(tree, (n) => n.kind === 'pipeline');
    assert.equal(node?.label, '#1234 · a1b2c3d4 Fix login · alice · 5 min ago · 2m 10s');
    assert.equal(node?.description, 'Passed');
    assert.deepEqual(node?.icon, { id: 'pass-filled', color: 'testing.iconPassed' });
    assert.equal(node?.id, 'repo:app/lane:dev/pipeline:1234');
    assert.deepEqual(node?.target, { projectId: 42, pipelineId: 1234 });
  });

  it('shows a running pipeline\'s elapsed time from its start', () => {
    const running = view(7, { pipeline: pipeline(7, { status: 'running', duration: null, started_at: '2026-11-29T17:03:55Z' }), status: 'running' });
    assert.match(find(single(repo([devLane(running)])), (n) => n.kind === 'pipeline')!.label, /· 1m 05s$/);
  });

  it('puts lanes at the root for one repository, with stages in order and markers on jobs', () => {
    const tree = single(repo([devLane(view(12))]));
    assert.deepEqual(tree.map((n) => [n.kind, n.label]), [['lane', 'dev']]);
    const stages = tree[0]!.children[0]!.children;
    assert.deepEqual(stages.map((s) => s.label), ['build', 'canary']);
    const lint = find(tree, (n) => n.label === 'lint')!;
    assert.equal(lint.description, 'Failed (allowed to fail) · 30s');
    assert.equal(lint.contextValue, 'job status-failed allowFailure ;retry;open-log;open-in-browser;');
    const canary = find(tree, (n) => n.label === 'canary-deploy')!;
    assert.equal(canary.description, 'Manual');
    assert.match(canary.contextValue, /\bmanual\b/);
    assert.equal(canary.id, 'repo:app/lane:dev/pipeline:12/stage:canary/job:346');
  });

  it('marks retried jobs with their attempt count', () => {
    const stages = buildStages([job(20, 'integration', 'test', 'success'), job(10, 'integration', 'test', 'failed')], []);
    const node = find(single(repo([devLane(view(3, { stages }))])), (n) => n.label === 'integration')!;
    assert.match(node.description ?? '', /retried ×1/);
    assert.match(node.contextValue, /\bretried\b/);
  });

  it('nests a downstream pipeline under its trigger job', () => {
    const child: PipelineView = { pipeline: pipeline(900, { status: 'running' }), status: 'running', stages: buildStages([job(9001, 'child-job', 'test', 'running')], []) };
    const stages = buildStages([], [bridge(50, 'deploy-child', 'deploy', pipelineBasic(900), 'running')], new Map([[900, child]]));
    const trigger = find(single(repo([devLane(view(8, { stages }))])), (n) => n.label === 'deploy-child')!;
    assert.equal(trigger.collapsible, 'expanded');
    assert.equal(trigger.children[0]?.kind, 'pipeline');
    assert.equal(trigger.children[0]?.id, 'repo:app/lane:dev/pipeline:8/stage:deploy/job:50/pipeline:900');
    assert.equal(find(trigger.children, (n) => n.label === 'child-job')?.kind, 'job');
  });

  it('names the MR lane after its merge request and says when it shows the branch pipeline', () => {
    const lane: LaneSnapshot = { lane: { id: 'mr', kind: 'mr', title: 'Merge request', branch: 'feature/x' }, source: 'branch', mergeRequest: mergeRequest(42, 'feature/x'), pipeline: view(5) };
    const node = single(repo([lane]))[0]!;
    assert.equal(node.label, 'Merge request !42');
    assert.equal(node.description, 'feature/x · branch pipeline · Passed');
  });

  it('gives one node per repository in a multi-root workspace', () => {
    const tree = buildTree({
      repos: [
        { repoKey: 'a', label: 'api', state: { kind: 'ready', snapshot: repo([devLane(view(1))], 'a') } },
        { repoKey: 'b', label: 'web', state: { kind: 'no-remote', reason: 'No remote.' } },
      ],
    }, NOW);
    assert.deepEqual(tree.map((n) => [n.kind, n.label, n.id]), [['repo', 'api', 'repo:a'], ['repo', 'web', 'repo:b']]);
    assert.equal(tree[1]!.children[0]?.state, 'no-remote');
  });

  const states: [string, Parameters<typeof buildTree>[0]['repos'][number]['state'], string, RegExp][] = [
    ['signed-out', { kind: 'signed-out', hosts: ['gitlab.example.com'] }, 'Sign in to gitlab.example.com', /personal access token/],
    ['no-remote', { kind: 'no-remote', reason: 'The repository has no remote.' }, 'No GitLab remote in this repository', /set the project path/],
    ['no-access', { kind: 'no-access', projectPath: 'g/secret', message: new ForbiddenError({ host: 'h' }).message }, 'No access to g/secret', /role in the project/],
  ];
  for (const [state, input, label, hint] of states) {
    it(`explains the ${state} state with a next step`, () => {
      const [node] = buildTree({ repos: [{ repoKey: 'r', label: 'r', state: input }] }, NOW);
      assert.equal(node?.state, state);
      assert.equal(node?.label, label);
      assert.match(node?.tooltip ?? '', hint);
      assert.match(node?.contextValue ?? '', new RegExp(`state-${state}`));
    });
  }

  it('explains lanes without pipeline or without branch', () => {
    const lanes: LaneSnapshot[] = [
      { lane: { id: 'mr', kind: 'mr', title: 'Merge request', branch: undefined } },
      devLane(),
      { lane: { id: 'master', kind: 'branch', title: 'master', branch: undefined, lookedFor: ['master', 'main'] } },
    ];
    const tree = single(repo(lanes));
    assert.deepEqual(tree.map((l) => l.children[0]?.state), ['no-branch', 'no-pipeline', 'no-branch']);
    assert.equal(tree[1]!.children[0]!.label, 'No pipeline for dev yet');
    assert.match(tree[2]!.children[0]!.tooltip ?? '', /master, main/);
  });

  it('keeps the last known pipeline of a lane that failed to refresh and says so', () => {
    const lane: LaneSnapshot = { ...devLane(view(12)), error: new NetworkError({ host: 'gitlab.example.com', failure: 'reset' }) };
    const node = single(repo([lane]))[0]!;
    assert.match(node.description ?? '', /not updated/);
    assert.equal(node.children[0]?.kind, 'pipeline');
  });

  it('shows an offline marker above the last known lanes', () => {
    const tree = single(repo([devLane(view(12))]), 'Cannot reach GitLab at gitlab.example.com.');
    assert.deepEqual(tree.map((n) => n.state ?? n.kind), ['offline', 'lane']);
  });

  it('puts a sign-in node above the last known lanes when the token stopped working', () => {
    const snapshot = repo([devLane(view(12))]);
    const tree = buildTree({ repos: [{ repoKey: snapshot.repoKey, label: 'app', state: { kind: 'ready', snapshot } }], signInNeeded: { message: 'GitLab at h no longer accepts the stored token. Sign in to GitLab again.' } }, NOW);
    assert.deepEqual(tree.map((n) => n.state ?? n.kind), ['signed-out', 'lane']);
    assert.match(tree[0]!.tooltip ?? '', /Sign in to GitLab again/);
  });

  it('marks release gates with their own icon and tag while they wait for a person', () => {
    const snapshot = repo([devLane(view(12))]);
    const gateOf = (job: { name: string; stage: string }) => (job.stage === 'canary' ? 'canary' as const : undefined);
    const tree = buildTree({ repos: [{ repoKey: snapshot.repoKey, label: 'app', state: { kind: 'ready', snapshot } }], gateOf }, NOW);
    const canary = find(tree, (n) => n.label === 'canary-deploy')!;
    assert.match(canary.contextValue, /\bgate-canary\b/);
    assert.equal(canary.icon?.id, 'beaker');
    assert.equal(canary.description, 'Manual · canary gate');
    const lint = find(tree, (n) => n.label === 'lint')!;
    assert.doesNotMatch(lint.contextValue, /gate-/);
  });

  it('shows the canary verdict under the canary gate, and only there', () => {
    const snapshot = repo([devLane(view(12))]);
    const gateOf = (job: { name: string; stage: string }) => (job.stage === 'canary' ? 'canary' as const : undefined);
    const asked: string[] = [];
    const canaryNote = (repoKey: string, pipelineId: number, jobId: number) => {
      asked.push(`${repoKey}/${pipelineId}/${jobId}`);
      return { label: 'Canary: failing · errors 240/min vs 12/min', tooltip: 'Errors are 20x the stable nodes.', icon: { id: 'error' } };
    };
    const tree = buildTree({ repos: [{ repoKey: snapshot.repoKey, label: 'app', state: { kind: 'ready', snapshot } }], gateOf, canaryNote }, NOW);
    const canary = find(tree, (n) => n.label === 'canary-deploy')!;
    assert.deepEqual(canary.children.map((c) => [c.state, c.label]), [['canary-health', 'Canary: failing · errors 240/min vs 12/min']]);
    assert.equal(canary.collapsible, 'expanded');
    assert.deepEqual(asked, [`${snapshot.repoKey}/12/346`]);
  });

  it('never leaks a token into any node', () => {
    const token = 'glpat-abcdefghijklmnopqrst';
    const lane: LaneSnapshot = { ...devLane(), error: new ForbiddenError({ host: 'h', detail: `token ${token} lacks rights` }) };
    assert.ok(!JSON.stringify(single(repo([lane]))).includes(token));
  });
});

describe('diffTrees', () => {
  const tree = (v: PipelineView): TreeNode[] => single(repo([devLane(v)]));

  it('reports nothing when nothing changed', () => {
    assert.ok(isEmpty(diffTrees(tree(view(12)), tree(view(12)))));
  });

  it('reports just the job whose status changed', () => {
    const before = view(12, { stages: buildStages([job(345, 'compile', 'build', 'running'), job(346, 'test', 'build', 'running')], []), status: 'running' });
    const after = view(12, { stages: buildStages([job(345, 'compile', 'build', 'running'), job(346, 'test', 'build', 'success')], []), status: 'running' });
    assert.deepEqual(diffTrees(tree(before), tree(after)), { root: false, changed: ['repo:app/lane:dev/pipeline:12/stage:build/job:346'] });
  });

  it('reports the parent, not its children, when the list of children changes', () => {
    const changes = diffTrees(tree(view(12)), tree(view(13)));
    assert.deepEqual(changes, { root: false, changed: ['repo:app/lane:dev'] });
  });

  it('reports a root change when top-level nodes come or go', () => {
    const before = single(repo([devLane(view(12))]));
    const after = single(repo([devLane(view(12))]), 'offline');
    assert.equal(diffTrees(before, after).root, true);
  });
});

describe('format', () => {
  it('says how long ago', () => {
    assert.equal(formatAgo('2026-11-29T17:04:30Z', NOW), 'just now');
    assert.equal(formatAgo('2026-11-29T17:00:00Z', NOW), '5 min ago');
    assert.equal(formatAgo('2026-11-29T14:00:00Z', NOW), '3 h ago');
    assert.equal(formatAgo('2026-11-27T17:05:00Z', NOW), '2 d ago');
    assert.equal(formatAgo(null, NOW), '');
    assert.equal(formatAgo('garbage', NOW), '');
  });

  it('formats durations', () => {
    assert.deepEqual([formatDuration(45), formatDuration(130), formatDuration(3780), formatDuration(null), formatDuration(0.4)], ['45s', '2m 10s', '1h 03m', '', '0s']);
  });

  it('measures elapsed time from the start while running', () => {
    assert.equal(elapsedSeconds({ duration: null, started_at: '2026-11-29T17:04:00Z' }, NOW), 60);
    assert.equal(elapsedSeconds({ duration: 12.5, started_at: '2026-11-29T17:04:00Z' }, NOW), 12.5);
    assert.equal(elapsedSeconds({}, NOW), undefined);
  });
});

describe('statusBarModel', () => {
  it('shows the current branch pipeline with its status icon', () => {
    const lane: LaneSnapshot = { lane: { id: 'mr', kind: 'mr', title: 'Merge request', branch: 'feature/x' }, mergeRequest: mergeRequest(4, 'feature/x'), pipeline: view(77, { status: 'running' }) };
    assert.deepEqual(statusBarModel(lane), {
      text: '$(sync~spin) #77 Running',
      tooltip: 'Pipeline #77 of feature/x · !4: Running. Click to open Release Lanes.',
      color: 'charts.blue',
    });
  });

  it('says when there is no pipeline, marks offline, and hides without a branch', () => {
    const lane: LaneSnapshot = { lane: { id: 'mr', kind: 'mr', title: 'Merge request', branch: 'feature/x' } };
    assert.equal(statusBarModel(lane, { offline: true })?.text, '$(circle-large-outline) feature/x (offline)');
    assert.equal(statusBarModel({ lane: { ...lane.lane, branch: undefined } }), undefined);
  });
});
