// A person's refresh during a rate limit: the poller holds it until GitLab allows the next
// request (at most 15 min, however long GitLab asked for), and the person is told when.
import * as assert from 'node:assert/strict';
import { errorFromResponse, ServerError } from '../../../../src/core/gitlab/errors';
import { rateLimitNotice } from '../../../../src/core/gitlab/rateLimitNotice';
import { Poller } from '../../../../src/core/lanes/poller';
import { FakeClock } from '../../../support/fakeClock';

const NOW = new Date(2026, 11, 6, 14, 0, 0);

describe('refreshing while GitLab rate-limits', () => {
  it('holds a manual refresh for the capped wait and says when the next request goes out', async () => {
    const clock = new FakeClock();
    const limited = errorFromResponse({ status: 429, header: (name) => (name === 'retry-after' ? '3000000' : undefined), bodyText: 'Retry later\n' }, 'gitlab.example.com', clock.now());
    let calls = 0;
    const poller = new Poller({ clock, refresh: () => (calls++, Promise.resolve({ activity: 'rest', error: limited })) });
    poller.start();
    await poller.whenIdle();
    poller.refreshNow('manual');
    const { phase, lastError, nextDelayMs } = poller.status;
    assert.equal(calls, 1, 'the manual refresh did not go out during the wait');
    assert.deepEqual([phase, nextDelayMs], ['scheduled', 900_000]);
    assert.equal(rateLimitNotice(lastError, nextDelayMs, NOW), 'GitLab asked Release Pilot to slow down (rate limit): the lanes refresh at 14:15:00, in 15 min. Asking sooner would only be refused.');
    poller.dispose();
  });

  it('words short waits in seconds and says nothing for other failures', () => {
    const limited = { kind: 'rate-limited' };
    assert.match(rateLimitNotice(limited, 42_500, NOW) ?? '', /at 14:00:42, in 43 s\./);
    assert.match(rateLimitNotice(limited, 125_000, NOW) ?? '', /in 2 min 5 s\./);
    assert.equal(rateLimitNotice(new ServerError({ host: 'h', status: 502 }), 5000, NOW), undefined);
    assert.equal(rateLimitNotice(limited, undefined, NOW), undefined);
  });
});
