import * as assert from 'node:assert/strict';
import { CI_STATUSES } from '../../../../src/core/gitlab/models';
import type { StatusKey } from '../../../../src/core/lanes/statusTable';
import { combineActivity, groupStatus, jobActivity, jobStatusKey, STATUS_TABLE, statusInfo } from '../../../../src/core/lanes/statusTable';

describe('status table', () => {
  const keys: StatusKey[] = [...CI_STATUSES, 'success_with_warnings', 'failed_allowed'];

  it('has a row for every GitLab status and the allowed-failure states', () => {
    assert.deepEqual(Object.keys(STATUS_TABLE).sort(), [...keys].sort());
  });

  for (const key of keys) {
    it(`describes ${key} with a label, a codicon and a colour`, () => {
      const info = STATUS_TABLE[key];
      assert.ok(info.label.length > 0);
      assert.match(info.icon, /^[a-z-]+(~spin)?$/);
      assert.match(info.color, /^[a-zA-Z]+(\.[a-zA-Z]+)?$/);
      assert.equal(info.active, info.activity === 'active');
      assert.ok(!(info.final && info.active));
    });
  }

  it('marks exactly the outcomes as final', () => {
    const final = keys.filter((k) => STATUS_TABLE[k].final).sort();
    assert.deepEqual(final, ['canceled', 'failed', 'failed_allowed', 'skipped', 'success', 'success_with_warnings']);
  });

  it('polls fast for everything that moves by itself', () => {
    const active = keys.filter((k) => STATUS_TABLE[k].active).sort();
    assert.deepEqual(active, ['canceling', 'created', 'pending', 'preparing', 'running', 'scheduled', 'waiting_for_callback', 'waiting_for_resource']);
  });

  it('treats manual as a gate', () => {
    assert.equal(STATUS_TABLE.manual.activity, 'gate');
    assert.equal(STATUS_TABLE.manual.icon, 'play-circle');
  });

  it('uses the expected icons for the common states', () => {
    assert.equal(STATUS_TABLE.success.icon, 'pass-filled');
    assert.equal(STATUS_TABLE.failed.icon, 'error');
    assert.equal(STATUS_TABLE.running.icon, 'sync~spin');
    assert.equal(STATUS_TABLE.canceled.icon, 'circle-slash');
    assert.equal(STATUS_TABLE.created.icon, 'circle-outline');
  });

  it('shows an unknown future status as is, at rest', () => {
    const info = statusInfo('waiting_for_quantum_runner');
    assert.equal(info.label, 'waiting for quantum runner');
    assert.equal(info.activity, 'rest');
    assert.equal(info.final, false);
  });
});

describe('job and group status', () => {
  it('turns an allowed failure into a warning', () => {
    assert.equal(jobStatusKey({ status: 'failed', allow_failure: true }), 'failed_allowed');
    assert.equal(jobStatusKey({ status: 'failed', allow_failure: false }), 'failed');
    assert.equal(jobStatusKey({ status: 'manual', allow_failure: true }), 'manual');
  });

  it('lets an optional manual job rest but holds at a blocking one', () => {
    assert.equal(jobActivity({ status: 'manual', allow_failure: true }), 'rest');
    assert.equal(jobActivity({ status: 'manual', allow_failure: false }), 'gate');
    assert.equal(jobActivity({ status: 'running', allow_failure: true }), 'active');
  });

  const groups: [StatusKey[], StatusKey][] = [
    [[], 'created'],
    [['success', 'success'], 'success'],
    [['success', 'failed_allowed'], 'success_with_warnings'],
    [['failed_allowed'], 'success_with_warnings'],
    [['success', 'running', 'failed'], 'running'],
    [['success', 'failed'], 'failed'],
    [['success', 'manual'], 'manual'],
    [['skipped', 'skipped'], 'skipped'],
    [['success', 'skipped'], 'success'],
    [['canceled', 'success'], 'canceled'],
    [['pending', 'created'], 'pending'],
  ];
  for (const [statuses, expected] of groups) {
    it(`combines [${statuses.join(', ')}] into ${expected}`, () => {
      assert.equal(groupStatus(statuses), expected);
    });
  }

  it('combines activities, busiest first', () => {
    assert.equal(combineActivity(['rest', 'gate', 'rest']), 'gate');
    assert.equal(combineActivity(['gate', 'active']), 'active');
    assert.equal(combineActivity([]), 'rest');
  });
});
