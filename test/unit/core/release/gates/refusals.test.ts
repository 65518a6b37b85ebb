import * as assert from 'node:assert/strict';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../../../../src/core/gitlab/errors';
import { buildConfirmation } from '../../../../../src/core/release/actions/confirmation';
import { InFlightGuard } from '../../../../../src/core/release/actions/inFlightGuard';
import { explainRefusal } from '../../../../../src/core/release/actions/refusals';
import { approvalProgress, describeApprovals } from '../../../../../src/core/release/actions/deploymentLookup';
import { compileGatePatterns } from '../../../../../src/core/release/gates/gatePatterns';
import { deploymentsByJob } from '../../../../../src/core/lanes/jobDeployment';
import { detectGates } from '../../../../../src/core/release/gates/detectGates';
import { deployment, devAtCanary, environment, masterAtProd } from '../actions/support';

const host = 'gitlab.example.com';
const bad = (detail: string) => new BadRequestError({ host, status: 400, detail });

describe('refusals in plain words', () => {
  it('says a job is no longer playable, and asks for a refresh', () => {
    const refusal = explainRefusal(bad('400 Bad request - Unplayable Job'), 'play');
    assert.match(refusal!.message, /will not play this job any more: someone may have played it already/);
    assert.equal(refusal!.refresh, true);
  });

  it('tells the self-approval, not-an-approver and not-waiting refusals apart', () => {
    assert.match(explainRefusal(bad('You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.'), 'approve')!.message, /does not let the person who triggered a deployment approve it/);
    assert.match(explainRefusal(bad("You don't have permission to approve this deployment. Contact the project or group owner for help."), 'approve')!.message, /not one of the allowed approvers/);
    assert.match(explainRefusal(bad('This deployment is not waiting for approvals.'), 'reject')!.message, /no longer waiting for approval/);
    assert.match(explainRefusal(bad('This environment is not protected.'), 'approve')!.message, /does not require deployment approvals/);
  });

  it('explains a missing api scope and a vanished job', () => {
    const scope = explainRefusal(new ForbiddenError({ host, status: 403, missingScope: 'api' }), 'play');
    assert.equal(scope!.needsApiScope, true);
    assert.match(scope!.message, /lacks the "api" scope/);
    assert.match(explainRefusal(new NotFoundError({ host, status: 404 }), 'retry')!.message, /no longer finds/);
  });

  it('leaves programming errors alone', () => {
    assert.equal(explainRefusal(new TypeError('x is undefined'), 'play'), undefined);
  });
});

describe('the in-flight guard', () => {
  it('refuses a second action on the same target while the first is on its way', async () => {
    const changes: number[] = [];
    const guard = new InFlightGuard((busy) => changes.push(busy.length));
    let release!: () => void;
    const first = guard.run('job:1', () => new Promise<string>((resolve) => { release = () => resolve('played'); }));
    assert.deepEqual(await guard.run('job:1', () => Promise.resolve('again')), { ran: false });
    assert.deepEqual(await guard.run('job:2', () => Promise.resolve('other')), { ran: true, value: 'other' });
    release();
    assert.deepEqual(await first, { ran: true, value: 'played' });
    assert.equal(guard.isBusy('job:1'), false);
    assert.deepEqual(changes, [1, 2, 1, 0]);
  });

  it('frees the target when the action fails', async () => {
    const guard = new InFlightGuard();
    await assert.rejects(guard.run('job:1', () => Promise.reject(new Error('refused'))));
    assert.equal(guard.size, 0);
  });
});

