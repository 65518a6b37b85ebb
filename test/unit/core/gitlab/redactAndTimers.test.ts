import * as assert from 'node:assert/strict';
import { systemClock } from '../../../../src/core/lanes/poller';
import { redactPatterns, SecretRedactor } from '../../../../src/core/redact';
import { MAX_TIMER_MS, safeTimerDelay } from '../../../../src/core/timerDelay';

describe('redactPatterns', () => {
  const masked: readonly [string, string][] = [
    ['Authorization: Basic dXNlcjpodW50ZXIy', 'Authorization: Basic [redacted]'],
    ['authorization="Bearer abc.def.ghi"', 'authorization="Bearer [redacted]"'],
    ['PRIVATE-TOKEN: s3cr3t-value', 'PRIVATE-TOKEN: [redacted]'],
    ['token glpat-AbCdEfGhIjKlMnOpQrSt in a sentence', 'token [redacted] in a sentence'],
    ['instance-prefixed SIE-glpat-AbCdEfGhIjKlMn', 'instance-prefixed [redacted]'],
    ['job token glcbt-64_AbCdEfGhIjKlMn', 'job token [redacted]'],
    ['https://u:hunter2@gitlab.example.com/x', 'https://u:[redacted]@gitlab.example.com/x'],
    ['/api/v4/user?private_token=abc123', '/api/v4/user?private_token=[redacted]'],
  ];
  for (const [input, expected] of masked) {
    it(`masks ${input.split(' ')[0]!}…`, () => assert.equal(redactPatterns(input), expected));
  }

  const kept = ['deploy to global-deploy-production', 'job glance-at-metrics-now', 'environment gloss-staging-europe', 'glpat- alone'];
  for (const text of kept) {
    it(`keeps the ordinary words of "${text}"`, () => assert.equal(redactPatterns(text), text));
  }

  it('still masks a registered secret of any shape', () => {
    const redactor = new SecretRedactor();
    redactor.register('plain-secret-42');
    assert.equal(redactor.redact('x plain-secret-42 y'), 'x [redacted] y');
  });
});

describe('timer delays', () => {
  it('clamps to what a Node timer can wait', () => {
    assert.deepEqual([safeTimerDelay(3_000_000_000), safeTimerDelay(-5), safeTimerDelay(Number.NaN), safeTimerDelay(Infinity), safeTimerDelay(1500)], [MAX_TIMER_MS, 0, 0, MAX_TIMER_MS, 1500]);
  });

  it('the poller\'s system clock never hands Node an overflowing delay (which Node would run after 1 ms)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const handle = systemClock.setTimeout(() => assert.fail('fired early'), 3_000_000 * 1000);
      systemClock.clearTimeout(handle);
      // Node emits TimeoutOverflowWarning on a later tick: let it come.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings.filter((w) => w === 'TimeoutOverflowWarning'), []);
  });
});
