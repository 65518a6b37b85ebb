/**
 * The wire under the gitbeaker adapter: one fetch per call, and the only place that
 * holds the token. It exists because gitbeaker's stock requester (a) retries 429/502
 * up to ten times, POSTs included, which would replay a "play production" click,
 * (b) lets fetch follow redirects and accepts absolute endpoints, so a redirect or a
 * crafted URL could carry PRIVATE-TOKEN to another origin, and (c) has no way to send
 * If-None-Match or to surface a 304. gitbeaker documents `requesterFn` as the hook for
 * this; `gitbeakerApi.ts` plugs this transport in there.
 *
 * It is also where an answer is judged before anyone reads it: a web page where JSON was
 * due (a proxy or SSO sign-in page), JSON cut off, or a body past the size limit become
 * {@link UnexpectedAnswerError}s with words, never data.
 */
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import { SecretRedactor } from '../redact';
import type { GitLabError } from './errors';
import { BadRequestError, errorFromNetworkFailure, errorFromResponse, isWebPage, OriginRefusedError, UnexpectedAnswerError } from './errors';
import type { HttpAnswer, HttpSend, HttpWireOptions } from './httpWire';
import { BodyTooLargeError, nodeHttpSend } from './httpWire';
import type { GitLabInstance } from './instance';
import { tokenMayBeSentTo } from './instance';

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

export interface TransportOptions extends HttpWireOptions {
  readonly instance: GitLabInstance;
  readonly token: string;
  /**
   * How the token travels: `PRIVATE-TOKEN` (personal, project, group tokens; the default) or
   * `JOB-TOKEN` (a pipeline's `CI_JOB_TOKEN`, which GitLab accepts only in that header).
   */
  readonly tokenHeader?: 'private-token' | 'job-token';
  /** The wire; by default node:http(s) as the extension host configures it (proxy, system CAs). */
  readonly send?: HttpSend;
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
  /** Largest answer read, after decompression (default 32 MiB); beyond it the read stops with an error. */
  readonly maxBodyBytes?: number;
}

/** Only the start of an error answer is read: GitLab's explanation is a sentence, not megabytes. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface WireRequest {
  readonly method: HttpMethod;
  /** Endpoint relative to the API base, as gitbeaker builds it (`projects/g%2Fp/jobs`). */
  readonly endpoint: string;
  /** Encoded query string without `?`. */
  readonly query?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /**
   * Who holds the body of this read. ETags and bodies are kept per reader, so `If-None-Match`
   * is only sent for a body this reader received itself: a 304 then means "what you have is
   * current", never "someone else read it". Reads without a reader share one default scope.
   */
  readonly reader?: string;
  /** A POST that only reads (CI lint): its failures are worded as a read's, not as an action of unknown outcome. */
  readonly readOnly?: boolean;
  /** Reads at most this many bytes of this answer (below the transport's own limit): an artifact file is cut off, not read whole. */
  readonly maxBodyBytes?: number;
  /** The body is a file to hand over as text (an artifact), whatever its content type: never parsed, never cached. A web page is still refused. */
  readonly rawText?: boolean;
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
  readonly response: HttpAnswer;
  readonly startedAt: number;
}

const MAX_REDIRECTS = 5;

export class GitLabTransport {
  private readonly instance: GitLabInstance;
  private readonly token: string;
  private readonly tokenHeader: 'private-token' | 'job-token';
  private readonly sendFn: HttpSend;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly onRequest: ((event: RequestEvent) => void) | undefined;
  private readonly cacheSize: number;
  private readonly maxCachedBodyBytes: number;
  private readonly maxBodyBytes: number;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly redactor = new SecretRedactor();

  constructor(options: TransportOptions) {
    this.instance = options.instance;
    this.token = options.token;
    this.tokenHeader = options.tokenHeader ?? 'private-token';
    this.sendFn = options.send ?? nodeHttpSend({ ...(options.agent ? { agent: options.agent } : {}), ...(options.ca ? { ca: options.ca } : {}) });
    this.now = options.now ?? (() => Date.now());
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.logger = options.logger ?? silentLogger;
    this.onRequest = options.onRequest;
    this.cacheSize = options.etagCacheSize ?? 500;
    this.maxCachedBodyBytes = options.maxCachedBodyBytes ?? 4 * 1024 * 1024;
    this.maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
    this.redactor.register(options.token);
  }

  /** Masks the token (and anything token-shaped) in `text`. */
  readonly redact = (text: string): string => this.redactor.redact(text);

