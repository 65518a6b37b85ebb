import { strict as assert } from 'node:assert';
import type { RemoteIncludeAnswer, RemoteIncludeFetcher, RemoteIncludeRequest } from '../../../../src/core/ci';
import type { ConsentMemory } from '../../../../src/core/includes/remoteHostConsent';
import { ConsentedRemoteFetcher, httpsOrigin, RemoteHostConsent, remoteIncludeHostKey } from '../../../../src/core/includes/remoteHostConsent';
import { ScriptedAsker } from '../../../support/scriptedAsker';

class MapMemory implements ConsentMemory {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

/** Records the URLs it is asked to download. */
class RecordingFetcher implements RemoteIncludeFetcher {
  readonly urls: string[] = [];
  fetch(req: RemoteIncludeRequest): Promise<RemoteIncludeAnswer> {
    if (req.kind === 'remote') this.urls.push(req.url);
    return Promise.resolve({ kind: 'found', text: 'a: 1', path: 'gitlab-include://x/remote/a.yml', resolved: 'x', displayUrl: 'x', freshness: 'live' });
  }
}

const URL_A = 'https://ci.example.com/templates/a.yml';
const QUESTION = 'Allow Release Pilot to download CI includes from https://ci.example.com?';

describe('include:remote: allowed once per host', () => {
  it('asks once with a modal naming the host; a yes is remembered and the file is downloaded', async () => {
    const memory = new MapMemory();
    const ask = new ScriptedAsker({ [QUESTION]: true });
    const inner = new RecordingFetcher();
    const fetcher = new ConsentedRemoteFetcher(new RemoteHostConsent(memory, ask), inner);
    assert.equal((await fetcher.fetch({ kind: 'remote', url: URL_A })).kind, 'found');
    assert.equal((await fetcher.fetch({ kind: 'remote', url: 'https://ci.example.com/b.yml' })).kind, 'found');
    assert.deepEqual(ask.asked, [QUESTION]);
    assert.deepEqual(inner.urls, [URL_A, 'https://ci.example.com/b.yml']);
    assert.equal(memory.get(remoteIncludeHostKey('https://ci.example.com')), true);
    // Another window (a new consent over the same memory) does not ask again.
    const later = new ScriptedAsker();
    assert.equal((await new ConsentedRemoteFetcher(new RemoteHostConsent(memory, later), inner).fetch({ kind: 'remote', url: URL_A })).kind, 'found');
    assert.deepEqual(later.asked, []);
  });

  it('"not now" downloads nothing, is not asked again this session, and the finding says how to allow it later', async () => {
    const ask = new ScriptedAsker();
    const inner = new RecordingFetcher();
    const consent = new RemoteHostConsent(new MapMemory(), ask);
    const fetcher = new ConsentedRemoteFetcher(consent, inner);
    const answer = await fetcher.fetch({ kind: 'remote', url: URL_A });
    await fetcher.fetch({ kind: 'remote', url: URL_A });
    assert.equal(answer.kind === 'failure' && answer.reason, 'host-not-allowed');
    assert.match(answer.kind === 'failure' ? answer.message : '', /Release Pilot: Allow Remote Include Host/);
    assert.match(answer.kind === 'failure' ? answer.message : '', /https:\/\/ci\.example\.com/);
    assert.deepEqual(inner.urls, []);
    assert.equal(ask.asked.length, 1);
    assert.deepEqual(consent.refusedHosts(), ['https://ci.example.com']);
    await consent.allow('https://ci.example.com');
    assert.equal((await fetcher.fetch({ kind: 'remote', url: URL_A })).kind, 'found');
    assert.deepEqual(consent.refusedHosts(), []);
  });

  it('asks one question however many includes of the host are read at once', async () => {
    const ask = new ScriptedAsker({ [QUESTION]: true });
    const fetcher = new ConsentedRemoteFetcher(new RemoteHostConsent(new MapMemory(), ask), new RecordingFetcher());
    await Promise.all([1, 2, 3].map((i) => fetcher.fetch({ kind: 'remote', url: `https://ci.example.com/${i}.yml` })));
    assert.equal(ask.asked.length, 1);
  });

  it('never reads http URLs or URLs with credentials, and never asks about them', async () => {
    const ask = new ScriptedAsker();
    const inner = new RecordingFetcher();
    const fetcher = new ConsentedRemoteFetcher(new RemoteHostConsent(new MapMemory(), ask), inner);
    for (const url of ['http://ci.example.com/a.yml', 'https://user:secret@ci.example.com/a.yml', 'ftp://ci.example.com/a.yml']) {
      const answer = await fetcher.fetch({ kind: 'remote', url });
      assert.equal(answer.kind === 'failure' && answer.reason, 'host-not-allowed', url);
    }
    assert.deepEqual(inner.urls, []);
    assert.deepEqual(ask.asked, []);
  });

  it('httpsOrigin keeps scheme, host and port only', () => {
    assert.equal(httpsOrigin('https://CI.example.com:8443/a/b.yml?x=1'), 'https://ci.example.com:8443');
    assert.equal(httpsOrigin('https://ci.example.com:443/a.yml'), 'https://ci.example.com');
    assert.equal(httpsOrigin('http://ci.example.com/a.yml'), undefined);
    assert.equal(httpsOrigin('not a url'), undefined);
  });
});
