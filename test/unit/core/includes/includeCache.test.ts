import { strict as assert } from 'node:assert';
import { MemoryCacheStorage } from '../../../../src/core/includes/cacheStorage';
import type { IncludeCacheOptions, IncludeCachePolicy } from '../../../../src/core/includes/includeCache';
import { DEFAULT_REF_TTL_MS, DEFAULT_RETRY_MS, IncludeCache, MAX_PARALLEL_FETCHES, MAX_RESOLUTIONS } from '../../../../src/core/includes/includeCache';
import { FakeClock } from '../../../support/fakeClock';

/** A request for a file of a project at a ref; a 40-hex ref is a pinned commit. */
interface Req {
  readonly file: string;
  readonly ref: string;
}

/** What the fake "GitLab" answers: a file at a commit, a definite "no such file", or "unreachable". */
type Ans = { readonly kind: 'found'; readonly sha: string; readonly text: string } | { readonly kind: 'missing' } | { readonly kind: 'down' };

const POLICY: IncludeCachePolicy<Req, Ans> = {
  key: (r) => `${r.file}@${r.ref}`,
  pinned: (r) => /^[0-9a-f]{40}$/.test(r.ref),
  contentKey: (r, a) => (a.kind === 'found' ? `${r.file}@${a.sha}` : undefined),
  unreachable: (a) => a.kind === 'down',
  revive: (stored) => {
    const s = stored as Partial<Record<string, unknown>> | undefined;
    return s && s['kind'] === 'found' && typeof s['sha'] === 'string' && typeof s['text'] === 'string' ? { kind: 'found', sha: s['sha'], text: s['text'] } : undefined;
  },
};

const SHA = 'a'.repeat(40);
const REQ: Req = { file: 'ci/build.yml', ref: 'main' };

/** A fake instance whose branch `main` can move, go down, and counts what it is asked. */
class FakeRemote {
  calls: { req: Req; known: Ans | undefined }[] = [];
  head = 'c1';
  down = false;
  reject = false;
  missing = new Set<string>();
  /** Reads that wait for `release()`, to count how many run at once. */
  gate: Promise<void> | undefined;
  running = 0;
  maxRunning = 0;

  fetch = async (req: Req, known: Ans | undefined): Promise<Ans> => {
    this.calls.push({ req, known });
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.gate) await this.gate;
      if (this.reject) throw new Error('socket hang up');
      if (this.down) return { kind: 'down' };
      if (this.missing.has(req.file)) return { kind: 'missing' };
      const sha = POLICY.pinned(req) ? req.ref : this.head;
      return { kind: 'found', sha, text: `# ${req.file} at ${sha}` };
    } finally {
      this.running--;
    }
  };
}

function setup(options: Partial<IncludeCacheOptions<Req, Ans>> = {}, shared?: { storage: MemoryCacheStorage; clock: FakeClock }) {
  const storage = shared?.storage ?? new MemoryCacheStorage();
  const clock = shared?.clock ?? new FakeClock();
  const remote = new FakeRemote();
  const landed: string[] = [];
  const cache = new IncludeCache<Req, Ans>({ storage, clock, policy: POLICY, fetch: remote.fetch, onLanded: (k) => landed.push(k), ...options });
  return { cache, storage, clock, remote, landed };
}

/** Looks up, lets the background read finish, and looks up again (what an editor's second analysis sees). */
async function settle<R, A>(cache: IncludeCache<R, A>, req: R) {
  cache.lookup(req);
  await cache.settled();
  return cache.lookup(req);
}

