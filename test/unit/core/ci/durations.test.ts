import * as assert from 'node:assert/strict';
import { durationSeconds } from '../../../../src/core/ci/checks/durations';

describe('ci durations (the plain ChronicDuration forms the limit checks read)', () => {
  it('reads a number with a unit, several of them, and abbreviations', () => {
    assert.equal(durationSeconds('30 minutes'), 1800);
    assert.equal(durationSeconds('1h 30m'), 5400);
    assert.equal(durationSeconds('3h30m'), 12600);
    assert.equal(durationSeconds('1 day, 2 hours'), 93600);
    assert.equal(durationSeconds('1 hour and 5 minutes'), 3900);
    assert.equal(durationSeconds('1.5 hours'), 5400);
    assert.equal(durationSeconds('1 week'), 604800);
    assert.equal(durationSeconds('1 month'), 30 * 86400);
  });

  it('gives up on any other form, so that a limit check stays silent rather than guess', () => {
    for (const text of ['never', '10', 'x 1 hour', '1 fortnight', '01:30:00', '']) assert.equal(durationSeconds(text), undefined, text);
  });
});
