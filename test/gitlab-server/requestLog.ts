// Every request the server saw, for tests and the benchmark to count. Credentials never enter it.
import type { FaultKind, PathMatch } from './faults';
import { pathMatches } from './faults';

const SECRET_HEADERS: ReadonlySet<string> = new Set(['private-token', 'authorization', 'job-token', 'cookie', 'proxy-authorization']);

export interface LoggedRequest {
  readonly seq: number;
  /** Server clock time when the request arrived (epoch ms). */
  readonly at: number;
  readonly method: string;
  /** Full path including `/api/v4`, without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, lower-case, with credential values replaced by `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly ifNoneMatch: string | null;
  /** The authenticated user's name, or null. */
  username: string | null;
  /** Response status; 0 when the connection was dropped. */
  status: number;
  /** Response body size in bytes. */
  bytes: number;
  fault: FaultKind | null;
}

export interface RequestFilter {
  readonly method?: string;
  readonly path?: PathMatch;
  readonly status?: number;
}

export class RequestLog {
  private readonly list: LoggedRequest[] = [];
  private nextSeq = 1;

  /** Keeps at most `limit` entries, dropping the oldest (a long-running sandbox should not grow forever). */
  constructor(private readonly limit: number = Infinity) {}

  start(input: { at: number; method: string; path: string; query: URLSearchParams; headers: Readonly<Record<string, string | string[] | undefined>> }): LoggedRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.headers)) {
      if (value === undefined) continue;
      headers[name.toLowerCase()] = SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
    }
    const entry: LoggedRequest = {
      seq: this.nextSeq++,
      at: input.at,
      method: input.method,
      path: input.path,
      query: Object.fromEntries(input.query),
      headers,
      ifNoneMatch: headers['if-none-match'] ?? null,
      username: null,
      status: 0,
      bytes: 0,
      fault: null,
    };
    this.list.push(entry);
    if (this.list.length > this.limit) this.list.splice(0, this.list.length - this.limit);
    return entry;
  }

  entries(filter: RequestFilter = {}): readonly LoggedRequest[] {
    return this.list.filter((e) =>
      (filter.method === undefined || e.method === filter.method.toUpperCase())
      && (filter.status === undefined || e.status === filter.status)
      && pathMatches(filter.path, e.path));
  }

  count(filter: RequestFilter = {}): number {
    return this.entries(filter).length;
  }

  clear(): void {
    this.list.length = 0;
  }
}
