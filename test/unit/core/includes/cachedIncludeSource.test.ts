import { strict as assert } from 'node:assert';
import type { RemoteIncludeAnswer, RemoteIncludeFetcher, RemoteIncludeFound, RemoteIncludeRequest } from '../../../../src/core/ci';
import { MemoryCacheStorage } from '../../../../src/core/includes/cacheStorage';
import { CachedIncludes } from '../../../../src/core/includes/cachedIncludeSource';
import { DEFAULT_REF_TTL_MS, DEFAULT_RETRY_MS } from '../../../../src/core/includes/includeCache';
import { FakeClock } from '../../../support/fakeClock';

const INSTANCE = 'https://gitlab.example.com';
const PROJECT: RemoteIncludeRequest = { kind: 'project', project: 'platform/ci', file: '/templates/build.yml', ref: 'main' };

function found(path: string, text: string, sha = 'c1'): RemoteIncludeFound {
  return { kind: 'found', text, path, project: { path: 'platform/ci', sha }, resolved: sha, displayUrl: `${INSTANCE}/platform/ci/-/blob/${sha}/templates/build.yml`, freshness: 'live' };
}

/** A fetcher answering from a table, counting what it is asked; `down` makes every read unreachable. */
class TableFetcher implements RemoteIncludeFetcher {
  readonly asked: string[] = [];
  down = false;
  sha = 'c1';

  fetch(req: RemoteIncludeRequest): Promise<RemoteIncludeAnswer> {
    this.asked.push(req.kind);
    if (this.down) return Promise.resolve({ kind: 'failure', reason: 'unreachable', message: 'GitLab could not be reached.' });
    if (req.kind === 'template') return Promise.resolve({ kind: 'failure', reason: 'missing', message: 'No such template.' });
    if (req.kind === 'remote') return Promise.resolve({ kind: 'found', text: 'remote: {}', path: 'gitlab-include://ci.example.com/remote/x.yml', resolved: req.url, displayUrl: req.url, freshness: 'live' });
    return Promise.resolve(found(`gitlab-include://gitlab.example.com/project/platform/ci/${this.sha}/templates/build.yml`, `build: { script: [make] } # ${this.sha}`, this.sha));
  }
}

function setup(storage = new MemoryCacheStorage(), clock = new FakeClock()) {
  let landed = 0;
  const includes = new CachedIncludes({ storage, clock, onLanded: () => landed++ });
  const fetcher = new TableFetcher();
  const remote = new TableFetcher();
  const source = includes.sourceFor({ scope: INSTANCE, fetcher, remote, serverFqdn: 'gitlab.example.com' });
  return { includes, fetcher, remote, source, storage, clock, landed: () => landed };
}

