import * as assert from 'node:assert/strict';
import { holds, waitUntil } from '../../support/deadline';

describe('waitUntil (test support)', () => {
  it('returns the first answer that is not undefined', async () => {
    let asked = 0;
    const value = await waitUntil(() => (++asked === 3 ? 'ready' : undefined), { what: 'the third question', intervalMs: 1 });
    assert.equal(value, 'ready');
    assert.equal(asked, 3);
  });

  it('fails after its deadline, saying what it waited for and what it last saw', async () => {
    await assert.rejects(
      waitUntil(() => holds(false), { what: 'something that never happens', deadlineMs: 20, intervalMs: 5, describe: () => 'still nothing' }),
      /^Error: timed out after 20 ms waiting for something that never happens: still nothing$/,
    );
  });

  it('ends the wait with the error of a probe that throws', async () => {
    await assert.rejects(waitUntil(() => Promise.reject(new Error('server exited')), { what: 'a server' }), /server exited/);
  });
});
