/**
 * What can go wrong when talking to GitLab, as typed errors with a message a user can
 * act on. Every message is built from our own templates plus GitLab's own explanation,
 * and passes through a redactor, so a token can never surface in a notification or log.
 */
import { redactPatterns } from '../redact';

export type GitLabErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'bad-request' | 'rate-limited' | 'server' | 'network' | 'refused';

interface ErrorRule {
  /** What happened, in one clause. `{host}` and `{detail}` are filled in. */
  readonly what: string;
  /** The next step for the user. */
  readonly next: string;
  /** Whether repeating the same read later can succeed without the user doing anything. */
  readonly transient: boolean;
}

const RULES: Readonly<Record<GitLabErrorKind, ErrorRule>> = {
  unauthorized: { what: 'GitLab at {host} no longer accepts the stored token (revoked or expired)', next: 'Sign in to GitLab again.', transient: false },
  forbidden: { what: 'GitLab at {host} refused the request{detail}', next: 'Check your role in the project and the token\'s scopes (read_api is enough to watch, api is needed to act).', transient: false },
  'not-found': { what: 'GitLab at {host} found nothing at this address{detail}', next: 'Check the project path, or ask for access to the project.', transient: false },
  'bad-request': { what: 'GitLab at {host} refused the request{detail}', next: 'Fix the request and try again.', transient: false },
  'rate-limited': { what: 'GitLab at {host} is rate-limiting requests{detail}', next: 'Release Pilot waits as asked and then carries on.', transient: true },
  server: { what: 'GitLab at {host} answered with a server error{detail}', next: 'It may be down or overloaded; Release Pilot will retry.', transient: true },
  network: { what: 'Cannot reach GitLab at {host}{detail}', next: 'Check your network or VPN; Release Pilot will retry.', transient: true },
  refused: { what: 'Release Pilot refused to send your GitLab token to {detail}', next: 'It only goes to the instance you signed in to; check the instance URL and the project settings.', transient: false },
};

/** Removes credentials from any text that may end up in front of a user. */
export type Redact = (text: string) => string;

export interface GitLabErrorInit {
  readonly host: string;
  readonly detail?: string;
  readonly status?: number;
  readonly redact?: Redact;
}

/** Base of every error the GitLab adapter raises. `message` is the user-facing text. */
export abstract class GitLabError extends Error {
  abstract readonly kind: GitLabErrorKind;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** GitLab's own explanation (redacted), when it gave one. */
  readonly detail: string | undefined;

  protected constructor(kind: GitLabErrorKind, init: GitLabErrorInit, wording: { prefix?: string; next?: string } = {}) {
    const redact = composeRedact(init.redact);
    const detail = init.detail ? redact(init.detail) : undefined;
    const rule = RULES[kind];
    const filled = kind === 'refused' ? (detail ?? 'another server') : detail ? `${wording.prefix ?? ': '}${detail}` : '';
    super(redact(`${rule.what.replace('{host}', init.host).replace('{detail}', filled)}. ${wording.next ?? rule.next}`));
    this.status = init.status;
    this.detail = detail;
  }

  /** Whether a later repeat of the same read may succeed on its own (drives back-off vs. giving up). */
  get transient(): boolean {
    return RULES[this.kind].transient;
  }
}

function composeRedact(redact: Redact | undefined): Redact {
  return (text) => redactPatterns(redact ? redact(text) : text);
}

/** 401: the token was revoked, expired or never valid. The UI should offer "sign in again". */
export class UnauthorizedError extends GitLabError {
  readonly kind = 'unauthorized';
  constructor(init: GitLabErrorInit) {
    super('unauthorized', init);
  }
}

/** 403: missing scope or permission. `missingScope` is set when GitLab said which scope it wanted. */
export class ForbiddenError extends GitLabError {
  readonly kind = 'forbidden';
  readonly missingScope: string | undefined;
  constructor(init: GitLabErrorInit & { missingScope?: string }) {
    const detail = init.missingScope ? `the token lacks the "${init.missingScope}" scope${init.detail ? ` (${init.detail})` : ''}` : init.detail;
    super('forbidden', { ...init, ...(detail ? { detail } : {}) }, init.missingScope ? { next: `Create a token with the ${init.missingScope} scope and sign in again.` } : {});
    this.missingScope = init.missingScope;
  }
}

export class NotFoundError extends GitLabError {
  readonly kind = 'not-found';
  constructor(init: GitLabErrorInit) {
    super('not-found', init, { prefix: ' ' });
  }
}

/** 400/409/422: GitLab understood but refused; `detail` carries its reason (e.g. "Unplayable Job"). */
export class BadRequestError extends GitLabError {
  readonly kind = 'bad-request';
  constructor(init: GitLabErrorInit) {
    super('bad-request', init);
  }
}

