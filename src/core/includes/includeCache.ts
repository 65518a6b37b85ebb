/**
 * What includes from other projects, templates, components and remote URLs resolved to, kept so
 * that a second open needs no network (also after a restart) and GitLab being unreachable leaves
 * the last known version in use, said so.
 *
 * Two tables, as GitLab's own data is shaped: a request (instance, project, file, `ref`) resolves
 * to a content key (instance, project, file, the commit it was read at); contents are immutable
 * per content key and kept for good, while a resolution is trusted for {@link DEFAULT_REF_TTL_MS}
 * before the ref is asked about again (a branch moves; a commit SHA never does). Lookups are
 * synchronous from memory, so an analysis never waits: a miss or a stale resolution starts a
 * background read (disk first, then the network) and `onLanded` says when to analyse again.
 */
import type { CacheStorage } from './cacheStorage';

/** A branch that moved is noticed at most this long after: a few minutes, as the issue asks. */
export const DEFAULT_REF_TTL_MS = 5 * 60_000;
/** After GitLab could not be reached, the next try waits this long (lookups happen on every keystroke). */
export const DEFAULT_RETRY_MS = 60_000;
/** Requests remembered on disk at most (each a few hundred bytes plus its file): the least recently confirmed go first. */
export const MAX_RESOLUTIONS = 2000;
/** Reads in flight at once: a configuration with many includes does not burst requests at the instance. */
export const MAX_PARALLEL_FETCHES = 4;

const INDEX_RECORD = 'index';
const INDEX_VERSION = 1;

/** How the cache understands the requests and answers of the port it wraps. */
export interface IncludeCachePolicy<R, A> {
  /** What names the same thing: instance, kind, project, file and ref (template name, component and version, URL). */
  key(request: R): string;
  /** The request names a version that never moves (a full commit SHA): its resolution never goes stale. */
  pinned(request: R): boolean;
  /**
   * Where a definite answer's content is kept across sessions (instance, project, file and the
   * commit it was read at); undefined for answers kept only in memory until they go stale
   * (a missing file, a refused project: asked again later, never persisted).
   */
  contentKey(request: R, answer: A): string | undefined;
  /** The answer only says GitLab (or the remote host) could not be reached: a cached version is better. */
  unreachable(answer: A): boolean;
  /** Reads back a stored answer; undefined when the record is not one (an older format, a damaged file). */
  revive(stored: unknown): A | undefined;
}

/**
 * The network side: one read of what a request names. `known` is the answer held now, if any (a
 * reader may confirm it is still current more cheaply than reading it again). Rejections count
 * as "unreachable".
 */
export type IncludeFetch<R, A> = (request: R, known: A | undefined) => Promise<A>;

export interface IncludeCacheOptions<R, A> {
  readonly storage: CacheStorage;
  readonly clock: { now(): number };
  readonly policy: IncludeCachePolicy<R, A>;
  readonly fetch: IncludeFetch<R, A>;
  /** Called once per background read that changed what {@link IncludeCache.lookup} answers. */
  readonly onLanded: (key: string) => void;
  /** Epoch ms before which no request for `request` should be sent (its instance's rate budget); 0 or past: send. */
  readonly holdUntil?: (request: R) => number;
  readonly refTtlMs?: number;
  readonly retryMs?: number;
  /** Default {@link MAX_RESOLUTIONS}. */
  readonly maxResolutions?: number;
  /** Told about reads that failed in a way the answer cannot carry (storage errors, rejected fetches). */
  readonly warn?: (message: string) => void;
}

/** Where an answer came from: checked within the TTL, older than it (a re-check is on its way), or kept because the check failed. */
export type CacheFreshness = 'fresh' | 'stale' | 'offline';

export interface CachedAnswer<A> {
  readonly answer: A;
  readonly freshness: CacheFreshness;
  /** Confirmed by the network in this session, or read back from storage (an earlier session). */
  readonly origin: 'network' | 'storage';
  /** When GitLab last confirmed this answer (epoch ms). */
  readonly checkedAt: number;
}

interface Held<A> {
  answer: A;
  checkedAt: number;
  /** The last try to confirm it failed to reach GitLab. */
  offline: boolean;
  /** Kept on disk under this content key; undefined for answers held only in memory. */
  contentKey?: string;
  origin: 'network' | 'storage';
}

