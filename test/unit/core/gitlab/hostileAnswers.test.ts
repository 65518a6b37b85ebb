// Answers that are not the API, and answers too large to read: each becomes a worded
// UnexpectedAnswerError at the adapter boundary, never data that later throws a TypeError.
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { RateLimitedError, UnauthorizedError, UnexpectedAnswerError } from '../../../../src/core/gitlab/errors';
import type { GitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import type { AdapterOptions } from './support/adapterOverServer';
import { adapterFor, rejection } from './support/adapterOverServer';
import type { TinyServer } from './support/tinyServer';
import { json, startTinyServer } from './support/tinyServer';

const TOKEN = 'glpat-HostileAnswers12345';
const LOGIN_PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in - Corp SSO</title></head><body><form action="/login"></form></body></html>';

describe('GitLab adapter: answers that are not the API', () => {
  let server: TinyServer;
  const api = (extra: AdapterOptions = {}): GitbeakerApi => adapterFor(server.url, TOKEN, { timeoutMs: 5000, ...extra });

  beforeEach(async () => {
    server = await startTinyServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('says a 200 HTML page is a web page, not the API (a proxy or sign-in page)', async () => {
    server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(LOGIN_PAGE);
    const error = await rejection(api().mergeRequestsForBranch('g/p', 'feature'));
    assert.ok(error instanceof UnexpectedAnswerError);
    assert.equal(error.answer, 'web-page');
    assert.match(error.message, /^GitLab at 127\.0\.0\.1 answered with a web page, not the API: a proxy or sign-in page\?/);
    assert.equal(error.kind, 'server', 'paced like an outage: retried with back-off');
  });

  it('recognises a login page served without a content type', async () => {
    server.handler = (_req, res) => void res.writeHead(200).end(LOGIN_PAGE);
    const error = await rejection(api().pipeline('g/p', 1));
    assert.ok(error instanceof UnexpectedAnswerError && error.answer === 'web-page');
  });

  it('still reads a job log whose text happens to start with a tag', async () => {
    server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('<html> is what the test printed\n');
    assert.equal((await api().jobTrace('g/p', 1)).data, '<html> is what the test printed\n');
  });

  it('takes an HTML 401 for the proxy in front of GitLab, not for a revoked token', async () => {
    server.handler = (_req, res) => void res.writeHead(401, { 'content-type': 'text/html' }).end(LOGIN_PAGE);
    const error = await rejection(api().currentUser());
    assert.ok(!(error instanceof UnauthorizedError));
    assert.ok(error instanceof UnexpectedAnswerError && error.answer === 'web-page');
  });

  it('refuses truncated JSON in words', async () => {
    server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":1,"name":"bui');
    const error = await rejection(api().pipelineJobs('g/p', 3));
    assert.ok(error instanceof UnexpectedAnswerError && error.answer === 'malformed-json');
    assert.match(error.message, /sent an answer that is not valid JSON \(cut off on the way\?\)/);
  });

  const shapes: { readonly name: string; readonly body: unknown; readonly call: (a: GitbeakerApi) => Promise<unknown>; readonly words: RegExp }[] = [
    { name: 'null for a pipeline', body: null, call: (a) => a.pipeline('g/p', 1), words: /sent an empty answer where a pipeline was expected/ },
    { name: '{} for a list of merge requests', body: {}, call: (a) => a.mergeRequestsForBranch('g/p', 'f'), words: /sent something that is not a list of merge requests \(an object\)/ },
    { name: 'a merge request without an iid', body: [{ id: 4, source_branch: 'f', target_branch: 'dev' }], call: (a) => a.mergeRequestsForBranch('g/p', 'f'), words: /not a list of merge requests \(item 1: no "iid"\)/ },
    { name: 'a job whose status is a number', body: { id: 1, name: 'b', stage: 's', status: 3 }, call: (a) => a.job('g/p', 1), words: /not a job \("status" is the number 3, not a string\)/ },
    { name: 'a lint result without errors', body: { valid: true }, call: (a) => a.ciLint('g/p', 'x: 1'), words: /not a lint result \(no "errors"\)/ },
    { name: 'a token without scopes', body: { id: 1, name: 't' }, call: (a) => a.tokenScopes(), words: /not a token \(no "scopes"\)/ },
  ];
  for (const { name, body, call, words } of shapes) {
    it(`refuses ${name} at the boundary`, async () => {
      server.handler = (_req, res) => json(res, 200, body);
      const error = await rejection(call(api()));
      assert.ok(error instanceof UnexpectedAnswerError, `got ${error.constructor.name}`);
      assert.match(error.message, words);
    });
  }

  it('stops paging when a later page is not a list, instead of a TypeError inside gitbeaker', async () => {
    server.handler = (req, res) => {
      const page = new URL(req.url, server.url).searchParams.get('page') ?? '1';
      if (page === '1') return json(res, 200, [{ id: 1, name: 'a', stage: 's', status: 'success' }], { 'x-next-page': '2' });
      json(res, 200, {});
    };
    const error = await rejection(api().pipelineJobs('g/p', 3));
    assert.ok(error instanceof UnexpectedAnswerError && error.answer === 'wrong-shape');
  });

  it('says a write met by a web page may or may not have happened, and sends it once', async () => {
    server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(LOGIN_PAGE);
    const error = await rejection(api().playJob('g/p', 9));
    assert.match(error.message, /not repeated, so it may or may not have taken effect/);
    assert.equal(server.seen.length, 1);
  });

  describe('sizes', () => {
    it('stops reading a gzip bomb at the limit, counted after decompression', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
      const error = await rejection(api({ maxBodyBytes: 1024 * 1024 }).jobTrace('g/p', 1));
      assert.ok(bomb.length < 200 * 1024, `the bomb is small on the wire (${bomb.length} bytes)`);
      assert.ok(error instanceof UnexpectedAnswerError && error.answer === 'too-large');
      assert.match(error.message, /sent an answer larger than 1 MiB; Release Pilot stopped reading it/);
    });

    it('decompresses an ordinary gzip answer', async () => {
      const body = zlib.gzipSync(JSON.stringify({ id: 1, username: 'u', name: 'U' }));
      server.handler = (req, res) => {
        assert.match(String(req.headers['accept-encoding']), /gzip/);
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(body);
      };
      assert.equal((await api().currentUser()).data.username, 'u');
    });

    it('quotes only the start of a huge error message', async () => {
      server.handler = (_req, res) => json(res, 400, { message: `Unplayable Job ${'x'.repeat(5 * 1024 * 1024)}` });
      const error = await rejection(api().playJob('g/p', 1));
      assert.match(error.message, /^GitLab at 127\.0\.0\.1 refused the request: Unplayable Job x+…\./);
      assert.ok(error.message.length < 600, `message of ${error.message.length} chars`);
    });
  });

  describe('Retry-After', () => {
    const cases: { readonly name: string; readonly header: () => string; readonly seconds: number }[] = [
      { name: 'seconds', header: () => '30', seconds: 30 },
      { name: 'an HTTP date', header: () => new Date(1_000_000_000 + 45_000).toUTCString(), seconds: 45 },
      { name: 'an absurd 3,000,000 s', header: () => '3000000', seconds: 900 },
      { name: 'a day', header: () => '86400', seconds: 900 },
      { name: 'a date a year ahead', header: () => new Date(1_000_000_000 + 365 * 86_400_000).toUTCString(), seconds: 900 },
    ];
    for (const { name, header, seconds } of cases) {
      it(`waits ${seconds} s when GitLab asks for ${name}`, async () => {
        server.handler = (_req, res) => void res.writeHead(429, { 'retry-after': header(), 'content-type': 'text/plain' }).end('Retry later\n');
        const error = await rejection(api({ now: () => 1_000_000_000 }).pipelines('g/p'));
        assert.ok(error instanceof RateLimitedError);
        assert.equal(error.retryAfterSeconds, seconds);
      });
    }
  });
});
