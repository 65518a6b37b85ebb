/**
 * The tree's context menus against the action table: every job node offers exactly the
 * commands the table allows it, through the `when` clauses package.json really declares.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Job } from '../../../src/core/gitlab/models';
import type { LaneSnapshot } from '../../../src/core/lanes/snapshot';
import { buildStages } from '../../../src/core/lanes/snapshot';
import type { TreeNode } from '../../../src/core/lanes/treeModel';
import { buildTree } from '../../../src/core/lanes/treeModel';
import type { ApprovalState, GateAction } from '../../../src/core/release/gates/actionTable';
import { treeActions } from '../../../src/core/release/gates/treeActions';
import { REPO_ROOT } from '../../support/paths';
import { job, pipeline } from '../../support/gitlabPayloads';

interface MenuItem {
  readonly command: string;
  readonly when?: string;
  readonly group?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } };
const items = manifest.contributes.menus['view/item/context'] ?? [];

/** The `when` forms the tree's menus use: `view == x`, `viewItem =~ /re/`, `!viewItem =~ /re/`, joined by `&&`. */
function holds(when: string, viewItem: string): boolean {
  return when.split(' && ').every((term) => {
    const view = /^view == (\S+)$/.exec(term);
    if (view) return view[1] === 'releasePilot.lanes';
    const match = /^(!?)viewItem =~ \/(.*)\/$/.exec(term);
    assert.ok(match, `a when term this test does not understand: ${term}`);
    return new RegExp(match[2]!).test(viewItem) !== (match[1] === '!');
  });
}

/** Commands the context menu (not the inline buttons) offers on a node. */
function offered(node: TreeNode): string[] {
  return [...new Set(items.filter((i) => !i.group?.startsWith('inline') && holds(i.when ?? '', node.contextValue)).map((i) => i.command))].sort();
}

const COMMAND_OF: Readonly<Record<GateAction, string>> = {
  play: 'releasePilot.playJob',
  'play-with-variables': 'releasePilot.playJobWithVariables',
  approve: 'releasePilot.approveDeployment',
  reject: 'releasePilot.rejectDeployment',
  retry: 'releasePilot.retryJob',
  cancel: 'releasePilot.cancelJob',
  'open-log': 'releasePilot.followJobLog',
  'open-in-browser': 'releasePilot.openInBrowser',
};

function jobNode(subject: Job, gate?: 'canary' | 'production', approval?: ApprovalState): TreeNode {
  const lane: LaneSnapshot = {
    lane: { id: 'master', kind: 'branch', title: 'master', branch: 'master' },
    source: 'branch',
    pipeline: { pipeline: pipeline(20, { id: 20 }), status: 'success', stages: buildStages([subject], []) },
  };
  const tree = buildTree({
    repos: [{ repoKey: 'app', label: 'app', state: { kind: 'ready', snapshot: { repoKey: 'app', projectPath: 'g/app', lanes: [lane] } } }],
    gateOf: () => gate,
    actions: treeActions(() => approval),
  }, Date.parse('2026-11-29T17:05:00Z'));
  const found = tree[0]!.children[0]!.children[0]!.children[0]!;
  assert.equal(found.kind, 'job');
  return found;
}

const commands = (actions: readonly GateAction[]): string[] => actions.map((a) => COMMAND_OF[a]).sort();

describe('tree context menus follow the action table', () => {
  it('offers no Retry on a passed production deployment, but does on a passed ordinary job', () => {
    assert.deepEqual(offered(jobNode(job(23, 'deploy-prod', 'prod', 'success'), 'production')), commands(['open-log', 'open-in-browser']));
    assert.deepEqual(offered(jobNode(job(24, 'deploy-canary', 'canary', 'success'), 'canary')), commands(['open-log', 'open-in-browser']));
    assert.deepEqual(offered(jobNode(job(21, 'compile', 'build', 'success'))), commands(['retry', 'open-log', 'open-in-browser']));
  });

  it('offers Approve and Reject only on a job whose deployment waits for approval', () => {
    assert.deepEqual(offered(jobNode(job(30, 'cleanup', 'tools', 'manual'))), commands(['play', 'play-with-variables', 'open-in-browser']));
    assert.deepEqual(offered(jobNode(job(23, 'deploy-prod', 'prod', 'manual'), 'production', 'required')), commands(['approve', 'reject', 'open-in-browser']));
    assert.deepEqual(offered(jobNode(job(23, 'deploy-prod', 'prod', 'manual'), 'production', 'rejected')), commands(['open-in-browser']));
  });

  it('offers Cancel and the log on a running job, Retry on a failed one', () => {
    assert.deepEqual(offered(jobNode(job(40, 'test', 'test', 'running'))), commands(['cancel', 'open-log', 'open-in-browser']));
    assert.deepEqual(offered(jobNode(job(41, 'test', 'test', 'failed'))), commands(['retry', 'open-log', 'open-in-browser']));
  });
});
