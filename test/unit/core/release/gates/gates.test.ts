import * as assert from 'node:assert/strict';
import { classifyJob, compileGatePatterns } from '../../../../../src/core/release/gates/gatePatterns';
import { deploymentsByJob } from '../../../../../src/core/lanes/jobDeployment';
import { approvalState, detectGates, nextGate } from '../../../../../src/core/release/gates/detectGates';
import { deployment, devAtCanary, environment, job, masterAtProd, view } from '../actions/support';

const defaults = compileGatePatterns(undefined).patterns;

describe('gate detection', () => {
  describe('classifyJob with the default patterns', () => {
    const cases: [string, string, { name: string; tier?: string } | undefined, string | undefined][] = [
      ['deploy-canary', 'canary', undefined, 'canary'],
      ['deploy', 'deploy', { name: 'canary' }, 'canary'],
      ['deploy', 'deploy', { name: 'production-canary', tier: 'production' }, 'canary'],
      ['release', 'deploy', { name: 'live', tier: 'production' }, 'production'],
      ['deploy-prod', 'prod', undefined, 'production'],
      ['ship', 'release', { name: 'production' }, 'production'],
      ['ship', 'release', { name: 'prod-eu' }, 'production'],
      ['deploy-staging', 'deploy', { name: 'staging', tier: 'staging' }, undefined],
      ['product-tests', 'test', { name: 'products' }, undefined],
    ];
    for (const [name, stage, env, expected] of cases) {
      it(`${name} (stage ${stage}, environment ${env?.name ?? 'unknown'}${env?.tier ? `/${env.tier}` : ''}) is ${expected ?? 'no gate'}`, () => {
        assert.equal(classifyJob({ name, stage }, env, defaults), expected);
      });
    }
  });

  it('uses the patterns from settings instead of the defaults, and reports broken ones', () => {
    const { patterns, problems } = compileGatePatterns([
      { kind: 'canary', job: '^smoke-live$' },
      { kind: 'production', environment: '^eu-(' },
      { kind: 'release' },
      { kind: 'production', tier: 'Production' },
    ]);
    assert.equal(patterns.length, 2);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /pattern 2: environment/);
    assert.match(problems[1]!, /pattern 3: "kind"/);
    assert.equal(classifyJob({ name: 'smoke-live', stage: 'verify' }, undefined, patterns), 'canary');
    assert.equal(classifyJob({ name: 'deploy-canary', stage: 'canary' }, undefined, patterns), undefined);
    assert.equal(classifyJob({ name: 'x', stage: 'y' }, { name: 'live', tier: 'production' }, patterns), 'production');
  });

  it('finds the canary gate of a dev pipeline, playable', () => {
    const gates = detectGates(devAtCanary(), new Map(), defaults);
    assert.deepEqual(gates.map((g) => [g.job.name, g.kind, g.approval]), [['deploy-canary', 'canary', 'not-required']]);
    assert.ok(gates[0]!.actions.includes('play'));
    assert.equal(gates[0]!.commit?.title, 'Cache product lookups');
  });

  it('sees a blocked production deployment as waiting for approval, not playable', () => {
    const master = masterAtProd();
    const prodJob = master.stages.at(-1)!.jobs[0]!.job;
    const byJob = deploymentsByJob([deployment(7, prodJob, 'production', { status: 'blocked' })], [environment(70, 'production', 'production')]);
    const [gate] = detectGates(master, byJob, defaults);
    assert.equal(gate?.kind, 'production');
    assert.equal(gate?.approval, 'required');
    assert.deepEqual(gate?.deployment?.environment, { name: 'production', tier: 'production' });
    assert.deepEqual(gate?.actions, ['approve', 'reject', 'open-in-browser']);
  });

  it('takes the gate kind from the environment when stage and job name say nothing', () => {
    const deploy = job(31, 'ship-it', 'release', 'manual');
    const byJob = deploymentsByJob([deployment(8, deploy, 'live')], [environment(80, 'live', 'production')]);
    const [gate] = detectGates(view(30, [job(30, 'compile', 'build'), deploy]), byJob, defaults);
    assert.equal(gate?.kind, 'production');
  });

  it('derives the approval state: rejection wins, then blocked, then given approvals', () => {
    const user = { id: 2, username: 'riley', name: 'Riley' };
    const base = { deploymentId: 1, environment: { name: 'production' } };
    assert.equal(approvalState(undefined), 'not-required');
    assert.equal(approvalState({ ...base, status: 'created' }), 'not-required');
    assert.equal(approvalState({ ...base, status: 'blocked' }), 'required');
    assert.equal(approvalState({ ...base, status: 'created', approvals: [{ user, status: 'approved', created_at: '' }] }), 'approved');
    assert.equal(approvalState({ ...base, status: 'blocked', approvals: [{ user, status: 'rejected', created_at: '' }] }), 'rejected');
  });

  it('ignores finished jobs and prefers a gate that holds the pipeline over an optional manual job', () => {
    const optional = job(41, 'docs-preview', 'build', 'manual', { allow_failure: true });
    const canary = job(45, 'deploy-canary', 'canary', 'manual');
    const gates = detectGates(view(40, [optional, job(42, 'compile', 'build'), canary]), new Map(), defaults);
    assert.deepEqual(gates.map((g) => g.job.name), ['docs-preview', 'deploy-canary']);
    assert.equal(gates[0]!.kind, 'manual');
    assert.equal(nextGate(gates)?.job.name, 'deploy-canary');
    assert.equal(nextGate([]), undefined);
  });
});
