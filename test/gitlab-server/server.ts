// The fake GitLab's HTTP front: faults, authentication, routing, ETags, rate-limit headers and
// the request log, on node:http bound to 127.0.0.1.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock';
import { FakeClock } from '../support/fakeClock';
import { ApiError, routeNotFound } from './errors';
import { FaultController } from './faults';
import { executeGraphql, graphqlCaller, graphqlRequestOf, invalidTokenAnswer } from './graphql/endpoint';
import { authenticate, tokenFrom } from './http/auth';
import { BodyError, parseBody } from './http/body';
import { RateLimiter } from './http/rateLimit';
import { Router } from './http/router';
import type { ApiResponse, BodyStream, Method } from './http/types';
import type { TokenScope } from './model';
import type { LoggedRequest } from './requestLog';
import { RequestLog } from './requestLog';
import { ALL_ROUTES } from './routes';
import { tick } from './simulation';
import { FakeGitLabState } from './state';

export interface GitLabServerOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Defaults to a FakeClock: nothing moves until the test calls advance(). */
  readonly clock?: Clock;
  /** Start from this state instead of an empty one. */
  readonly state?: FakeGitLabState;
  /** Users with tokens to create up front. */
  readonly tokens?: readonly { readonly username: string; readonly value: string; readonly scopes?: readonly TokenScope[] }[];
  /** Run the simulation on a real timer every N ms (the sandbox does). */
  readonly autoTickMs?: number;
  /** Called after every automatic tick. */
  readonly onTick?: () => void;
  /** Send weak ETags and answer If-None-Match with 304 (default true). */
  readonly etags?: boolean;
  /** Requests per minute per token before a real 429 (default 2000). */
  readonly rateLimitPerMinute?: number;
  /** Keep only the newest N request log entries (default: all). */
  readonly requestLogLimit?: number;
  /**
   * Run the simulation before answering each request (default true). A caller that moves a
   * FakeClock with advance() (which ticks) can switch it off: the team benchmark's thousands
   * of requests per virtual second then cost no simulation pass each.
   */
  readonly tickOnRequest?: boolean;
  /**
   * Run the simulation before every request (default true). False runs it only when the clock
   * moved since the last run: the scale benchmark's thousands of jobs and pipelines would
   * otherwise time the fake's simulation instead of the extension. Writes still run it.
   */
  readonly tickOnEveryRequest?: boolean;
  /**
   * Serve `/api/graphql` (default true). False answers it 404, like a proxy that passes only
   * `/api/v4` or an instance without GraphQL: what the extension's fallback to REST is tested on.
   */
  readonly graphql?: boolean;
}

export interface GitLabServer {
  /** Origin, e.g. `http://127.0.0.1:41234` (what a user types as the instance URL). */
  readonly url: string;
  /** `${url}/api/v4`. */
  readonly apiUrl: string;
  readonly state: FakeGitLabState;
  readonly faults: FaultController;
  readonly requests: RequestLog;
  readonly clock: Clock;
  /** Switches `/api/graphql` on or off while the server runs (see {@link GitLabServerOptions.graphql}). */
  setGraphql(enabled: boolean): void;
  /** Runs the transitions due now. */
  tick(): void;
  /** Moves a FakeClock forward in 1 s steps, running the simulation at each step (and firing its timers). */
  advance(ms: number): void;
  close(): Promise<void>;
}

const API_PREFIX = '/api/v4';
const GRAPHQL_PATH = '/api/graphql';
const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE']);

