/**
 * The editor's {@link RemoteIncludeSource}: answers from the {@link IncludeCache}, never waiting,
 * with each instance's fetcher behind it. One cache serves every instance (and `include:remote`
 * hosts), so its keys carry the instance; the token never enters it.
 */
import type { RemoteIncludeAnswer, RemoteIncludeFetcher, RemoteIncludeFound, RemoteIncludeRequest, RemoteIncludeSource } from '../ci';
import { remoteIncludeKey } from '../ci';
import type { CacheStorage } from './cacheStorage';
import type { CachedAnswer, IncludeCachePolicy } from './includeCache';
import { IncludeCache } from './includeCache';

/** A request as the cache sees it: which instance it goes to (or `remote` for URLs), and who reads it. */
export interface ScopedRequest {
  /** The instance's URL; `remote` for `include:remote`, which is fetched without any instance. */
  readonly scope: string;
  readonly request: RemoteIncludeRequest;
  readonly fetcher: RemoteIncludeFetcher;
}

/** The scope of `include:remote` requests: one for every repository, since no token is involved. */
export const REMOTE_SCOPE = 'remote';

const FULL_SHA = /^[0-9a-f]{40}$/i;

/** Failures worth asking about again later rather than keeping: everything but a definite answer. */
const UNREACHABLE = new Set<string>(['unreachable']);

export const INCLUDE_CACHE_POLICY: IncludeCachePolicy<ScopedRequest, RemoteIncludeAnswer> = {
  key: (r) => `${r.scope}|${remoteIncludeKey(r.request)}`,
  pinned: (r) => (r.request.kind === 'project' ? FULL_SHA.test(r.request.ref ?? '') : r.request.kind === 'component' && FULL_SHA.test(r.request.version)),
  // Found files are kept by their virtual path, which holds the commit they were read at.
  contentKey: (r, answer) => (answer.kind === 'found' ? `${r.scope}|${answer.path}` : undefined),
  unreachable: (answer) => answer.kind === 'failure' && UNREACHABLE.has(answer.reason),
  revive: reviveFound,
};

export interface CachedIncludesOptions {
  readonly storage: CacheStorage;
  readonly clock: { now(): number };
  /** Something cached changed: analyses that asked for it should run again. */
  readonly onLanded: () => void;
  /** Epoch ms until which an instance's quota asks for no more requests (its rate budget). */
  readonly holdUntil?: (scope: string) => number;
  readonly refTtlMs?: number;
  readonly retryMs?: number;
  readonly warn?: (message: string) => void;
}

/**
 * Everything fetched, for every instance. {@link sourceFor} gives the analysis of one repository
 * a {@link RemoteIncludeSource} on its instance; {@link textOf} serves the read-only documents.
 */
export class CachedIncludes {
  private readonly cache: IncludeCache<ScopedRequest, RemoteIncludeAnswer>;
  /** Found files by virtual path, as last answered: what the read-only documents show. */
  private readonly byPath = new Map<string, RemoteIncludeFound>();

  constructor(private readonly options: CachedIncludesOptions) {
    this.cache = new IncludeCache<ScopedRequest, RemoteIncludeAnswer>({
      storage: options.storage,
      clock: options.clock,
      policy: INCLUDE_CACHE_POLICY,
      fetch: (r, known) => r.fetcher.fetch(r.request, known?.kind === 'found' ? known : undefined),
      onLanded: () => options.onLanded(),
      holdUntil: (r) => options.holdUntil?.(r.scope) ?? 0,
      ...(options.refTtlMs === undefined ? {} : { refTtlMs: options.refTtlMs }),
      ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
      ...(options.warn ? { warn: options.warn } : {}),
    });
  }

  /**
   * The source one analysis reads: `scope` is the repository's instance URL (undefined when it is
   * not signed in), `fetcher` its reader; `remote` reads `include:remote` URLs.
   */
  sourceFor(target: { readonly scope?: string; readonly fetcher?: RemoteIncludeFetcher; readonly remote: RemoteIncludeFetcher; readonly serverFqdn?: string }): RemoteIncludeSource {
    const lookup = (request: RemoteIncludeRequest): RemoteIncludeAnswer | undefined => {
      if (request.kind === 'remote') return this.lookup({ scope: REMOTE_SCOPE, request, fetcher: target.remote });
      if (target.scope === undefined || !target.fetcher) return notSignedIn(request);
      return this.lookup({ scope: target.scope, request, fetcher: target.fetcher });
    };
    return target.serverFqdn === undefined ? { lookup } : { lookup, serverFqdn: target.serverFqdn };
  }

  /** The text of a file an analysis was given, by its virtual path. */
  textOf(path: string): RemoteIncludeFound | undefined {
    return this.byPath.get(path);
  }

  /** Asks again for every `include:remote` under `origin` (`https://host[:port]`), after the person allowed it. */
  forgetRemoteOrigin(origin: string): void {
    const prefix = `${REMOTE_SCOPE}|${remoteIncludeKey({ kind: 'remote', url: `${origin}/` })}`;
    this.cache.forget((key) => key.startsWith(prefix));
  }

  settled(): Promise<void> {
    return this.cache.settled();
  }

  async clear(): Promise<void> {
    this.byPath.clear();
    await this.cache.clear();
  }

  private lookup(scoped: ScopedRequest): RemoteIncludeAnswer | undefined {
    const cached = this.cache.lookup(scoped);
    return cached === undefined ? undefined : this.present(cached);
  }

  private present(cached: CachedAnswer<RemoteIncludeAnswer>): RemoteIncludeAnswer {
    const answer = cached.answer;
    if (answer.kind !== 'found') return answer;
    const freshness = cached.freshness === 'offline' ? 'stale-offline' : cached.freshness === 'fresh' && cached.origin === 'network' ? 'live' : 'cached';
    const found: RemoteIncludeFound = { ...answer, freshness };
    this.byPath.set(found.path, found);
    return found;
  }
}

function notSignedIn(request: RemoteIncludeRequest): RemoteIncludeAnswer {
  const what = request.kind === 'template' ? 'templates' : request.kind === 'component' ? 'components' : 'other projects';
  return {
    kind: 'failure',
    reason: 'not-signed-in',
    message: `Sign in to this repository's GitLab instance (Release Pilot: Sign in to GitLab) to read includes from ${what}.`,
  };
}

/** A stored answer read back: only found files are stored, and only with every field they need. */
function reviveFound(stored: unknown): RemoteIncludeAnswer | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const s = stored as Record<string, unknown>;
  if (s['kind'] !== 'found' || typeof s['text'] !== 'string' || typeof s['path'] !== 'string' || typeof s['resolved'] !== 'string' || typeof s['displayUrl'] !== 'string') return undefined;
  const project = s['project'];
  const found: RemoteIncludeFound = { kind: 'found', text: s['text'], path: s['path'], resolved: s['resolved'], displayUrl: s['displayUrl'], freshness: 'cached' };
  if (project === undefined) return found;
  if (typeof project !== 'object' || project === null) return undefined;
  const p = project as Record<string, unknown>;
  if (typeof p['path'] !== 'string' || typeof p['sha'] !== 'string') return undefined;
  return { ...found, project: { path: p['path'], sha: p['sha'] } };
}
