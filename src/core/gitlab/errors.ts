/**
 * What can go wrong when talking to GitLab, as typed errors with a message a user can
 * act on. Every message is built from our own templates plus GitLab's own explanation,
 * and passes through a redactor, so a token can never surface in a notification or log.
 */
import { redactPatterns } from '../redact';

export type GitLabErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'bad-request' | 'rate-limited' | 'server' | 'network' | 'refused';

/** Wording keys: every kind, plus answers that are not the API (their kind stays `server`, so pacing treats them as an outage). */
type RuleKey = GitLabErrorKind | 'unexpected';

/**
 * Longest wait honoured from `Retry-After` or `RateLimit-Reset`. GitLab's own limits reset
 * within minutes; a larger value is a misconfigured proxy, and trusting it would stall the
 * lanes (and a person's refresh) for hours or overflow Node's timer into a request storm.
 */
export const MAX_RETRY_AFTER_SECONDS = 15 * 60;

/** Longest GitLab explanation quoted in a message; a huge error body must not become a huge notification. */
const MAX_DETAIL_CHARS = 300;

interface ErrorRule {
  /** What happened, in one clause. `{host}` and `{detail}` are filled in. */
  readonly what: string;
  /** The next step for the user. */
  readonly next: string;
  /** Whether repeating the same read later can succeed without the user doing anything. */
  readonly transient: boolean;
}

const RULES: Readonly<Record<RuleKey, ErrorRule>> = {
  unauthorized: { what: 'GitLab at {host} no longer accepts the stored token (revoked or expired)', next: 'Sign in to GitLab again.', transient: false },
  forbidden: { what: 'GitLab at {host} refused the request{detail}', next: 'Check your role in the project and the token\'s scopes (read_api is enough to watch, api is needed to act).', transient: false },
  'not-found': { what: 'GitLab at {host} found nothing at this address{detail}', next: 'Check the project path, or ask for access to the project.', transient: false },
  'bad-request': { what: 'GitLab at {host} refused the request{detail}', next: 'Fix the request and try again.', transient: false },
  'rate-limited': { what: 'GitLab at {host} is rate-limiting requests{detail}', next: 'Release Pilot waits as asked and then carries on.', transient: true },
  server: { what: 'GitLab at {host} answered with a server error{detail}', next: 'It may be down or overloaded; Release Pilot will retry.', transient: true },
  network: { what: 'Cannot reach GitLab at {host}{detail}', next: 'Check your network or VPN; Release Pilot will retry.', transient: true },
  refused: { what: 'Release Pilot refused to send your GitLab token to {detail}', next: 'It only goes to the instance you signed in to; check the instance URL and the project settings.', transient: false },
  unexpected: { what: 'GitLab at {host} {detail}', next: 'Release Pilot will retry.', transient: true },
};

/**
 * After a write (play, approve, ...) that got no clear answer, nobody knows whether GitLab did
 * it, and Release Pilot never sends a write twice: the person must look before trying again.
 */
const UNKNOWN_WRITE_OUTCOME = 'The action was sent once and not repeated, so it may or may not have taken effect: check the lanes (they refresh now) before trying again.';

/** Removes credentials from any text that may end up in front of a user. */
export type Redact = (text: string) => string;

export interface GitLabErrorInit {
  readonly host: string;
  readonly detail?: string;
  readonly status?: number;
  readonly redact?: Redact;
  /** The failed request was a write: say it was not repeated instead of promising a retry. */
  readonly write?: boolean;
}

/** Base of every error the GitLab adapter raises. `message` is the user-facing text. */
export abstract class GitLabError extends Error {
  abstract readonly kind: GitLabErrorKind;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** GitLab's own explanation (redacted), when it gave one. */
  readonly detail: string | undefined;

  protected constructor(key: RuleKey, init: GitLabErrorInit, wording: { prefix?: string; next?: string } = {}) {
    const redact = composeRedact(init.redact);
    const detail = init.detail ? clip(redact(init.detail)) : undefined;
    const rule = RULES[key];
    const filled = key === 'refused' || key === 'unexpected' ? (detail ?? 'another server') : detail ? `${wording.prefix ?? ': '}${detail}` : '';
    const next = init.write && rule.transient ? UNKNOWN_WRITE_OUTCOME : wording.next ?? rule.next;
    super(redact(`${rule.what.replace('{host}', init.host).replace('{detail}', filled)}. ${next}`));
    this.status = init.status;
    this.detail = detail;
  }

