import * as assert from 'node:assert/strict';
import { healthSummary } from '../../../../src/core/canary/healthSummary';
import { reportWithErrors, unknownReport } from './support';

describe('canary summary line', () => {
  it('gives a healthy verdict with the error rates per minute', () => {
    assert.equal(healthSummary(reportWithErrors(0.2 / 60, 0.1 / 60)), 'Canary: healthy · errors 0.2/min vs 0.1/min');
  });

  it('names the metrics that made a canary fail, with their numbers', () => {
    const line = healthSummary(reportWithErrors(4, 0.2));
    assert.equal(line, 'Canary: failing · errors 240/min vs 12/min');
  });

  it('always carries the reason of an unknown verdict', () => {
    assert.equal(healthSummary(unknownReport('Prometheus at http://127.0.0.1:9 cannot be reached')), 'Canary: unknown · Prometheus at http://127.0.0.1:9 cannot be reached');
  });
});
