/**
 * The slice of Prometheus' HTTP API the canary view needs (`/api/v1/query_range`, `/api/v1/query`),
 * over an injected fetch. Failures come back as values with a reason, never as exceptions.
 * Credentials are passed in at run time (the editor keeps them in SecretStorage) and only ever
 * leave as a header to the configured origin.
 */

/** What this module needs of `fetch`; Node's global `fetch` fits. */
export type FetchLike = (
  url: string,
  init: { readonly method: 'GET'; readonly headers: Record<string, string>; readonly signal?: AbortSignal; readonly redirect?: 'error' },
) => Promise<{ readonly status: number; text(): Promise<string> }>;

export type PrometheusAuth =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

export interface PrometheusClientOptions {
  /** Base URL, e.g. `https://prometheus.example.com` or `http://127.0.0.1:9090/prometheus`. */
  readonly url: string;
  readonly fetch: FetchLike;
  readonly auth?: PrometheusAuth;
  /** Give up on a request after this many ms (default 10 000). */
  readonly timeoutMs?: number;
}

/** One series of a matrix result: labels and `[unix seconds, "value"]` pairs. */
export interface PromMatrixSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

/** One series of a vector result. */
export interface PromVectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

/** Why a request gave nothing: the server is not there, refused, rejected the query, or answered nonsense. */
export type PromFailureKind = 'unreachable' | 'unauthorized' | 'rejected' | 'malformed';

export type PromOutcome<T> =
  | { readonly ok: true; readonly data: T; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly kind: PromFailureKind; readonly reason: string };

interface ApiEnvelope {
  readonly status?: unknown;
  readonly errorType?: unknown;
  readonly error?: unknown;
  readonly warnings?: unknown;
  readonly data?: { readonly resultType?: unknown; readonly result?: unknown };
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : e.message;
}

export class PrometheusClient {
  private readonly base: URL;
  private readonly timeoutMs: number;

  constructor(private readonly options: PrometheusClientOptions) {
    this.base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The server, for messages (never carries credentials). */
  get origin(): string {
    return this.base.origin + this.base.pathname.replace(/\/$/, '');
  }

  /** `query_range` over `[start, end]` (Unix seconds) every `stepSeconds`; expects a matrix. */
  queryRange(query: string, start: number, end: number, stepSeconds: number, signal?: AbortSignal): Promise<PromOutcome<PromMatrixSeries[]>> {
    const params = { query, start: String(start), end: String(end), step: String(stepSeconds) };
    return this.get('api/v1/query_range', params, 'matrix', signal) as Promise<PromOutcome<PromMatrixSeries[]>>;
  }

  /** Instant `query` at `time` (Unix seconds); expects a vector. */
  query(query: string, time: number, signal?: AbortSignal): Promise<PromOutcome<PromVectorSample[]>> {
    return this.get('api/v1/query', { query, time: String(time) }, 'vector', signal) as Promise<PromOutcome<PromVectorSample[]>>;
  }

  private headers(): Record<string, string> {
    const auth = this.options.auth;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (auth?.kind === 'bearer') headers['Authorization'] = `Bearer ${auth.token}`;
    if (auth?.kind === 'basic') headers['Authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return headers;
  }

  private async get(path: string, params: Record<string, string>, resultType: string, signal?: AbortSignal): Promise<PromOutcome<unknown[]>> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let body: string;
    try {
      // Redirects are refused so the Authorization header never follows one to another origin.
      const response = await this.options.fetch(url.toString(), { method: 'GET', headers: this.headers(), signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'error' });
      status = response.status;
      body = await response.text();
    } catch (e) {
      const reason = timeout.aborted ? `did not answer within ${this.timeoutMs / 1000}s` : `is not reachable (${describeError(e)})`;
      return { ok: false, kind: 'unreachable', reason: `Prometheus at ${this.origin} ${reason}` };
    }
    if (status === 401 || status === 403) {
      return { ok: false, kind: 'unauthorized', reason: `Prometheus at ${this.origin} refused access (HTTP ${status}): check the credentials in the Release Pilot settings` };
    }
    let envelope: ApiEnvelope;
    try {
      envelope = JSON.parse(body) as ApiEnvelope;
    } catch {
      return { ok: false, kind: 'malformed', reason: `${this.origin} answered HTTP ${status} with something that is not a Prometheus API response` };
    }
    if (typeof envelope !== 'object' || envelope === null) return { ok: false, kind: 'malformed', reason: `${this.origin} answered HTTP ${status} with an unexpected body` };
    if (envelope.status === 'error') {
      return { ok: false, kind: 'rejected', reason: `Prometheus rejected the query (${String(envelope.errorType)}: ${String(envelope.error)})` };
    }
    const result = envelope.data?.result;
    if (envelope.status !== 'success' || status >= 300 || envelope.data?.resultType !== resultType || !Array.isArray(result)) {
      return { ok: false, kind: 'malformed', reason: `${this.origin} answered HTTP ${status} without a ${resultType} result` };
    }
    const warnings = Array.isArray(envelope.warnings) ? envelope.warnings.map(String) : [];
    return { ok: true, data: result as unknown[], warnings };
  }
}