export async function startGitLabServer(options: GitLabServerOptions = {}): Promise<GitLabServer> {
  const clock = options.clock ?? new FakeClock();
  const state = options.state ?? new FakeGitLabState(clock);
  for (const t of options.tokens ?? []) {
    const user = [...state.users.values()].find((u) => u.username === t.username) ?? state.addUser({ username: t.username });
    state.addToken({ user, value: t.value, ...(t.scopes ? { scopes: t.scopes } : {}) });
  }
  const faults = new FaultController();
  const requests = new RequestLog(options.requestLogLimit);
  const limiter = new RateLimiter(clock, options.rateLimitPerMinute ?? 2000);
  const router = new Router(ALL_ROUTES);
  const etags = options.etags ?? true;
  const tickOnRequest = options.tickOnRequest ?? true;
  let graphqlEnabled = options.graphql ?? true;
  let lastTickAt: number | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        // A bug in the fake must show up as a 500 in the test, not as a hung request.
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `500 Internal Server Error: ${error instanceof Error ? error.message : String(error)}` }));
      });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, bodyText: string): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const entry = requests.start({ at: clock.now(), method, path: url.pathname, query: url.searchParams, headers: req.headers });
    const fault = faults.take(method, url.pathname);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.kind === 'rate-limit') {
      const limited = limiter.throttled(fault.retryAfterSec);
      send(res, entry, 429, { ...limited.headers, 'Retry-After': String(fault.retryAfterSec), 'Content-Type': 'text/plain' }, 'Retry later\n');
      return;
    }
    if (fault?.kind === 'answer') {
      send(res, entry, fault.status, { ...fault.headers }, fault.body);
      return;
    }
    if (fault?.kind === 'server-error') {
      sendJson(res, entry, fault.status, {}, { message: `${fault.status} Internal Server Error` });
      return;
    }
    if (tickOnRequest && (options.tickOnEveryRequest !== false || method !== 'GET' || lastTickAt !== clock.now())) {
      lastTickAt = clock.now();
      tick(state);
    }
    const answer = respond(req, url, method, bodyText, entry);
    const headers: Record<string, string> = { ...answer.headers };
    if (answer.stream !== undefined) {
      sendStream(res, entry, answer.status, headers, answer.stream);
      return;
    }
    if (answer.text !== undefined) {
      maybeNotModified(req, res, entry, method, answer.status, headers, answer.text);
      return;
    }
    maybeNotModified(req, res, entry, method, answer.status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(answer.json ?? null));
  }

  function respond(req: http.IncomingMessage, url: URL, method: string, bodyText: string, entry: LoggedRequest): ApiResponse & { headers: Record<string, string> } {
    const rateHeaders: Record<string, string> = {};
    try {
      if (url.pathname === GRAPHQL_PATH && graphqlEnabled && (method === 'GET' || method === 'POST')) return graphql(req, url, method, bodyText, entry, rateHeaders);
      if (!url.pathname.startsWith(`${API_PREFIX}/`) || !METHODS.has(method)) throw routeNotFound();
      const path = url.pathname.slice(API_PREFIX.length);
      const match = router.match(method as Method, path);
      if (!match) throw routeNotFound();
      const { user, token } = authenticate(state, tokenFrom(req.headers), method as Method, path);
      entry.username = user.username;
      const limit = limiter.observe(`token:${token.id}`);
      Object.assign(rateHeaders, limit.headers);
      if (limit.exceeded) return { status: 429, text: 'Retry later\n', headers: { ...rateHeaders, 'Content-Type': 'text/plain' } };
      let body: Record<string, unknown>;
      try {
        body = parseBody(req.headers['content-type'], bodyText);
      } catch (error) {
        if (error instanceof BodyError) throw new ApiError(400, { error: error.message });
        throw error;
      }
      const answer = match.route.handler({ method: method as Method, path, query: url.searchParams, body, params: match.params, state, user, token, url });
      return { ...answer, headers: { ...rateHeaders, ...answer.headers } };
    } catch (error) {
      if (error instanceof ApiError) {
        // Workhorse's own refusals are plain text; the API's are JSON.
        if (typeof error.body === 'string') return { status: error.status, text: error.body, headers: { ...rateHeaders, ...error.headers } };
        return { status: error.status, json: error.body, headers: { ...rateHeaders, ...error.headers } };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, json: { message: `500 Internal Server Error: ${message}` }, headers: rateHeaders };
    }
  }

  /** GitLab's GraphqlController: the same tokens and rate limit as the REST API, its own error bodies. */
  function graphql(req: http.IncomingMessage, url: URL, method: string, bodyText: string, entry: LoggedRequest, rateHeaders: Record<string, string>): ApiResponse & { headers: Record<string, string> } {
    const caller = graphqlCaller(state, tokenFrom(req.headers));
    if (caller === 'invalid') return { ...invalidTokenAnswer, headers: rateHeaders };
    if (caller) entry.username = caller.user.username;
    const limit = limiter.observe(caller ? `token:${caller.token.id}` : 'anonymous');
    Object.assign(rateHeaders, limit.headers);
    if (limit.exceeded) return { status: 429, text: 'Retry later\n', headers: { ...rateHeaders, 'Content-Type': 'text/plain' } };
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      try {
        body = parseBody(req.headers['content-type'], bodyText);
      } catch (error) {
        if (error instanceof BodyError) return { status: 422, json: { errors: [{ message: error.message }] }, headers: rateHeaders };
        throw error;
      }
    }
    return { ...executeGraphql(state, caller ? caller.user : null, graphqlRequestOf(method, url.searchParams, body)), headers: rateHeaders };
  }

  function maybeNotModified(req: http.IncomingMessage, res: http.ServerResponse, entry: LoggedRequest, method: string, status: number, headers: Record<string, string>, body: string): void {
    if (etags && method === 'GET' && status === 200) {
      const etag = `W/"${createHash('sha1').update(body).digest('hex')}"`;
      headers['ETag'] = etag;
      if (etagMatches(req.headers['if-none-match'], etag)) {
        const { 'Content-Type': _type, 'Content-Disposition': _disposition, ...rest } = headers;
        send(res, entry, 304, rest, undefined);
        return;
      }
    }
    send(res, entry, status, headers, body);
  }

  /**
   * Writes as fast as the client reads (waiting for `drain`), and stops when it hangs up; the
   * request log's `bytes` counts what was handed to the socket, so a test can tell a client that
   * read a 50 MB file from one that stopped early.
   */
  function sendStream(res: http.ServerResponse, entry: LoggedRequest, status: number, headers: Record<string, string>, body: BodyStream): void {
    entry.status = status;
    entry.bytes = 0;
    res.writeHead(status, { 'Cache-Control': 'max-age=0, private, must-revalidate', 'X-Content-Type-Options': 'nosniff', ...headers, 'Content-Length': String(body.bytes) });
    const CHUNK = 64 * 1024;
    let offset = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const pump = (): void => {
      while (!closed && offset < body.bytes) {
        const piece = body.chunk(offset, Math.min(CHUNK, body.bytes - offset));
        offset += piece.length;
        entry.bytes += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) res.end();
    };
    pump();
  }

  function sendJson(res: http.ServerResponse, entry: LoggedRequest, status: number, headers: Record<string, string>, json: unknown): void {
    send(res, entry, status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(json));
  }

  function send(res: http.ServerResponse, entry: LoggedRequest, status: number, headers: Record<string, string>, body: string | undefined): void {
    const bytes = body === undefined ? 0 : Buffer.byteLength(body);
    entry.status = status;
    entry.bytes = bytes;
    res.writeHead(status, {
      'Cache-Control': 'max-age=0, private, must-revalidate',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'SAMEORIGIN',
      Vary: 'Origin, Accept-Encoding',
      ...headers,
      ...(body === undefined ? {} : { 'Content-Length': String(bytes) }),
    });
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  state.webUrl = origin;

  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  if (options.autoTickMs !== undefined) {
    const interval = options.autoTickMs;
    const loop = (): void => {
      if (closed) return;
      if (clock instanceof FakeClock) clock.set(Math.max(clock.now(), Date.now()));
      tick(state);
      options.onTick?.();
      timer = setTimeout(loop, interval);
    };
    timer = setTimeout(loop, interval);
  }

  return {
    url: origin,
    apiUrl: `${origin}${API_PREFIX}`,
    state,
    faults,
    requests,
    clock,
    setGraphql: (enabled: boolean) => {
      graphqlEnabled = enabled;
    },
    tick: () => {
      lastTickAt = clock.now();
      tick(state);
    },
    advance(ms: number): void {
      if (!(clock instanceof FakeClock)) throw new Error('advance() needs a FakeClock');
      for (let left = ms; left > 0; left -= 1000) {
        clock.advance(Math.min(1000, left));
        lastTickAt = clock.now();
        tick(state);
      }
    },
    close: () => new Promise<void>((resolve, reject) => {
      closed = true;
      if (timer) clearTimeout(timer);
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
