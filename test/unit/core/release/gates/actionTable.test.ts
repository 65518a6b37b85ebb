import * as assert from 'node:assert/strict';
import type { ApprovalState, GateAction, JobGateKind } from '../../../../../src/core/release/gates/actionTable';
import { ACTION_TABLE, actionRow, allowedActions, JOB_PHASE, pipelineActions } from '../../../../../src/core/release/gates/actionTable';
import type { StatusKey } from '../../../../../src/core/lanes/statusTable';
import { STATUS_TABLE } from '../../../../../src/core/lanes/statusTable';

const KINDS: readonly JobGateKind[] = ['canary', 'production', 'manual', 'none'];
const APPROVALS: readonly ApprovalState[] = ['not-required', 'required', 'approved', 'rejected'];
const STATUSES = Object.keys(STATUS_TABLE) as StatusKey[];

function each(check: (status: StatusKey, kind: JobGateKind, approval: ApprovalState, actions: readonly GateAction[]) => void): void {
  for (const status of STATUSES) for (const kind of KINDS) for (const approval of APPROVALS) check(status, kind, approval, allowedActions({ status, kind, approval }));
}

describe('the action table (job status x gate kind x approval state)', () => {
  it('has a row for every combination', () => {
    each((status, kind, approval) => assert.ok(actionRow({ status, kind, approval }), `${status}/${kind}/${approval} has no row`));
    assert.equal(Object.keys(JOB_PHASE).length, STATUSES.length);
  });

  it('never offers play while approvals are required or after a rejection', () => {
    each((status, kind, approval, actions) => {
      if (approval === 'required' || approval === 'rejected') assert.ok(!actions.includes('play'), `${status}/${kind}/${approval}`);
    });
  });

  it('offers approve and reject only while approvals are required', () => {
    each((status, kind, approval, actions) => {
      if (actions.includes('approve') || actions.includes('reject')) assert.equal(approval, 'required', `${status}/${kind}`);
    });
  });

  it('offers play only for manual or delayed jobs, retry only for finished ones, cancel only for unfinished ones', () => {
    each((status, kind, approval, actions) => {
      const where = `${status}/${kind}/${approval}`;
      if (actions.includes('play')) assert.ok(status === 'manual' || status === 'scheduled', where);
      if (actions.includes('retry')) assert.ok(STATUS_TABLE[status].final, where);
      if (actions.includes('cancel')) assert.ok(!STATUS_TABLE[status].final, where);
      assert.ok(actions.includes('open-in-browser'), where);
    });
  });

  it('decides the rows that matter for a release', () => {
    assert.deepEqual(allowedActions({ status: 'manual', kind: 'canary', approval: 'not-required' }), ['play', 'play-with-variables', 'open-in-browser']);
    assert.deepEqual(allowedActions({ status: 'manual', kind: 'production', approval: 'required' }), ['approve', 'reject', 'open-in-browser']);
    assert.deepEqual(allowedActions({ status: 'manual', kind: 'production', approval: 'approved' }), ['play', 'play-with-variables', 'open-in-browser']);
    assert.deepEqual(allowedActions({ status: 'running', kind: 'production', approval: 'approved' }), ['cancel', 'open-log', 'open-in-browser']);
    assert.deepEqual(allowedActions({ status: 'failed', kind: 'none', approval: 'not-required' }), ['retry', 'open-log', 'open-in-browser']);
    assert.deepEqual(allowedActions({ status: 'failed', kind: 'production', approval: 'rejected' }), ['open-log', 'open-in-browser']);
  });

  it('does not offer to re-run a passed canary or production deployment, but does for other jobs', () => {
    assert.ok(!allowedActions({ status: 'success', kind: 'production', approval: 'approved' }).includes('retry'));
    assert.ok(!allowedActions({ status: 'success', kind: 'canary', approval: 'not-required' }).includes('retry'));
    assert.ok(allowedActions({ status: 'success', kind: 'none', approval: 'not-required' }).includes('retry'));
  });

  it('gives an unknown status nothing but the browser', () => {
    assert.deepEqual(allowedActions({ status: 'brand_new' as StatusKey, kind: 'none', approval: 'not-required' }), ['open-in-browser']);
  });

  it('explains every row', () => {
    for (const row of ACTION_TABLE) assert.ok(row.why.length > 5);
  });

  it('retries failed or canceled pipelines and cancels running ones', () => {
    assert.deepEqual(pipelineActions('failed'), ['retry']);
    assert.deepEqual(pipelineActions('canceled'), ['retry']);
    assert.deepEqual(pipelineActions('running'), ['cancel']);
    assert.deepEqual(pipelineActions('success'), []);
  });
});