describe('the confirmation before a gate', () => {
  const patterns = compileGatePatterns(undefined).patterns;

  it('shows production in full: environment, ref, short SHA, title, approvals and the commits that ship', () => {
    const master = masterAtProd();
    const prodJob = master.stages.at(-1)!.jobs[0]!.job;
    const [gate] = detectGates(master, deploymentsByJob([deployment(7, prodJob, 'production', { status: 'blocked' })], [environment(70, 'production', 'production')]), patterns);
    const commits = Array.from({ length: 17 }, (_, i) => ({ id: `${i}`.repeat(40), short_id: `c0ffee${i.toString().padStart(2, '0')}`, title: `Change ${i}`, author_name: 'Dana' }));
    const confirmation = buildConfirmation({ gate: gate!, verb: 'play', ship: { since: 'deadbeefcafe', commits, truncated: false }, approvals: '0 of 1 approval given' });
    assert.equal(confirmation.level, 'full');
    assert.equal(confirmation.message, 'Deploy to production? master @ a1b2c3d4 "Cache product lookups"');
    assert.equal(confirmation.confirm, 'Deploy to production');
    assert.match(confirmation.detail, /Environment: production \(production\)/);
    assert.match(confirmation.detail, /Approvals: still required \(0 of 1 approval given\)/);
    assert.match(confirmation.detail, /What ships: 17 commits since deadbeef:/);
    assert.match(confirmation.detail, /c0ffee00 Change 0 \(Dana\)/);
    assert.match(confirmation.detail, /\.\.\. and 2 more/);
  });

  it('keeps canary short and does not ask for an ordinary manual job', () => {
    const [canary] = detectGates(devAtCanary(), new Map(), patterns);
    const short = buildConfirmation({ gate: canary!, verb: 'play', variableKeys: ['TRAFFIC_SHARE'] });
    assert.equal(short.level, 'short');
    assert.doesNotMatch(short.detail, /What ships/);
    assert.match(short.detail, /Job variables: TRAFFIC_SHARE/);
    assert.equal(buildConfirmation({ gate: { ...canary!, kind: 'manual' }, verb: 'play' }).level, 'none');
  });

  it('makes production a "promote anyway" with the numbers when the canary looked unhealthy', () => {
    const master = masterAtProd();
    const prodJob = master.stages.at(-1)!.jobs[0]!.job;
    const [gate] = detectGates(master, deploymentsByJob([deployment(7, prodJob, 'production', { status: 'success' })], [environment(70, 'production', 'production')]), patterns);
    const warning = 'failing: errors 240/min on canary vs 12/min on stable (20x)';
    const warned = buildConfirmation({ gate: gate!, verb: 'play', canaryWarning: warning });
    assert.equal(warned.confirm, 'Promote anyway: Deploy to production');
    assert.match(warned.message, /^Canary looked unhealthy\./);
    assert.ok(warned.detail.startsWith(`Canary: ${warning}`), warned.detail);
    assert.equal(buildConfirmation({ gate: gate!, verb: 'play' }).confirm, 'Deploy to production');
    assert.equal(buildConfirmation({ gate: gate!, verb: 'reject', canaryWarning: warning }).confirm, 'Reject deployment to production', 'rejecting needs no courage');
  });

  it('says so when there was no earlier deployment or nothing new', () => {
    const [canary] = detectGates(devAtCanary(), new Map(), patterns);
    const gate = { ...canary!, kind: 'production' as const };
    assert.match(buildConfirmation({ gate, verb: 'play', ship: { commits: [], truncated: false } }).detail, /first deployment/);
    assert.match(buildConfirmation({ gate, verb: 'play', ship: { since: gate.sha, commits: [], truncated: false } }).detail, /nothing new/);
  });
});

describe('approval progress', () => {
  it('counts approvals against the rules and names who gave them', () => {
    const riley = { id: 2, username: 'riley', name: 'Riley' };
    const progress = approvalProgress({
      ...deployment(7, masterAtProd().stages.at(-1)!.jobs[0]!.job, 'production', { status: 'blocked' }),
      pending_approval_count: 1,
      approvals: [{ user: riley, status: 'approved', created_at: '' }],
      approval_summary: { rules: [{ access_level_description: 'Maintainers', required_approvals: 2 }] },
    });
    assert.deepEqual(progress, { required: 2, pending: 1, approvedBy: [riley], rejectedBy: [], approvers: ['Maintainers'] });
    assert.equal(describeApprovals(progress), '1 of 2 approvals given; approved by @riley; approvers: Maintainers');
  });

  it('says the state is unknown when GitLab gave nothing (Free tier)', () => {
    const progress = approvalProgress(deployment(7, masterAtProd().stages.at(-1)!.jobs[0]!.job, 'production', { status: 'blocked' }));
    assert.equal(describeApprovals(progress), 'approval state unknown');
  });
});
