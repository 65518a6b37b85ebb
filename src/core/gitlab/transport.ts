/**
 * The wire under the gitbeaker adapter: one fetch per call, and the only place that
 * holds the token. It exists because gitbeaker's stock requester (a) retries 429/502
 * up to ten times, POSTs included, which would replay a "play production" click,
 * (b) lets fetch follow redirects and accepts absolute endpoints, so a redirect or a
 * crafted URL could carry PRIVATE-TOKEN to another origin, and (c) has no way to send
 * If-None-Match or to surface a 304. gitbeaker documents `requesterFn` as the hook for
 * this; `gitbeakerApi.ts` plugs this transport in there.
 */
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import { SecretRedactor } from '../redact';
import type { GitLabError } from './errors';
import { BadRequestError, errorFromNetworkFailure, errorFromResponse, OriginRefusedError } from './errors';
import type { GitLabInstance } from './instance';
import { tokenMayBeSentTo } from './instance';

/** `fetch` as Node 20 ships it; injectable for tests and for proxies. */
export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request, for logging and the benchmark. Carries the path only, never headers. */
export interface RequestEvent {
  readonly method: HttpMethod;
  readonly path: string;
  readonly status: number;
  readonly notModified: boolean;
  readonly bytes: number;
  readonly durationMs: number;
  /** GitLab's `RateLimit-*` headers, when the answer carried them. */
  readonly rateLimit?: RateLimitHeaders;
}

/** Where the caller stands in GitLab's per-user request quota (`RateLimit-Limit` is per 60 s). */
export interface RateLimitHeaders {
  readonly limit: number;
  readonly remaining: number;
  /** `RateLimit-Reset`: Unix epoch seconds at which the quota refills. */
  readonly resetEpochSec?: number;
}

export interface TransportOptions {
  readonly instance: GitLabInstance;
  readonly token: string;
  readonly fetch?: FetchFn;
  /** Wall clock in ms, for turning `RateLimit-Reset` epochs into delays. */
  readonly now?: () => number;
  /** Abort a request that has not answered in this many ms (default 30 000). */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
  readonly onRequest?: (event: RequestEvent) => void;
  /** How many URLs keep an ETag and body (default 500; least recently used go first). */
  readonly etagCacheSize?: number;
  /** Bodies larger than this are not kept for 304s (default 4 MiB), so huge job logs cannot pile up in memory. */
  readonly maxCachedBodyBytes?: number;
}

export interface WireRequest {
  readonly method: HttpMethod;
  /** Endpoint relative to the API base, as gitbeaker builds it (`projects/g%2Fp/jobs`). */
  readonly endpoint: string;
  /** Encoded query string without `?`. */
  readonly query?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** The server answered 304 and `body` is the cached copy. */
  readonly notModified: boolean;
}

interface CacheEntry {
  readonly etag: string;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

interface Sent {
  readonly response: Response;
  readonly startedAt: number;
}

const MAX_REDIRECTS = 5;

export class GitLabTransport {
  private readonly instance: GitLabInstance;
  private readonly token: string;
  private readonly fetchFn: FetchFn;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly onRequest: ((event: RequestEvent) => void) | undefined;
  private readonly cacheSize: number;
  private readonly maxCachedBodyBytes: number;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly redactor = new SecretRedactor();

  constructor(options: TransportOptions) {
    this.instance = options.instance;
    this.token = options.token;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => Date.now());
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.logger = options.logger ?? silentLogger;
    this.onRequest = options.onRequest;
    this.cacheSize = options.etagCacheSize ?? 500;
    this.maxCachedBodyBytes = options.maxCachedBodyBytes ?? 4 * 1024 * 1024;
    this.redactor.register(options.token);
  }

  /** Masks the token (and anything token-shaped) in `text`. */
  readonly redact = (text: string): string => this.redactor.redact(text);

