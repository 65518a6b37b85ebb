import * as assert from 'node:assert/strict';
import { buildDemoScenario, FakeGitLabState, FakeClock, ScaledClock, startGitLabServer } from '../../gitlab-server';
import { createDemoDriver, seedDemoHistory } from '../../gitlab-server/demoDriver';
import { tick } from '../../gitlab-server/simulation';
import { compositeStatus } from '../../gitlab-server/statusRules';
import { holds, waitUntil } from '../../support/deadline';

describe('fake GitLab: demo history and driver', () => {
  const setup = (): { state: FakeGitLabState; clock: FakeClock; demo: ReturnType<typeof buildDemoScenario> } => {
    const clock = new FakeClock(Date.UTC(2026, 0, 15, 8, 0, 0));
    const state = new FakeGitLabState(clock);
    return { state, clock, demo: buildDemoScenario(state) };
  };

  it('seeds a released production deployment and a master pipeline waiting for approval', () => {
    const { state, clock, demo } = setup();
    const now = Date.UTC(2026, 0, 15, 9, 0, 0);
    seedDemoHistory(state, demo, clock, now);
    assert.equal(clock.now(), now);
    const production = [...state.deployments.values()].filter((d) => state.environments.get(d.environmentId)?.name === 'production');
    assert.deepEqual(production.map((d) => d.status), ['success', 'blocked']);
    const masters = state.pipelinesOf(demo.project).filter((p) => p.ref === 'master');
    assert.deepEqual(masters.map((p) => p.status), ['success', 'manual']);
  });

  it('starts missing lanes at once and a new MR pipeline once the last one has rested', () => {
    const { state, clock, demo } = setup();
    const drive = createDemoDriver(state, demo);
    const runFor = (seconds: number): void => {
      for (let i = 0; i < seconds; i++) {
        clock.advance(1000);
        tick(state);
        drive();
      }
    };
    const lanes = (): string[] => state.pipelinesOf(demo.project).filter((p) => p.parent === null).map((p) => p.ref);
    drive();
    assert.deepEqual(lanes(), ['refs/merge-requests/1/head', 'dev', 'master']);
    runFor(110);
    assert.equal(lanes().length, 3, 'nothing new while the MR pipeline runs and rests');
    runFor(20);
    assert.deepEqual(lanes().filter((r) => r.startsWith('refs/merge-requests/')).length, 2);
    assert.equal(lanes().filter((r) => r === 'master').length, 1, 'a production gate waits for the person');
  });

  it('moves pipelines on a real timer when auto-tick is on', async () => {
    const clock = new ScaledClock(100);
    const state = new FakeGitLabState(clock);
    const demo = buildDemoScenario(state);
    const server = await startGitLabServer({ clock, state, autoTickMs: 10 });
    try {
      const pipeline = demo.start('mr');
      await waitUntil(() => holds(pipeline.status === 'running'), { what: 'the MR pipeline to start running on its own', deadlineMs: 5000, intervalMs: 10, describe: () => pipeline.status });
    } finally {
      await server.close();
    }
  });

  it('rolls job statuses up like GitLab', () => {
    const cases: readonly [readonly [string, boolean][], string][] = [
      [[['success', false], ['manual', true]], 'success'],
      [[['success', false], ['manual', false], ['created', false]], 'manual'],
      [[['success', false], ['created', false]], 'running'],
      [[['pending', false], ['created', false]], 'pending'],
      [[['failed', true], ['success', false]], 'success'],
      [[['failed', false], ['skipped', false]], 'failed'],
      [[['canceled', false], ['success', false]], 'canceled'],
      [[], 'skipped'],
    ];
    for (const [jobs, expected] of cases) {
      const input = jobs.map(([status, allowFailure]) => ({ status: status as never, allowFailure }));
      assert.equal(compositeStatus(input), expected, JSON.stringify(jobs));
    }
  });
});