describe('IncludeCache', () => {
  it('answers nothing at first, reads in the background once, says it landed, then answers from memory', async () => {
    const { cache, remote, landed } = setup();
    assert.equal(cache.lookup(REQ), undefined);
    assert.equal(cache.lookup(REQ), undefined, 'a second lookup while the read runs starts no second read');
    await cache.settled();
    assert.equal(remote.calls.length, 1);
    assert.deepEqual(landed, ['ci/build.yml@main']);
    const hit = cache.lookup(REQ);
    assert.deepEqual(hit?.answer, { kind: 'found', sha: 'c1', text: '# ci/build.yml at c1' });
    assert.equal(hit?.freshness, 'fresh');
    assert.equal(hit?.origin, 'network');
    assert.equal(remote.calls.length, 1, 'a fresh answer is not asked for again');
  });

  it('needs no network on a second open after a restart: the stored copy is read back', async () => {
    const first = setup();
    await settle(first.cache, REQ);
    const second = setup({}, { storage: first.storage, clock: first.clock });
    second.clock.advance(60_000);
    const hit = await settle(second.cache, REQ);
    assert.equal(second.remote.calls.length, 0);
    assert.deepEqual(second.landed, ['ci/build.yml@main']);
    assert.equal(hit?.origin, 'storage');
    assert.equal(hit?.freshness, 'fresh');
    assert.deepEqual(hit?.answer, { kind: 'found', sha: 'c1', text: '# ci/build.yml at c1' });
  });

  it('keeps answering within the ref TTL, then asks once, passing what it holds, and notices the branch moved', async () => {
    const { cache, clock, remote, landed } = setup();
    await settle(cache, REQ);
    remote.head = 'c2';
    clock.advance(DEFAULT_REF_TTL_MS - 1);
    assert.equal(cache.lookup(REQ)?.freshness, 'fresh');
    await cache.settled();
    assert.equal(remote.calls.length, 1, 'not asked again within the TTL');
    clock.advance(1);
    const stale = cache.lookup(REQ);
    assert.equal(stale?.freshness, 'stale', 'the old copy is still used while the ref is checked');
    await cache.settled();
    assert.equal(remote.calls.length, 2);
    assert.deepEqual(remote.calls[1]?.known, { kind: 'found', sha: 'c1', text: '# ci/build.yml at c1' });
    assert.deepEqual(cache.lookup(REQ)?.answer, { kind: 'found', sha: 'c2', text: '# ci/build.yml at c2' });
    assert.equal(landed.length, 2);
  });

  it('does not say anything landed when the ref still points at the same commit', async () => {
    const { cache, clock, landed } = setup();
    await settle(cache, REQ);
    clock.advance(DEFAULT_REF_TTL_MS);
    await settle(cache, REQ);
    assert.equal(landed.length, 1);
    assert.equal(cache.lookup(REQ)?.freshness, 'fresh');
  });

  it('never asks again for a file at a full commit SHA', async () => {
    const { cache, clock, remote } = setup();
    const pinned = { file: 'ci/build.yml', ref: SHA };
    await settle(cache, pinned);
    clock.advance(30 * DEFAULT_REF_TTL_MS);
    assert.equal(cache.lookup(pinned)?.freshness, 'fresh');
    await cache.settled();
    assert.equal(remote.calls.length, 1);
  });

  it('offline: keeps the last version, says so, and tries again only after the retry pause', async () => {
    const { cache, clock, remote, landed } = setup();
    await settle(cache, REQ);
    remote.down = true;
    clock.advance(DEFAULT_REF_TTL_MS);
    const offline = await settle(cache, REQ);
    assert.equal(offline?.freshness, 'offline');
    assert.deepEqual(offline?.answer, { kind: 'found', sha: 'c1', text: '# ci/build.yml at c1' });
    assert.equal(landed.length, 2, 'going offline re-checks, so the findings can say so');
    clock.advance(DEFAULT_RETRY_MS - 1);
    await settle(cache, REQ);
    assert.equal(remote.calls.length, 2, 'no new try before the pause ends');
    remote.down = false;
    clock.advance(1);
    const back = await settle(cache, REQ);
    assert.equal(remote.calls.length, 3);
    assert.equal(back?.freshness, 'fresh');
    assert.equal(landed.length, 3, 'coming back re-checks too');
  });

  it('offline after a restart: the stored copy is used and marked offline', async () => {
    const first = setup();
    await settle(first.cache, REQ);
    first.clock.advance(DEFAULT_REF_TTL_MS + 1);
    const second = setup({}, { storage: first.storage, clock: first.clock });
    second.remote.down = true;
    const hit = await settle(second.cache, REQ);
    assert.equal(second.remote.calls.length, 1);
    assert.equal(hit?.freshness, 'offline');
    assert.equal(hit?.origin, 'storage');
  });

  it('offline with nothing cached: answers what the reader said, retried after the pause', async () => {
    const { cache, clock, remote } = setup();
    const hit = await settle(cache, REQ);
    remote.down = true;
    assert.ok(hit, 'first read works');
    const other = { file: 'ci/other.yml', ref: 'main' };
    const down = await settle(cache, other);
    assert.deepEqual(down?.answer, { kind: 'down' });
    assert.equal(down?.freshness, 'offline');
    clock.advance(DEFAULT_RETRY_MS);
    remote.down = false;
    assert.deepEqual((await settle(cache, other))?.answer, { kind: 'found', sha: 'c1', text: '# ci/other.yml at c1' });
  });

  it('counts a rejected read as unreachable: nothing is answered, and the next try waits for the pause', async () => {
    const warnings: string[] = [];
    const { cache, clock, remote } = setup({ warn: (m) => warnings.push(m) });
    remote.reject = true;
    assert.equal(await settle(cache, REQ), undefined);
    await settle(cache, REQ);
    assert.equal(remote.calls.length, 1);
    assert.match(warnings.join('\n'), /socket hang up/);
    remote.reject = false;
    clock.advance(DEFAULT_RETRY_MS);
    assert.equal((await settle(cache, REQ))?.freshness, 'fresh');
  });

  it('keeps definite failures (a missing file) only in memory until they go stale', async () => {
    const first = setup();
    first.remote.missing.add('ci/gone.yml');
    const gone = { file: 'ci/gone.yml', ref: 'main' };
    assert.deepEqual((await settle(first.cache, gone))?.answer, { kind: 'missing' });
    await settle(first.cache, gone);
    assert.equal(first.remote.calls.length, 1);
    first.clock.advance(DEFAULT_REF_TTL_MS);
    await settle(first.cache, gone);
    assert.equal(first.remote.calls.length, 2, 'asked again after the TTL');
    const second = setup({}, { storage: first.storage, clock: first.clock });
    await settle(second.cache, gone);
    assert.equal(second.remote.calls.length, 1, 'nothing was stored for it');
  });

  it('sends nothing while the instance asks to hold (its rate budget), and reads once the hold is over', async () => {
    const first = setup();
    await settle(first.cache, REQ);
    first.clock.advance(DEFAULT_REF_TTL_MS);
    let holdUntil = first.clock.now() + 30_000;
    const second = setup({ holdUntil: () => holdUntil }, { storage: first.storage, clock: first.clock });
    const held = await settle(second.cache, REQ);
    assert.equal(second.remote.calls.length, 0);
    assert.equal(held?.origin, 'storage', 'the stored copy serves meanwhile');
    second.clock.advance(29_999);
    await settle(second.cache, REQ);
    assert.equal(second.remote.calls.length, 0);
    second.clock.advance(1);
    holdUntil = 0;
    await settle(second.cache, REQ);
    assert.equal(second.remote.calls.length, 1);
  });

  it(`reads at most ${MAX_PARALLEL_FETCHES} files at once`, async () => {
    const { cache, remote } = setup();
    let release = (): void => undefined;
    remote.gate = new Promise((resolve) => (release = resolve));
    for (let i = 0; i < 12; i++) cache.lookup({ file: `ci/${i}.yml`, ref: 'main' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(remote.running, MAX_PARALLEL_FETCHES);
    release();
    await cache.settled();
    assert.equal(remote.calls.length, 12);
    assert.equal(remote.maxRunning, MAX_PARALLEL_FETCHES);
  });

  it('clear() forgets memory and storage: the next lookup reads again', async () => {
    const { cache, storage, remote } = setup();
    await settle(cache, REQ);
    assert.ok(storage.records.size > 0);
    await cache.clear();
    assert.equal(storage.records.size, 0);
    assert.equal(cache.lookup(REQ), undefined);
    await cache.settled();
    assert.equal(remote.calls.length, 2);
  });

  it('forget() drops matching answers from memory so they are asked for again', async () => {
    const { cache, remote } = setup();
    remote.missing.add('ci/build.yml');
    await settle(cache, REQ);
    remote.missing.clear();
    cache.forget((key) => key.startsWith('ci/build.yml'));
    assert.equal((await settle(cache, REQ))?.answer.kind, 'found');
    assert.equal(remote.calls.length, 2);
  });

  it('ignores damaged or foreign records in storage and reads from the network instead', async () => {
    const storage = new MemoryCacheStorage();
    storage.records.set('index', '{"version":1,"resolutions":{"ci/build.yml@main":{"contentKey":"ci/build.yml@c0","checkedAt":0}}}');
    storage.records.set('content:ci/build.yml@c0', '{ not json');
    const { cache, remote } = setup({}, { storage, clock: new FakeClock() });
    assert.equal((await settle(cache, REQ))?.origin, 'network');
    assert.equal(remote.calls.length, 1);
    storage.records.set('index', 'garbage');
    const again = setup({}, { storage, clock: new FakeClock() });
    assert.equal((await settle(again.cache, REQ))?.origin, 'network');
  });

  it('stores file contents and commits, nothing else (no token ever reaches it)', async () => {
    const { cache, storage } = setup();
    await settle(cache, REQ);
    assert.deepEqual([...storage.records.keys()].sort(), ['content:ci/build.yml@c1', 'index']);
    assert.deepEqual(JSON.parse(storage.records.get('content:ci/build.yml@c1') ?? ''), { kind: 'found', sha: 'c1', text: '# ci/build.yml at c1' });
  });
  it('still answers (and says it landed) when the storage cannot be written; the next session reads the network again', async () => {
    const warnings: string[] = [];
    const storage = new MemoryCacheStorage();
    storage.write = () => Promise.reject(new Error('ENOSPC: no space left on device'));
    const { cache, landed } = setup({ warn: (m) => warnings.push(m) }, { storage, clock: new FakeClock() });
    assert.equal((await settle(cache, REQ))?.freshness, 'fresh');
    assert.equal(landed.length, 1);
    assert.match(warnings.join('\n'), /not saved: ENOSPC/);
  });
  it('removes the content of a commit a moved branch no longer names, and keeps content other requests still use', async () => {
    const { cache, clock, remote, storage } = setup();
    const pinned = { file: 'ci/build.yml', ref: 'c1'.padEnd(40, '0') };
    await settle(cache, REQ);
    await settle(cache, pinned);
    assert.ok(storage.records.has('content:ci/build.yml@c1'));
    remote.head = 'c2';
    clock.advance(DEFAULT_REF_TTL_MS);
    await settle(cache, REQ);
    assert.deepEqual([...storage.records.keys()].filter((k) => k.startsWith('content:')).sort(), [`content:ci/build.yml@${pinned.ref}`, 'content:ci/build.yml@c2']);
  });

  it('remembers a bounded number of requests on disk, forgetting the least recently confirmed', async () => {
    assert.equal(MAX_RESOLUTIONS, 2000);
    const { cache, clock, storage } = setup({ maxResolutions: 20 });
    for (let i = 0; i <= 20; i++) {
      await settle(cache, { file: `ci/${i}.yml`, ref: 'main' });
      clock.advance(1);
    }
    const index = JSON.parse(storage.records.get('index') ?? '{}') as { resolutions: Record<string, unknown> };
    assert.equal(Object.keys(index.resolutions).length, 20);
    assert.equal(index.resolutions['ci/0.yml@main'], undefined);
    assert.equal(storage.records.has('content:ci/0.yml@c1'), false);
    assert.ok(storage.records.has('content:ci/20.yml@c1'));
  });
});