  async send(request: WireRequest): Promise<WireResponse> {
    let url = this.resolve(request.endpoint, request.query);
    const cacheKey = url.href;
    const cached = request.method === 'GET' ? this.cache.get(cacheKey) : undefined;
    for (let hop = 0; ; hop++) {
      const { response, startedAt } = await this.fetchOnce(request, url, cached);
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        url = this.redirectTarget(request, url, response, hop);
        continue;
      }
      return this.finish(request, url, cacheKey, { response, startedAt }, cached);
    }
  }

  /** Forgets ETags and cached bodies (sign-out, or to force a full reload). */
  clearCache(): void {
    this.cache.clear();
  }

  private resolve(endpoint: string, query: string | undefined): URL {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(endpoint)) throw this.refused(endpoint);
    const url = new URL(endpoint, this.instance.apiBase);
    url.search = query ?? '';
    if (!tokenMayBeSentTo(this.instance, url)) throw this.refused(url.href);
    return url;
  }

  private refused(target: string): OriginRefusedError {
    let where = 'another server';
    try {
      where = new URL(target, this.instance.apiBase).host;
    } catch {
      // keep the generic wording: the target was not even a URL
    }
    this.logger.warn(`Refused a GitLab request to ${where}: it is not ${this.instance.url}.`);
    return new OriginRefusedError({ host: this.instance.hostname, detail: where, redact: this.redact });
  }

  private async fetchOnce(request: WireRequest, url: URL, cached: CacheEntry | undefined): Promise<Sent> {
    // Checked again here, right before the token is attached, whatever path led to this URL.
    if (!tokenMayBeSentTo(this.instance, url)) throw this.refused(url.href);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers, 'private-token': this.token };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (cached) headers['if-none-match'] = cached.etag;
    const started = this.now();
    try {
      const response = await this.fetchFn(url.href, {
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        redirect: 'manual',
        signal: request.signal ?? AbortSignal.timeout(this.timeoutMs),
      });
      return { response, startedAt: started };
    } catch (error) {
      this.logger.debug(this.redact(`GitLab ${request.method} ${url.pathname} failed: ${String(error)}`));
      throw errorFromNetworkFailure(error, this.instance.hostname, this.redact);
    }
  }

  private redirectTarget(request: WireRequest, from: URL, response: Response, hop: number): URL {
    const location = response.headers.get('location');
    let target: URL | undefined;
    try {
      target = location ? new URL(location, from) : undefined;
    } catch {
      target = undefined;
    }
    if (target && !tokenMayBeSentTo(this.instance, target)) throw this.refused(target.href);
    // A write is never sent twice, not even to follow a redirect.
    if (!target || request.method !== 'GET' || hop >= MAX_REDIRECTS) {
      throw new BadRequestError({ host: this.instance.hostname, status: response.status, detail: `unexpected redirect (HTTP ${response.status}); the request was not repeated`, redact: this.redact });
    }
    return target;
  }

  private async finish(request: WireRequest, url: URL, cacheKey: string, sent: Sent, cached: CacheEntry | undefined): Promise<WireResponse> {
    const { response } = sent;
    const text = response.status === 304 ? '' : await this.readText(response);
    const headers = Object.fromEntries(response.headers.entries());
    this.report(request.method, url, sent, text);
    if (response.status === 304 && cached) {
      this.touch(cacheKey, cached);
      return { status: 304, headers: this.paging({ ...cached.headers, ...headers }, url), body: cached.body, notModified: true };
    }
    if (response.status < 200 || response.status >= 300) throw this.failure(response, text);
    const body = parseBody(text, headers['content-type'] ?? '', response.status);
    const etag = headers['etag'];
    if (request.method === 'GET' && etag && Buffer.byteLength(text) <= this.maxCachedBodyBytes) this.touch(cacheKey, { etag, body, headers });
    else if (request.method === 'GET') this.cache.delete(cacheKey);
    return { status: response.status, headers: this.paging(headers, url), body, notModified: false };
  }

  private async readText(response: Response): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw errorFromNetworkFailure(error, this.instance.hostname, this.redact);
    }
  }

  private failure(response: Response, bodyText: string): GitLabError {
    return errorFromResponse(
      { status: response.status, header: (name) => response.headers.get(name) ?? undefined, bodyText },
      this.instance.hostname,
      this.now(),
      this.redact,
    );
  }

  /**
   * gitbeaker pages by `Link: rel="next"` only, reusing just its query string. Where the
   * server sent only `x-next-page` a next link is synthesised; a next link pointing off
   * the instance stops paging altogether.
   */
  private paging(headers: Record<string, string>, url: URL): Record<string, string> {
    const next = /<([^>]+)>;\s*rel="next"/.exec(headers['link'] ?? '')?.[1];
    if (next) {
      if (tokenMayBeSentTo(this.instance, new URL(next, url))) return headers;
      this.logger.warn(`Ignored a pagination link that leaves ${this.instance.url}.`);
      const { link: _link, ['x-next-page']: _next, ...rest } = headers;
      return rest;
    }
    const page = headers['x-next-page']?.trim();
    if (!page || !/^\d+$/.test(page)) return headers;
    const nextUrl = new URL(url.href);
    nextUrl.searchParams.set('page', page);
    return { ...headers, link: `<${nextUrl.href}>; rel="next"` };
  }

  private touch(key: string, entry: CacheEntry): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private report(method: HttpMethod, url: URL, { response, startedAt }: Sent, text: string): void {
    this.onRequest?.({
      method,
      path: url.pathname + url.search,
      status: response.status,
      notModified: response.status === 304,
      bytes: Buffer.byteLength(text),
      durationMs: this.now() - startedAt,
      ...rateLimitOf(response.headers),
    });
  }
}

function rateLimitOf(headers: Headers): { rateLimit?: RateLimitHeaders } {
  const limit = Number(headers.get('ratelimit-limit') ?? Number.NaN);
  const remaining = Number(headers.get('ratelimit-remaining') ?? Number.NaN);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || limit <= 0) return {};
  const reset = Number(headers.get('ratelimit-reset') ?? Number.NaN);
  return { rateLimit: { limit, remaining, ...(Number.isFinite(reset) ? { resetEpochSec: reset } : {}) } };
}

function parseBody(text: string, contentType: string, status: number): unknown {
  if (status === 204 || text === '') return contentType.includes('json') ? {} : '';
  if (contentType.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