/** 429. `retryAfterSeconds` is how long GitLab asked us to wait. */
export class RateLimitedError extends GitLabError {
  readonly kind = 'rate-limited';
  readonly retryAfterSeconds: number;
  constructor(init: GitLabErrorInit & { retryAfterSeconds: number }) {
    super('rate-limited', { ...init, detail: `; retrying in ${init.retryAfterSeconds} s` }, { prefix: '' });
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export class ServerError extends GitLabError {
  readonly kind = 'server';
  constructor(init: GitLabErrorInit) {
    super('server', { ...init, detail: `(HTTP ${init.status ?? 500})` }, { prefix: ' ' });
  }
}

export type NetworkFailure = 'refused' | 'reset' | 'timeout' | 'dns' | 'other';
const NETWORK_WORDS: Readonly<Record<NetworkFailure, string>> = {
  refused: 'connection refused',
  reset: 'connection reset',
  timeout: 'no answer in time',
  dns: 'host name not found',
  other: 'network error',
};

export class NetworkError extends GitLabError {
  readonly kind = 'network';
  readonly failure: NetworkFailure;
  constructor(init: GitLabErrorInit & { failure: NetworkFailure }) {
    super('network', { ...init, detail: `(${NETWORK_WORDS[init.failure]})` }, { prefix: ' ' });
    this.failure = init.failure;
  }
}

/** The token-origin rule fired: a URL (pagination link, redirect, setting) pointed away from the instance. */
export class OriginRefusedError extends GitLabError {
  readonly kind = 'refused';
  constructor(init: GitLabErrorInit) {
    super('refused', init);
  }
}

/** A response as the mapper needs it: status, lower-case header lookup and the raw body text. */
export interface ErrorResponse {
  readonly status: number;
  header(name: string): string | undefined;
  readonly bodyText: string;
}

/**
 * Maps a non-2xx answer to a typed error. `nowMs` (injected clock) turns an epoch
 * `RateLimit-Reset` into a delay when no `Retry-After` came.
 */
export function errorFromResponse(response: ErrorResponse, host: string, nowMs: number, redact?: Redact): GitLabError {
  const { status } = response;
  const body = parseBody(response.bodyText);
  const base = { host, status, ...(redact ? { redact } : {}), ...(body.message ? { detail: body.message } : {}) };
  if (status === 401) return new UnauthorizedError({ host, status, ...(redact ? { redact } : {}) });
  if (status === 403) {
    const scope = body.scope ?? /scope="([^"]+)"/.exec(response.header('www-authenticate') ?? '')?.[1];
    return new ForbiddenError({ ...base, ...(scope ? { missingScope: scope } : {}) });
  }
  if (status === 404) return new NotFoundError({ ...base, ...(body.message ? { detail: `(${body.message})` } : {}) });
  if (status === 429) return new RateLimitedError({ host, status, retryAfterSeconds: retryAfterSeconds(response, nowMs) });
  if (status >= 500) return new ServerError({ host, status });
  return new BadRequestError(base);
}

/** Seconds to wait after a 429: `Retry-After` (seconds or HTTP date), else epoch `RateLimit-Reset`, else 60. */
export function retryAfterSeconds(response: Pick<ErrorResponse, 'header'>, nowMs: number): number {
  const retryAfter = response.header('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - nowMs) / 1000));
  }
  const reset = Number(response.header('ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset - nowMs / 1000));
  return 60;
}

interface ParsedBody {
  readonly message?: string;
  readonly scope?: string;
}

/** GitLab errors come as {message: "..."}, {message: {field: [..]}}, {error: "...", error_description, scope} or plain text. */
function parseBody(text: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const plain = text.trim();
    return plain && plain.length < 300 && !plain.startsWith('<') ? { message: plain } : {};
  }
  if (!json || typeof json !== 'object') return {};
  const record = json as Record<string, unknown>;
  const scope = typeof record['scope'] === 'string' ? record['scope'] : undefined;
  const message = flattenMessage(record['message']) ?? flattenMessage(record['error_description']) ?? flattenMessage(record['error']);
  return { ...(message ? { message } : {}), ...(scope ? { scope } : {}) };
}

function flattenMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.map((v) => flattenMessage(v)).filter(Boolean).join('; ') || undefined;
  if (value && typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(([key, v]) => {
      const text = flattenMessage(v);
      return text ? (key === 'base' ? text : `${key} ${text}`) : undefined;
    });
    return parts.filter(Boolean).join('; ') || undefined;
  }
  return undefined;
}

const NETWORK_CODES: Readonly<Record<string, NetworkFailure>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
};

/** Maps whatever `fetch` threw (undici wraps the socket error in `cause`) to a NetworkError. */
export function errorFromNetworkFailure(error: unknown, host: string, redact?: Redact): NetworkError {
  return new NetworkError({ host, failure: classifyNetworkFailure(error), ...(redact ? { redact } : {}) });
}

function classifyNetworkFailure(error: unknown): NetworkFailure {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const e = current as { name?: unknown; code?: unknown; cause?: unknown };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
    if (typeof e.code === 'string' && NETWORK_CODES[e.code]) return NETWORK_CODES[e.code]!;
    current = e.cause;
  }
  return 'other';
}