  async send(request: WireRequest): Promise<WireResponse> {
    let url = this.resolve(request.endpoint, request.query);
    const cacheKey = `${request.reader ?? ''}\n${url.href}`;
    const cached = request.method === 'GET' && request.rawText !== true ? this.cache.get(cacheKey) : undefined;
    for (let hop = 0; ; hop++) {
      const { response, startedAt } = await this.fetchOnce(request, url, cached);
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        response.discard();
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

  /** Forgets what one reader holds (it went away), so its bodies do not wait for the LRU. */
  forgetReader(reader: string): void {
    const prefix = `${reader}\n`;
    for (const key of [...this.cache.keys()]) if (key.startsWith(prefix)) this.cache.delete(key);
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
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers, [this.tokenHeader]: this.token };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (cached) headers['if-none-match'] = cached.etag;
    const started = this.now();
    try {
      const response = await this.sendFn({
        method: request.method,
        url,
        headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: this.signalFor(request),
      });
      return { response, startedAt: started };
    } catch (error) {
      throw this.networkFailure(request, url, error);
    }
  }

  /** gitbeaker's own timeout signal, if any, and ours: whichever fires first ends the request, body included. */
  private signalFor(request: WireRequest): AbortSignal {
    const ours = AbortSignal.timeout(this.timeoutMs);
    return request.signal ? AbortSignal.any([request.signal, ours]) : ours;
  }

  private networkFailure(request: WireRequest, url: URL, error: unknown): GitLabError {
    this.logger.debug(this.redact(`GitLab ${request.method} ${url.pathname} failed: ${String(error)}`));
    if (error instanceof BodyTooLargeError) {
      return new UnexpectedAnswerError({ host: this.instance.hostname, answer: 'too-large', what: `${Math.round(error.limit / (1024 * 1024))} MiB`, write: isWrite(request), redact: this.redact });
    }
    return errorFromNetworkFailure(error, this.instance.hostname, this.redact, isWrite(request));
  }

  private redirectTarget(request: WireRequest, from: URL, response: HttpAnswer, hop: number): URL {
    const location = response.headers['location'];
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
    const ok = response.status >= 200 && response.status < 300;
    if (response.status === 304) response.discard();
    const text = response.status === 304 ? '' : await this.readText(request, url, response, ok);
    const headers = { ...response.headers };
    this.report(request.method, url, sent, text);
    if (response.status === 304 && cached) {
      this.touch(cacheKey, cached);
      return { status: 304, headers: this.paging({ ...cached.headers, ...headers }, url), body: cached.body, notModified: true };
    }
    if (!ok) throw this.failure(request, response, text);
    const body = this.parseBody(request, text, headers['content-type'] ?? '', response.status);
    const etag = headers['etag'];
    if (request.method === 'GET' && etag && request.rawText !== true && Buffer.byteLength(text) <= this.maxCachedBodyBytes) this.touch(cacheKey, { etag, body, headers });
    else if (request.method === 'GET') this.cache.delete(cacheKey);
    return { status: response.status, headers: this.paging(headers, url), body, notModified: false };
  }

  private async readText(request: WireRequest, url: URL, response: HttpAnswer, ok: boolean): Promise<string> {
    try {
      return ok ? await response.text(Math.min(request.maxBodyBytes ?? this.maxBodyBytes, this.maxBodyBytes)) : await response.head(MAX_ERROR_BODY_BYTES);
    } catch (error) {
      throw this.networkFailure(request, url, error);
    }
  }

  private failure(request: WireRequest, response: HttpAnswer, bodyText: string): GitLabError {
    return errorFromResponse(
      { status: response.status, header: (name) => response.headers[name], bodyText },
      this.instance.hostname,
      this.now(),
      this.redact,
      isWrite(request),
    );
  }

  /** JSON when GitLab says JSON; a web page or broken JSON is refused here, before any model sees it. */
  private parseBody(request: WireRequest, text: string, contentType: string, status: number): unknown {
    const unexpected = (answer: 'web-page' | 'malformed-json'): UnexpectedAnswerError =>
      new UnexpectedAnswerError({ host: this.instance.hostname, status, answer, write: isWrite(request), redact: this.redact });
    if (isWebPage(contentType, text)) throw unexpected('web-page');
    if (request.rawText === true) return text;
    if (status === 204 || text === '') return contentType.includes('json') ? {} : '';
    if (!contentType.includes('json')) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw unexpected('malformed-json');
    }
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

/** GitLab's `RateLimit-*` headers of an answer, when it carried them (lower-case names). */
function rateLimitOf(headers: Readonly<Record<string, string>>): { rateLimit?: RateLimitHeaders } {
  const limit = Number(headers['ratelimit-limit'] ?? Number.NaN);
  const remaining = Number(headers['ratelimit-remaining'] ?? Number.NaN);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || limit <= 0) return {};
  const reset = Number(headers['ratelimit-reset'] ?? Number.NaN);
  return { rateLimit: { limit, remaining, ...(Number.isFinite(reset) ? { resetEpochSec: reset } : {}) } };
}

/** Whether a failure may have left something done on GitLab (every method but GET, unless marked read-only). */
function isWrite(request: WireRequest): boolean {
  return request.method !== 'GET' && request.readOnly !== true;
}
