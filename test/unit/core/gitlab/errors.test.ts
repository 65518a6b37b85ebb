import * as assert from 'node:assert/strict';
import type { ErrorResponse } from '../../../../src/core/gitlab/errors';
import {
  BadRequestError, errorFromNetworkFailure, errorFromResponse, ForbiddenError, NetworkError, NotFoundError, OriginRefusedError,
  RateLimitedError, retryAfterSeconds, ServerError, UnauthorizedError,
} from '../../../../src/core/gitlab/errors';

function response(status: number, body: unknown, headers: Record<string, string> = {}): ErrorResponse {
  return { status, header: (name) => headers[name], bodyText: typeof body === 'string' ? body : JSON.stringify(body) };
}

const NOW = Date.parse('2026-11-29T18:00:00Z');
const TOKEN = 'my-very-own-secret-token';
const redact = (text: string): string => text.split(TOKEN).join('[redacted]');

describe('errorFromResponse', () => {
  const table: [number, unknown, new (...args: never[]) => Error][] = [
    [400, { message: 'Unplayable Job' }, BadRequestError],
    [401, { message: '401 Unauthorized' }, UnauthorizedError],
    [403, { message: '403 Forbidden' }, ForbiddenError],
    [404, { message: '404 Not found' }, NotFoundError],
    [409, { message: 'conflict' }, BadRequestError],
    [422, { message: { base: ['nope'] } }, BadRequestError],
    [429, 'Retry later', RateLimitedError],
    [500, '<html>boom</html>', ServerError],
    [503, '', ServerError],
  ];
  for (const [status, body, type] of table) {
    it(`maps ${status} to ${type.name}`, () => {
      const error = errorFromResponse(response(status, body), 'gitlab.example.com', NOW);
      assert.ok(error instanceof type);
      assert.equal(error.status, status);
      assert.match(error.message, /gitlab\.example\.com/);
    });
  }

  it('flattens validation messages', () => {
    const error = errorFromResponse(response(400, { message: { base: ['Reference not found'], variables: ['is invalid'] } }), 'h', NOW);
    assert.equal(error.detail, 'Reference not found; variables is invalid');
  });

  it('reads the missing scope from WWW-Authenticate when the body has none', () => {
    const error = errorFromResponse(response(403, '', { 'www-authenticate': 'Bearer realm="", error="insufficient_scope", scope="api"' }), 'h', NOW);
    assert.ok(error instanceof ForbiddenError);
    assert.equal(error.missingScope, 'api');
    assert.match(error.message, /Create a token with the api scope/);
  });

  it('marks rate limits, server and network errors as transient and the rest as not', () => {
    assert.equal(errorFromResponse(response(429, ''), 'h', NOW).transient, true);
    assert.equal(errorFromResponse(response(500, ''), 'h', NOW).transient, true);
    assert.equal(errorFromNetworkFailure(new Error('x'), 'h').transient, true);
    assert.equal(errorFromResponse(response(401, ''), 'h', NOW).transient, false);
    assert.equal(errorFromResponse(response(404, ''), 'h', NOW).transient, false);
  });

  it('never lets the token through, whatever GitLab put in the body', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429, 500]) {
      const error = errorFromResponse(response(status, { message: `token ${TOKEN} is bad`, error: TOKEN, scope: TOKEN }), 'h', NOW, redact);
      assert.ok(!error.message.includes(TOKEN), `${status}: ${error.message}`);
      assert.ok(!(error.detail ?? '').includes(TOKEN));
    }
  });

  it('masks GitLab-shaped tokens even without being told about them', () => {
    const error = errorFromResponse(response(400, { message: 'glpat-abcdefghijklmnop was used' }), 'h', NOW);
    assert.ok(!error.message.includes('glpat-abcdefghijklmnop'));
  });

  it('says where the refused request would have gone, without the token', () => {
    const error = new OriginRefusedError({ host: 'gitlab.com', detail: 'evil.io', redact });
    assert.match(error.message, /evil\.io/);
    assert.match(error.message, /only goes to the instance you signed in to/);
  });
});

describe('retryAfterSeconds', () => {
  const header = (headers: Record<string, string>) => ({ header: (name: string) => headers[name] });
  it('reads delta seconds', () => assert.equal(retryAfterSeconds(header({ 'retry-after': '12' }), NOW), 12));
  it('reads an HTTP date', () => assert.equal(retryAfterSeconds(header({ 'retry-after': new Date(NOW + 20_000).toUTCString() }), NOW), 20));
  it('falls back to the RateLimit-Reset epoch', () => assert.equal(retryAfterSeconds(header({ 'ratelimit-reset': String(NOW / 1000 + 45) }), NOW), 45));
  it('never goes negative', () => assert.equal(retryAfterSeconds(header({ 'ratelimit-reset': String(NOW / 1000 - 45) }), NOW), 0));
  it('defaults to a minute', () => assert.equal(retryAfterSeconds(header({}), NOW), 60));
});

describe('errorFromNetworkFailure', () => {
  const cases: [unknown, string][] = [
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'refused'],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }), 'reset'],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } }), 'reset'],
    [Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 'timeout'],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }), 'dns'],
    [new Error('weird'), 'other'],
  ];
  for (const [error, failure] of cases) {
    it(`classifies ${failure}`, () => {
      const mapped = errorFromNetworkFailure(error, 'gitlab.example.com');
      assert.ok(mapped instanceof NetworkError);
      assert.equal(mapped.failure, failure);
      assert.match(mapped.message, /Cannot reach GitLab at gitlab\.example\.com/);
    });
  }
});