  /** Whether a later repeat of the same read may succeed on its own (drives back-off vs. giving up). */
  get transient(): boolean {
    return RULES[this.kind].transient;
  }
}

function clip(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text;
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

/** 429. `retryAfterSeconds` is how long GitLab asked us to wait, capped at {@link MAX_RETRY_AFTER_SECONDS}. */
export class RateLimitedError extends GitLabError {
  readonly kind = 'rate-limited';
  readonly retryAfterSeconds: number;
  constructor(init: GitLabErrorInit & { retryAfterSeconds: number }) {
    const { write, ...rest } = init;
    // GitLab refuses a rate-limited write before doing anything, so here the outcome is known.
    super('rate-limited', { ...rest, detail: write ? `; it asked to wait ${init.retryAfterSeconds} s` : `; retrying in ${init.retryAfterSeconds} s` }, {
      prefix: '',
      ...(write ? { next: `The action was not carried out: try again in ${init.retryAfterSeconds} s.` } : {}),
    });
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export class ServerError extends GitLabError {
  readonly kind = 'server';
  constructor(init: GitLabErrorInit) {
    super('server', { ...init, detail: `(HTTP ${init.status ?? 500})` }, { prefix: ' ' });
  }
}

export type NetworkFailure = 'refused' | 'reset' | 'timeout' | 'dns' | 'certificate' | 'proxy' | 'other';
const NETWORK_WORDS: Readonly<Record<NetworkFailure, string>> = {
  refused: 'connection refused',
  reset: 'connection reset',
  timeout: 'no answer in time',
  dns: 'host name not found',
  certificate: 'its certificate is not trusted: self-signed, or signed by a company CA this machine does not know',
  proxy: 'the proxy refused the connection',
  other: 'network error',
};

/** Failures a retry cannot fix: the next step is a setting, not patience. */
const NETWORK_NEXT: Readonly<Partial<Record<NetworkFailure, string>>> = {
  certificate: 'Add the CA to the system\'s trusted certificates (VS Code passes them on with the http.systemCertificates setting) or to NODE_EXTRA_CA_CERTS; Release Pilot never switches certificate checks off.',
  proxy: 'Check the http.proxy setting (and the proxy\'s credentials).',
};

/** Failures before a connection existed: a write met by one of these never reached GitLab. */
const NEVER_SENT: ReadonlySet<NetworkFailure> = new Set(['refused', 'dns', 'certificate', 'proxy']);

export class NetworkError extends GitLabError {
  readonly kind = 'network';
  readonly failure: NetworkFailure;
  constructor(init: GitLabErrorInit & { failure: NetworkFailure }) {
    const neverSent = init.write === true && NEVER_SENT.has(init.failure);
    const next = NETWORK_NEXT[init.failure] ?? (neverSent ? 'The action did not reach GitLab: try again once it can be reached.' : undefined);
    super('network', { ...init, ...(neverSent ? { write: false } : {}), detail: `(${NETWORK_WORDS[init.failure]})` }, { prefix: ' ', ...(next ? { next } : {}) });
    this.failure = init.failure;
  }
}

/**
 * What came back with a success status was not the API's answer: a web page (a sign-in or
 * proxy page), JSON cut off, nothing, the wrong shape, or more than we are willing to read.
 * Its kind is `server`: like an outage, it is retried with back-off and may clear by itself.
 */
export type UnexpectedAnswer = 'web-page' | 'malformed-json' | 'empty' | 'wrong-shape' | 'too-large';

const UNEXPECTED_WORDS: Readonly<Record<UnexpectedAnswer, string>> = {
  'web-page': 'answered with a web page, not the API: a proxy or sign-in page? Open the instance in a browser and sign in to the proxy or VPN if asked',
  'malformed-json': 'sent an answer that is not valid JSON (cut off on the way?)',
  empty: 'sent an empty answer where {what} was expected',
  'wrong-shape': 'sent something that is not {what}',
  'too-large': 'sent an answer larger than {what}; Release Pilot stopped reading it',
};

export class UnexpectedAnswerError extends GitLabError {
  readonly kind = 'server';
  readonly answer: UnexpectedAnswer;
  /** `what` names what was expected (`a pipeline (no "id")`) or, for too-large, the limit. */
  constructor(init: GitLabErrorInit & { answer: UnexpectedAnswer; what?: string }) {
    super('unexpected', { ...init, detail: UNEXPECTED_WORDS[init.answer].replace('{what}', init.what ?? 'data') });
    this.answer = init.answer;
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
export function errorFromResponse(response: ErrorResponse, host: string, nowMs: number, redact?: Redact, write = false): GitLabError {
  const { status } = response;
  const body = parseBody(response.bodyText);
  const base = { host, status, ...(redact ? { redact } : {}), ...(body.message ? { detail: body.message } : {}) };
  // GitLab's API answers its refusals in JSON; an HTML 401/403/407 comes from a proxy or SSO gate in front of it.
  if ((status === 401 || status === 403 || status === 407) && isWebPage(response.header('content-type') ?? '', response.bodyText)) {
    return new UnexpectedAnswerError({ host, status, answer: 'web-page', write, ...(redact ? { redact } : {}) });
  }
  if (status === 401) return new UnauthorizedError({ host, status, ...(redact ? { redact } : {}) });
  if (status === 403) {
    const scope = body.scope ?? /scope="([^"]+)"/.exec(response.header('www-authenticate') ?? '')?.[1];
    return new ForbiddenError({ ...base, ...(scope ? { missingScope: scope } : {}) });
  }
  if (status === 404) return new NotFoundError({ ...base, ...(body.message ? { detail: `(${body.message})` } : {}) });
  if (status === 429) return new RateLimitedError({ host, status, write, retryAfterSeconds: retryAfterSeconds(response, nowMs) });
  if (status >= 500) return new ServerError({ host, status, write });
  return new BadRequestError(base);
}

/**
 * Seconds to wait after a 429: `Retry-After` (seconds or HTTP date), else epoch
 * `RateLimit-Reset`, else 60; never below 0 nor above {@link MAX_RETRY_AFTER_SECONDS}.
 * The one place these headers are read: the poller and the log follower wait this long.
 */
export function retryAfterSeconds(response: Pick<ErrorResponse, 'header'>, nowMs: number): number {
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, askedSeconds(response, nowMs)));
}

function askedSeconds(response: Pick<ErrorResponse, 'header'>, nowMs: number): number {
  const retryAfter = response.header('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.ceil((date - nowMs) / 1000);
  }
  const reset = Number(response.header('ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.ceil(reset - nowMs / 1000);
  return 60;
}

/** An HTML document rather than an API answer: by its type, or by its first tag when the type says nothing useful. */
export function isWebPage(contentType: string, text: string): boolean {
  const type = contentType.toLowerCase();
  if (type.includes('html')) return true;
  if (type.includes('json') || type.startsWith('text/plain')) return false;
  return /^\s*<(!doctype\s+html|html[\s>])/i.test(text.slice(0, 200));
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
    if (plain.startsWith('{')) return cutJsonMessage(plain);
    return plain && plain.length < 300 && !plain.startsWith('<') ? { message: plain } : {};
  }
  if (!json || typeof json !== 'object') return {};
  const record = json as Record<string, unknown>;
  const scope = typeof record['scope'] === 'string' ? record['scope'] : undefined;
  const message = flattenMessage(record['message']) ?? flattenMessage(record['error_description']) ?? flattenMessage(record['error']);
  return { ...(message ? { message } : {}), ...(scope ? { scope } : {}) };
}

/** Only the start of a long error body is read, so its JSON is cut: GitLab's message still leads it. */
function cutJsonMessage(text: string): ParsedBody {
  const raw = /^\{\s*"(?:message|error)"\s*:\s*"((?:[^"\\]|\\.)*)/.exec(text)?.[1];
  if (!raw) return {};
  let message: string;
  try {
    message = JSON.parse(`"${raw.replace(/\\$/, '')}"`) as string;
  } catch {
    message = raw;
  }
  return message.trim() ? { message: message.trim() } : {};
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
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate',
  CERT_HAS_EXPIRED: 'certificate',
  CERT_NOT_YET_VALID: 'certificate',
  CERT_UNTRUSTED: 'certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate',
  ERR_PROXY_REFUSED: 'proxy',
};

/** Maps whatever `fetch` threw (undici wraps the socket error in `cause`) to a NetworkError. */
export function errorFromNetworkFailure(error: unknown, host: string, redact?: Redact, write = false): NetworkError {
  return new NetworkError({ host, write, failure: classifyNetworkFailure(error), ...(redact ? { redact } : {}) });
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
