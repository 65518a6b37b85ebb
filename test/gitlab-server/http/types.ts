import type { Token, User } from '../model';
import type { FakeGitLabState } from '../state';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One authenticated API request, as route handlers see it. */
export interface RequestContext {
  readonly method: Method;
  /** Path below /api/v4, still percent-encoded (e.g. `/projects/group%2Fapp`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Parsed JSON or form body; empty for GET. */
  readonly body: Readonly<Record<string, unknown>>;
  /** Decoded path parameters. */
  readonly params: Readonly<Record<string, string>>;
  readonly state: FakeGitLabState;
  readonly user: User;
  readonly token: Token;
  /** The full request URL, for Link headers. */
  readonly url: URL;
}

export interface ApiResponse {
  readonly status: number;
  readonly json?: unknown;
  readonly text?: string;
  /** A body written in chunks as the client takes them (a large artifact file); never given an ETag. */
  readonly stream?: BodyStream;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface BodyStream {
  readonly bytes: number;
  /** The bytes at `[offset, offset + size)`. */
  chunk(offset: number, size: number): Buffer;
}

export type Handler = (ctx: RequestContext) => ApiResponse;

export interface Route {
  readonly method: Method;
  /** GitLab's path with `:name` segments, below /api/v4. */
  readonly pattern: string;
  readonly handler: Handler;
}

export const ok = (json: unknown): ApiResponse => ({ status: 200, json });
export const created = (json: unknown): ApiResponse => ({ status: 201, json });