describe('CachedIncludes: the editor\'s remote include source', () => {
  it('answers undefined (pending) first, then the file read live, and serves its text for the read-only document', async () => {
    const { includes, source, fetcher, landed } = setup();
    assert.equal(source.serverFqdn, 'gitlab.example.com');
    assert.equal(source.lookup(PROJECT), undefined);
    await includes.settled();
    assert.equal(landed(), 1);
    const answer = source.lookup(PROJECT);
    assert.equal(answer?.kind, 'found');
    assert.equal(answer.kind === 'found' && answer.freshness, 'live');
    assert.deepEqual(fetcher.asked, ['project']);
    const path = answer.kind === 'found' ? answer.path : '';
    assert.equal(includes.textOf(path)?.text, 'build: { script: [make] } # c1');
  });

  it('after a restart, answers from storage as "cached" without asking GitLab', async () => {
    const first = setup();
    first.source.lookup(PROJECT);
    await first.includes.settled();
    const second = setup(first.storage, first.clock);
    second.source.lookup(PROJECT);
    await second.includes.settled();
    const answer = second.source.lookup(PROJECT);
    assert.equal(answer?.kind === 'found' && answer.freshness, 'cached');
    assert.deepEqual(second.fetcher.asked, []);
  });

  it('offline: the cached copy is answered as "stale-offline" so the include says it comes from the cache', async () => {
    const { includes, source, fetcher, clock } = setup();
    source.lookup(PROJECT);
    await includes.settled();
    fetcher.down = true;
    clock.advance(DEFAULT_REF_TTL_MS);
    source.lookup(PROJECT);
    await includes.settled();
    const answer = source.lookup(PROJECT);
    assert.ok(answer?.kind === 'found');
    assert.equal(answer.freshness, 'stale-offline');
    assert.equal(answer.text, 'build: { script: [make] } # c1');
  });

  it('a moved branch gives a new virtual path (the new commit) once re-checked', async () => {
    const { includes, source, fetcher, clock } = setup();
    source.lookup(PROJECT);
    await includes.settled();
    fetcher.sha = 'c2';
    clock.advance(DEFAULT_REF_TTL_MS);
    source.lookup(PROJECT);
    await includes.settled();
    const answer = source.lookup(PROJECT);
    assert.match(answer?.kind === 'found' ? answer.path : '', /\/c2\//);
  });

  it('keys answers by instance: another instance asks its own GitLab', async () => {
    const { includes, source } = setup();
    source.lookup(PROJECT);
    await includes.settled();
    const otherFetcher = new TableFetcher();
    const other = includes.sourceFor({ scope: 'https://gitlab.other.example', fetcher: otherFetcher, remote: new TableFetcher() });
    assert.equal(other.lookup(PROJECT), undefined);
    await includes.settled();
    assert.deepEqual(otherFetcher.asked, ['project']);
  });

  it('without a signed-in instance, project, template and component includes say to sign in; remote URLs are still read', async () => {
    const { includes } = setup();
    const remote = new TableFetcher();
    const source = includes.sourceFor({ remote });
    const answer = source.lookup(PROJECT);
    assert.equal(answer?.kind === 'failure' && answer.reason, 'not-signed-in');
    assert.match(answer?.kind === 'failure' ? answer.message : '', /Sign in to GitLab/);
    assert.equal(source.lookup({ kind: 'remote', url: 'https://ci.example.com/x.yml' }), undefined);
    await includes.settled();
    assert.deepEqual(remote.asked, ['remote']);
  });

  it('forgetRemoteOrigin() asks again for the URLs of that host only', async () => {
    const { includes, source, remote } = setup();
    const a = { kind: 'remote', url: 'https://ci.example.com/a.yml' } as const;
    const b = { kind: 'remote', url: 'https://other.example.com/b.yml' } as const;
    source.lookup(a);
    source.lookup(b);
    await includes.settled();
    includes.forgetRemoteOrigin('https://ci.example.com');
    assert.equal(source.lookup(a), undefined);
    assert.notEqual(source.lookup(b), undefined);
    await includes.settled();
    assert.equal(remote.asked.length, 3);
  });

  it('definite failures are answered as they came, and asked again only after the TTL', async () => {
    const { includes, source, fetcher, clock } = setup();
    const template: RemoteIncludeRequest = { kind: 'template', name: 'Nope.gitlab-ci.yml' };
    source.lookup(template);
    await includes.settled();
    assert.equal(source.lookup(template)?.kind, 'failure');
    clock.advance(DEFAULT_RETRY_MS);
    source.lookup(template);
    await includes.settled();
    assert.equal(fetcher.asked.length, 1);
    clock.advance(DEFAULT_REF_TTL_MS);
    source.lookup(template);
    await includes.settled();
    assert.equal(fetcher.asked.length, 2);
  });

  it('clear() empties the storage', async () => {
    const { includes, source, storage } = setup();
    source.lookup(PROJECT);
    await includes.settled();
    assert.ok(storage.records.size > 0);
    await includes.clear();
    assert.equal(storage.records.size, 0);
    assert.equal(source.lookup(PROJECT), undefined);
  });
});
