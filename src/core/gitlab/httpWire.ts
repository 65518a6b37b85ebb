/**
 * One HTTP exchange on Node's `http` / `https` modules, the ones VS Code's extension host
 * patches for `http.proxy`, `http.proxySupport` and `http.systemCertificates`; undici's
 * global `fetch` is covered only by some VS Code versions. The host swaps the modules in
 * by intercepting `require('http')` and `require('https')` by those exact names, so they are
 * imported without the `node:` prefix (which the interceptor does not see), and their
 * functions are looked up at call time, never destructured at load.
 *
 * Bodies are decompressed here and counted after decompression, and reading stops past a
 * limit: a 300 KB gzip answer that inflates to 300 MB costs at most `limit` bytes.
 */
import type { Agent, IncomingMessage } from 'http';
import * as http from 'http';
import * as https from 'https';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';

export interface HttpWireOptions {
  /** An agent to send through (a proxy tunnel); by default the (possibly host-patched) global one. */
  readonly agent?: Agent;
  /** CA certificates (PEM) to trust besides Node's; never a way to switch verification off. */
  readonly ca?: readonly string[];
}

export interface HttpExchange {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

export interface HttpAnswer {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The decompressed body as UTF-8; rejects with {@link BodyTooLargeError} past `limit` bytes. */
  text(limit: number): Promise<string>;
  /** Up to `limit` decompressed bytes, without failing past it (error bodies: only the start matters). */
  head(limit: number): Promise<string>;
  /** Drops the body (redirects, 304s). */
  discard(): void;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export type HttpSend = (exchange: HttpExchange) => Promise<HttpAnswer>;

/** Builds the sender the GitLab transport uses. */
export function nodeHttpSend(options: HttpWireOptions = {}): HttpSend {
  return (exchange) => send(exchange, options);
}

function send(exchange: HttpExchange, options: HttpWireOptions): Promise<HttpAnswer> {
  const { url, signal } = exchange;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const secure = url.protocol === 'https:';
    const requestOptions: https.RequestOptions = {
      method: exchange.method,
      headers: { ...exchange.headers, 'accept-encoding': 'gzip, deflate', ...(exchange.body !== undefined ? { 'content-length': String(Buffer.byteLength(exchange.body)) } : {}) },
      ...(options.agent ? { agent: options.agent } : {}),
      ...(secure && options.ca && options.ca.length > 0 ? { ca: [...options.ca] } : {}),
    };
    const request = secure ? https.request(url, requestOptions) : http.request(url, requestOptions);
    const onAbort = (): void => {
      request.destroy(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    request.on('response', (response) => resolve(answer(response, signal, () => signal.removeEventListener('abort', onAbort))));
    request.end(exchange.body);
  });
}

function answer(response: IncomingMessage, signal: AbortSignal, done: () => void): HttpAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const read = (limit: number, strict: boolean): Promise<string> => readBody(response, headers['content-encoding'] ?? '', limit, strict, signal).finally(done);
  return {
    status: response.statusCode ?? 0,
    headers,
    text: (limit) => read(limit, true),
    head: (limit) => read(limit, false),
    discard: () => {
      done();
      response.resume();
    },
  };
}

function decoderFor(encoding: string): Readable | undefined {
  const name = encoding.trim().toLowerCase();
  if (name === 'gzip' || name === 'x-gzip') return zlib.createGunzip();
  if (name === 'deflate') return zlib.createInflate();
  if (name === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

function readBody(response: IncomingMessage, encoding: string, limit: number, strict: boolean, signal: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const decoder = decoderFor(encoding);
    const source: Readable = decoder ? response.pipe(decoder as zlib.Gunzip) : response;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const stop = (): void => {
      response.destroy();
      decoder?.destroy();
    };
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      finish(() => reject(abortReason(signal)));
      stop();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = limit - size;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size = limit;
        finish(() => (strict ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks).toString('utf8'))));
        stop();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    source.on('end', () => finish(() => resolve(Buffer.concat(chunks).toString('utf8'))));
    source.on('error', (error) => finish(() => reject(error)));
    // A connection cut mid-body ends the response with `aborted` instead of an error on the decoder.
    response.on('aborted', () => finish(() => reject(Object.assign(new Error('connection cut while reading the answer'), { code: 'ECONNRESET' }))));
    response.on('error', (error) => finish(() => reject(error)));
  });
}

/** The signal's reason (a TimeoutError for our timeout), which the error mapper classifies. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : Object.assign(new Error('aborted'), { name: 'AbortError' });
}
