import * as assert from 'node:assert/strict';
import { FAKE_CLOCK_START, FakeClock } from '../../support/fakeClock';

describe('FakeClock (test support)', () => {
  it('starts at a fixed moment, or where it is told to', () => {
    assert.equal(new FakeClock().now(), FAKE_CLOCK_START);
    assert.equal(new FakeClock(0).now(), 0);
  });

  it('fires the timers that come due as it moves, in order, each at its own time', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 300);
    clock.advance(250);
    assert.deepEqual(fired, ['a@100', 'b@200']);
    assert.equal(clock.now(), 250);
    assert.deepEqual(clock.armed, [50]);
  });

  it('fires a timer armed by another timer when it falls within the same move', () => {
    const clock = new FakeClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 100), 100);
    clock.set(500);
    assert.deepEqual(fired, [200]);
  });

  it('forgets a cleared timer', () => {
    const clock = new FakeClock(0);
    const handle = clock.setTimeout(() => assert.fail('cleared timers never fire'), 10);
    clock.clearTimeout(handle);
    clock.advance(100);
    assert.deepEqual(clock.armed, []);
  });

  it('never goes back in time', () => {
    const clock = new FakeClock(1000);
    assert.throws(() => clock.set(999), /cannot go back in time/);
  });

  it('runs the next timer after letting another timeline move by the same gap', async () => {
    const clock = new FakeClock(0);
    let fired = false;
    clock.setTimeout(() => (fired = true), 1500);
    const gaps: number[] = [];
    assert.equal(await clock.runNext((ms) => void gaps.push(ms)), true);
    assert.deepEqual(gaps, [1500]);
    assert.ok(fired);
    assert.equal(clock.now(), 1500);
    assert.equal(await clock.runNext(), false, 'nothing left to run');
  });
});