interface Resolution {
  readonly contentKey: string;
  readonly checkedAt: number;
}

interface IndexRecord {
  readonly version: number;
  readonly resolutions: Record<string, Resolution>;
}

export class IncludeCache<R, A> {
  private readonly held = new Map<string, Held<A>>();
  private readonly attempts = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Keys forgotten on purpose: their next read goes to the network, not to what storage holds. */
  private readonly bypassStorage = new Set<string>();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  private index: Promise<Map<string, Resolution>> | undefined;
  private indexWrite: Promise<void> = Promise.resolve();
  private readonly refTtlMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: IncludeCacheOptions<R, A>) {
    this.refTtlMs = options.refTtlMs ?? DEFAULT_REF_TTL_MS;
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  }

  /**
   * What the cache holds for `request` now, without waiting; undefined when nothing is known yet.
   * A miss, a stale resolution or a due retry starts one background read.
   */
  lookup(request: R): CachedAnswer<A> | undefined {
    const key = this.options.policy.key(request);
    const held = this.held.get(key);
    const now = this.options.clock.now();
    const pinned = this.options.policy.pinned(request) && held?.contentKey !== undefined;
    const fresh = held !== undefined && !held.offline && (pinned || now - held.checkedAt < this.refTtlMs);
    if (!fresh && this.due(key, now)) void this.refresh(key, request);
    if (!held) return undefined;
    return { answer: held.answer, checkedAt: held.checkedAt, origin: held.origin, freshness: fresh ? 'fresh' : held.offline ? 'offline' : 'stale' };
  }

  /** Drops what memory holds for matching keys (their answers depended on something that changed, such as a host allowed since). */
  forget(matches: (key: string) => boolean): void {
    for (const key of [...this.held.keys()]) {
      if (!matches(key)) continue;
      this.held.delete(key);
      this.attempts.delete(key);
      this.bypassStorage.add(key);
    }
  }

  /** Resolves when every background read started so far has finished (tests, and the CLI's single pass). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  /** Forgets everything, in memory and on disk. */
  async clear(): Promise<void> {
    await this.settled();
    this.held.clear();
    this.attempts.clear();
    this.bypassStorage.clear();
    this.index = Promise.resolve(new Map());
    await this.indexWrite;
    await this.options.storage.clear();
  }

  private due(key: string, now: number): boolean {
    if (this.inFlight.has(key)) return false;
    const last = this.attempts.get(key);
    const held = this.held.get(key);
    // A failed try waits before the next one; a plain stale entry is re-checked at once.
    const failedLast = held === undefined ? last !== undefined : held.offline;
    return !failedLast || last === undefined || now - last >= this.retryMs;
  }

  private refresh(key: string, request: R): Promise<void> {
    const work = this.limited(() => this.read(key, request))
      .catch((error: unknown) => this.options.warn?.(`include cache: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  private async read(key: string, request: R): Promise<void> {
    const { policy, clock } = this.options;
    let changed = false;
    if (!this.held.has(key) && !this.bypassStorage.delete(key)) changed = await this.fromDisk(key, request);
    const afterDisk = this.held.get(key);
    const now = clock.now();
    if (afterDisk && !afterDisk.offline && (policy.pinned(request) && afterDisk.contentKey !== undefined || now - afterDisk.checkedAt < this.refTtlMs)) {
      if (changed) this.options.onLanded(key);
      return;
    }
    const hold = this.options.holdUntil?.(request) ?? 0;
    if (hold > now) {
      // The instance's quota is nearly spent: the lanes come first; this waits for the next lookup after the hold.
      this.attempts.set(key, hold - this.retryMs);
      if (changed) this.options.onLanded(key);
      return;
    }
    this.attempts.set(key, now);
    let answer: A | undefined;
    try {
      answer = await this.options.fetch(request, this.held.get(key)?.answer);
    } catch (error) {
      this.options.warn?.(`include read failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const checkedAt = clock.now();
    const known = this.held.get(key);
    if (answer === undefined || policy.unreachable(answer)) {
      if (known) {
        if (!known.offline) changed = true;
        known.offline = true;
      } else if (answer !== undefined) {
        this.held.set(key, { answer, checkedAt, offline: true, origin: 'network' });
        changed = true;
      }
      if (changed) this.options.onLanded(key);
      return;
    }
    const contentKey = policy.contentKey(request, answer);
    const same = known !== undefined && !known.offline && contentKey !== undefined && known.contentKey === contentKey;
    this.held.set(key, { answer, checkedAt, offline: false, origin: 'network', ...(contentKey === undefined ? {} : { contentKey }) });
    if (!same || changed) this.options.onLanded(key);
    // Memory already answers; a storage that cannot be written only costs the next session a read.
    if (contentKey !== undefined) {
      await this.persist(key, contentKey, answer, checkedAt, known?.contentKey === contentKey)
        .catch((error: unknown) => this.options.warn?.(`include cache not saved: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  /** Loads what an earlier session stored for `key`; true when it found something. */
  private async fromDisk(key: string, request: R): Promise<boolean> {
    const resolution = (await this.loadIndex()).get(key);
    if (!resolution) return false;
    const text = await this.options.storage.read(contentRecord(resolution.contentKey));
    const answer = text === undefined ? undefined : this.options.policy.revive(parseJson(text));
    if (answer === undefined || this.options.policy.contentKey(request, answer) !== resolution.contentKey) return false;
    this.held.set(key, { answer, checkedAt: resolution.checkedAt, offline: false, contentKey: resolution.contentKey, origin: 'storage' });
    return true;
  }

  private async persist(key: string, contentKey: string, answer: A, checkedAt: number, contentKnown: boolean): Promise<void> {
    const { storage } = this.options;
    if (!contentKnown) await storage.write(contentRecord(contentKey), JSON.stringify(answer));
    const index = await this.loadIndex();
    const dropped = [index.get(key)?.contentKey];
    index.set(key, { contentKey, checkedAt });
    // The least recently confirmed go first once the table is full: the cache follows what is included now.
    while (index.size > (this.options.maxResolutions ?? MAX_RESOLUTIONS)) {
      const oldest = [...index].reduce((a, b) => (b[1].checkedAt < a[1].checkedAt ? b : a));
      index.delete(oldest[0]);
      dropped.push(oldest[1].contentKey);
    }
    // Index writes go one after another, each with the whole table as it is then; one failed write does not stop the next.
    this.indexWrite = this.indexWrite.catch(() => undefined).then(() => storage.write(INDEX_RECORD, JSON.stringify(indexRecord(index))));
    await this.indexWrite;
    // A branch that moved leaves its old commit's content unreferenced: removed, so the cache grows with what is included, not with history.
    const referenced = new Set([...index.values()].map((r) => r.contentKey));
    for (const old of new Set(dropped)) if (old !== undefined && !referenced.has(old)) await storage.remove(contentRecord(old));
  }

  private loadIndex(): Promise<Map<string, Resolution>> {
    this.index ??= this.options.storage.read(INDEX_RECORD).then(parseIndex, () => new Map<string, Resolution>());
    return this.index;
  }

  /** Runs `task` when fewer than {@link MAX_PARALLEL_FETCHES} reads are under way. */
  private limited(task: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const start = (): void => {
        this.running++;
        task().then(resolve, reject).finally(() => {
          this.running--;
          this.queue.shift()?.();
        });
      };
      if (this.running < MAX_PARALLEL_FETCHES) start();
      else this.queue.push(start);
    });
  }
}

/** The storage record of one content key. */
export function contentRecord(contentKey: string): string {
  return `content:${contentKey}`;
}

function indexRecord(index: ReadonlyMap<string, Resolution>): IndexRecord {
  return { version: INDEX_VERSION, resolutions: Object.fromEntries(index) };
}

function parseIndex(text: string | undefined): Map<string, Resolution> {
  const out = new Map<string, Resolution>();
  const parsed = text === undefined ? undefined : parseJson(text);
  if (!isRecord(parsed) || parsed['version'] !== INDEX_VERSION || !isRecord(parsed['resolutions'])) return out;
  for (const [key, value] of Object.entries(parsed['resolutions'])) {
    if (isRecord(value) && typeof value['contentKey'] === 'string' && typeof value['checkedAt'] === 'number') {
      out.set(key, { contentKey: value['contentKey'], checkedAt: value['checkedAt'] });
    }
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
