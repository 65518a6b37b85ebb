import * as assert from 'node:assert/strict';
import { compileGatePatterns } from '../../../../../src/core/release/gates/gatePatterns';
import { deploymentsByJob } from '../../../../../src/core/lanes/jobDeployment';
import { detectGates } from '../../../../../src/core/release/gates/detectGates';
import type { LaneGates } from '../../../../../src/core/release/notify/releaseEvents';
import { enabledEvents, isStanding, NotificationLedger, releaseEvents, StandingNotices } from '../../../../../src/core/release/notify/releaseEvents';
import type { PipelineView } from '../../../../../src/core/lanes/snapshot';
import { deployment, devAtCanary, environment, job, masterAtProd, view } from '../actions/support';

const patterns = compileGatePatterns(undefined).patterns;
const none = { pipelines: new Set<number>(), jobs: new Set<number>() };

function lane(title: string, pipeline: PipelineView, byJob = new Map()): LaneGates {
  return { repoKey: '/repo', laneTitle: title, pipeline, gates: detectGates(pipeline, byJob, patterns) };
}

describe('release notifications', () => {
  it('announces a canary ready to play with a Play button', () => {
    const [event, ...rest] = releaseEvents([lane('dev', devAtCanary())], none);
    assert.equal(rest.length, 0);
    assert.equal(event?.kind, 'gate-ready');
    assert.deepEqual(event?.buttons, ['play', 'open-in-browser']);
    assert.match(event.message, /dev: Canary gate deploy-canary is ready to play/);
    assert.equal(event?.setting, 'gates');
  });

  it('announces production awaiting approval, then ready to play once approved (two events)', () => {
    const master = masterAtProd();
    const prodJob = master.stages.at(-1)!.jobs[0]!.job;
    const envs = [environment(70, 'production', 'production')];
    const blocked = releaseEvents([lane('master', master, deploymentsByJob([deployment(7, prodJob, 'production', { status: 'blocked' })], envs))], none);
    assert.deepEqual(blocked.map((e) => [e.kind, e.buttons]), [['gate-awaiting-approval', ['approve', 'open-in-browser']]]);
    const approved = deployment(7, prodJob, 'production', { approvals: [{ user: { id: 2, username: 'riley', name: 'Riley' }, status: 'approved', created_at: '' }] });
    const ready = releaseEvents([lane('master', master, deploymentsByJob([approved], envs))], none);
    assert.deepEqual(ready.map((e) => e.kind), ['gate-ready']);
    assert.notEqual(ready[0]!.key, blocked[0]!.key);
  });

  it('announces the end of a pipeline the user started and of a job the user played, and nothing for others', () => {
    const finished = view(50, [job(51, 'compile', 'build', 'success'), job(52, 'deploy-canary', 'canary', 'failed')], { status: 'failed' });
    assert.deepEqual(releaseEvents([lane('dev', finished)], none), []);
    const events = releaseEvents([lane('dev', finished)], { pipelines: new Set([50]), jobs: new Set([52]) });
    assert.deepEqual(events.map((e) => [e.kind, e.severity, e.buttons]), [
      ['pipeline-finished', 'error', ['open-in-browser']],
      ['job-finished', 'error', ['show-log', 'open-in-browser']],
    ]);
    const running = view(50, [job(51, 'compile', 'build', 'running')], { status: 'running' });
    assert.deepEqual(releaseEvents([lane('dev', running)], { pipelines: new Set([50]), jobs: new Set([51]) }), []);
  });

  it('announces no gate of a pipeline that is already over', () => {
    const canceled = view(60, [job(61, 'compile', 'build', 'success'), job(62, 'deploy-canary', 'canary', 'manual')], { status: 'canceled' });
    assert.deepEqual(releaseEvents([lane('dev', canceled)], none), []);
  });

  it('never announces the same event twice, across refreshes and after a reload', () => {
    const ledger = new NotificationLedger();
    const events = releaseEvents([lane('dev', devAtCanary())], none);
    assert.equal(ledger.admit(events).length, 1);
    assert.equal(ledger.admit(releaseEvents([lane('dev', devAtCanary())], none)).length, 0);
    const reloaded = new NotificationLedger(ledger.keys());
    assert.equal(reloaded.admit(events).length, 0);
  });

  it('forgets the oldest keys beyond its limit', () => {
    const ledger = new NotificationLedger([], 2);
    const make = (key: string) => ({ ...releaseEvents([lane('dev', devAtCanary())], none)[0]!, key });
    ledger.admit([make('a'), make('b'), make('c')]);
    assert.deepEqual(ledger.keys(), ['b', 'c']);
    assert.equal(ledger.has('a'), false);
  });

  it('drops kinds the user turned off', () => {
    const events = releaseEvents([lane('dev', devAtCanary())], none);
    assert.equal(enabledEvents(events, { gates: false, startedPipelines: true, playedJobs: true }).length, 0);
    assert.equal(enabledEvents(events, { gates: true, startedPipelines: false, playedJobs: false }).length, 1);
  });
});

describe('standing notices', () => {
  it('ends "canary ready to play" once the canary was played, and keeps finished-job news', () => {
    const notices = new StandingNotices();
    const ready = releaseEvents([lane('dev', devAtCanary())], none);
    assert.deepEqual(ready.map(isStanding), [true]);
    notices.opened(ready[0]!);
    assert.deepEqual(notices.settle(releaseEvents([lane('dev', devAtCanary())], none)), [], 'still waiting: the notice stays');
    const playedJobs = devAtCanary().stages.flatMap((s) => s.jobs.map((j) => j.job)).map((j) => (j.name === 'deploy-canary' ? { ...j, status: 'success' as const } : j));
    const passed = view(12, playedJobs, { status: 'success' });
    const after = releaseEvents([lane('dev', passed)], { pipelines: new Set(), jobs: new Set([5]) });
    assert.deepEqual(after.map((e) => [e.kind, isStanding(e)]), [['job-finished', false]]);
    assert.deepEqual(notices.settle(after), [ready[0]!.key], 'played and passed: the notice goes');
    assert.deepEqual(notices.keys, []);
  });

  it('replaces "awaiting approval" by "ready to play" once production is approved', () => {
    const notices = new StandingNotices();
    const master = masterAtProd();
    const prodJob = master.stages.at(-1)!.jobs[0]!.job;
    const envs = [environment(70, 'production', 'production')];
    const [blocked] = releaseEvents([lane('master', master, deploymentsByJob([deployment(7, prodJob, 'production', { status: 'blocked' })], envs))], none);
    notices.opened(blocked!);
    const approved = deployment(7, prodJob, 'production', { approvals: [{ user: { id: 2, username: 'riley', name: 'Riley' }, status: 'approved', created_at: '' }] });
    const ready = releaseEvents([lane('master', master, deploymentsByJob([approved], envs))], none);
    assert.deepEqual(notices.settle(ready), [blocked!.key]);
    notices.opened(ready[0]!);
    notices.dismissed(ready[0]!.key);
    assert.deepEqual(notices.settle([]), [], 'a notice the person closed is not closed twice');
  });
});
