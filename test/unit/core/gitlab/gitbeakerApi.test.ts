import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ForbiddenError, NetworkError, NotFoundError, OriginRefusedError, RateLimitedError, ServerError, UnauthorizedError, BadRequestError } from '../../../../src/core/gitlab/errors';
import type { GitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import type { RequestEvent } from '../../../../src/core/gitlab/transport';
import { adapterFor, rejection } from './support/adapterOverServer';
import type { TinyServer } from './support/tinyServer';
import { json, startTinyServer } from './support/tinyServer';

const TOKEN = 'glpat-TopSecretToken1234';
const PLAIN_TOKEN = 'zz-plain-secret-98765';

function apiFor(server: TinyServer, options: { token?: string; now?: () => number; events?: RequestEvent[]; base?: string } = {}): GitbeakerApi {
  return adapterFor(server.url + (options.base ?? ''), options.token ?? TOKEN, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.events ? { onRequest: (e: RequestEvent) => options.events!.push(e) } : {}),
  });
}

/** GitLab's pipeline and job entities with the fields the adapter checks (lib/api/entities/ci/*). */
function pipelineJson(id: number, status: string): Record<string, unknown> {
  return { id, project_id: 1, sha: 'a1b2c3', ref: 'dev', status, created_at: '2026-01-01T00:00:00Z', web_url: `https://x/p/-/pipelines/${id}` };
}

function jobJson(id: number, status = 'success', name = 'build'): Record<string, unknown> {
  return { id, name, stage: 'build', status, ref: 'dev', allow_failure: false, created_at: '2026-01-01T00:00:00Z', web_url: `https://x/p/-/jobs/${id}` };
}

describe('GitbeakerApi against a local HTTP server', () => {
  let server: TinyServer;
  let other: TinyServer;

  beforeEach(async () => {
    server = await startTinyServer();
    other = await startTinyServer((_req, res) => json(res, 200, { stolen: true }));
  });
  afterEach(async () => {
    await server.close();
    await other.close();
  });

  it('sends the token as PRIVATE-TOKEN to the instance API and returns the data', async () => {
    server.handler = (_req, res) => json(res, 200, { id: 1, username: 'alice', name: 'Alice' });
    const result = await apiFor(server).currentUser();
    assert.deepEqual(result, { data: { id: 1, username: 'alice', name: 'Alice' }, unchanged: false });
    assert.equal(server.seen[0]?.url, '/api/v4/user');
    assert.equal(server.seen[0]?.headers['private-token'], TOKEN);
  });

  it('encodes project paths and talks to a relative-URL instance under its base path', async () => {
    server.handler = (_req, res) => json(res, 200, { id: 7, name: 'p', path_with_namespace: 'g/sub/p', web_url: 'x' });
    await apiFor(server, { base: '/gitlab' }).project('g/sub/p');
    assert.equal(server.seen[0]?.url, '/gitlab/api/v4/projects/g%2Fsub%2Fp');
  });

  it('asks GraphQL with a GET to <instance>/api/graphql, the token in PRIVATE-TOKEN, conditional like any read', async () => {
    server.handler = (req, res) => {
      if (req.headers['if-none-match'] === 'W/"g1"') return void res.writeHead(304, { etag: 'W/"g1"' }).end();
      json(res, 200, { data: { project: null } }, { etag: 'W/"g1"' });
    };
    const events: RequestEvent[] = [];
    const api = apiFor(server, { base: '/gitlab', events });
    const first = await api.graphql('query q($p: ID!) { project(fullPath: $p) { id } }', { p: 'g/p' });
    const second = await api.graphql('query q($p: ID!) { project(fullPath: $p) { id } }', { p: 'g/p' });
    assert.deepEqual(first, { data: { data: { project: null } }, unchanged: false });
    assert.equal(second.unchanged, true);
    const url = new URL(server.seen[0]!.url, server.url);
    assert.equal(url.pathname, '/gitlab/api/graphql');
    assert.equal(url.searchParams.get('query'), 'query q($p: ID!) { project(fullPath: $p) { id } }');
    assert.equal(url.searchParams.get('variables'), '{"p":"g/p"}');
    assert.equal(server.seen[0]?.method, 'GET');
    assert.equal(server.seen[0]?.headers['private-token'], TOKEN);
    assert.ok(events.every((e) => !e.path.includes(TOKEN)));
  });

  it('refuses a GraphQL answer that is not one (a web page), as any read', async () => {
    server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in</body></html>');
    await assert.rejects(apiFor(server).graphql('{ x }', {}), (e: unknown) => e instanceof ServerError || (e as { kind?: string }).kind === 'server');
  });

  describe('conditional requests', () => {
    it('sends If-None-Match with the stored ETag and reports a 304 as unchanged with the cached body', async () => {
      let version = 1;
      server.handler = (req, res) => {
        const etag = `W/"v${version}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        json(res, 200, pipelineJson(5, version === 1 ? 'running' : 'success'), { etag });
      };
      const api = apiFor(server);
      const first = await api.pipeline('g/p', 5);
      const second = await api.pipeline('g/p', 5);
      version = 2;
      const third = await api.pipeline('g/p', 5);
      assert.equal(server.seen[0]?.headers['if-none-match'], undefined);
      assert.equal(server.seen[1]?.headers['if-none-match'], 'W/"v1"');
      assert.deepEqual([first.unchanged, second.unchanged, third.unchanged], [false, true, false]);
      assert.equal(second.data.status, 'running');
      assert.equal(third.data.status, 'success');
    });

    it('keeps ETags per reader: If-None-Match only for a body this reader received, so its 304 means "yours is current"', async () => {
      let log = 'line 1\n';
      server.handler = (req, res) => {
        const etag = `W/"${log.length}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        res.writeHead(200, { 'content-type': 'text/plain', etag }).end(log);
      };
      const api = apiFor(server);
      const follower = api.forReader('job-log 7');
      const first = await follower.jobTrace('g/p', 7);
      log += 'line 2\n';
      // Another reader (the canary check) reads the grown trace first...
      await api.jobTrace('g/p', 7);
      // ...and the follower still gets it in full, not a 304 for a body it never held.
      const second = await follower.jobTrace('g/p', 7);
      const third = await follower.jobTrace('g/p', 7);
      assert.deepEqual(server.seen.map((r) => r.headers['if-none-match']), [undefined, undefined, 'W/"7"', 'W/"14"']);
      assert.deepEqual([first.unchanged, second.unchanged, third.unchanged], [false, false, true]);
      assert.equal(second.data, 'line 1\nline 2\n');
      follower.release();
      await follower.jobTrace('g/p', 7);
      assert.equal(server.seen.at(-1)?.headers['if-none-match'], undefined, 'a released reader holds nothing');
      await api.jobTrace('g/p', 7);
      assert.equal(server.seen.at(-1)?.headers['if-none-match'], 'W/"14"', 'the shared scope keeps its own');
    });

    it('accepts plain 200s when the server sends no ETag', async () => {
      server.handler = (_req, res) => json(res, 200, [jobJson(1)]);
      const api = apiFor(server);
      const a = await api.pipelineJobs('g/p', 9);
      const b = await api.pipelineJobs('g/p', 9);
      assert.equal(server.seen[1]?.headers['if-none-match'], undefined);
      assert.deepEqual([a.unchanged, b.unchanged], [false, false]);
      assert.equal(b.data.length, 1);
    });

    it('does not keep bodies above the size cap, so it cannot revalidate them', async () => {
      server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain', etag: '"log"' }).end('x'.repeat(100));
      const api = adapterFor(server.url, TOKEN, { maxCachedBodyBytes: 50, timeoutMs: 30_000 });
      await api.jobTrace('g/p', 1);
      await api.jobTrace('g/p', 1);
      assert.equal(server.seen[1]?.headers['if-none-match'], undefined);
    });

    it('reports a paginated list as unchanged only when every page was a 304', async () => {
      server.handler = (req, res) => {
        const page = new URL(req.url, server.url).searchParams.get('page') ?? '1';
        const etag = `"p${page}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        json(res, 200, [jobJson(Number(page))], { etag, ...(page === '1' ? { 'x-next-page': '2' } : {}) });
      };
      const api = apiFor(server);
      const first = await api.pipelineJobs('g/p', 3);
      const second = await api.pipelineJobs('g/p', 3);
      assert.deepEqual(first.data.map((j) => j.id), [1, 2]);
      assert.deepEqual(second.data.map((j) => j.id), [1, 2]);
      assert.deepEqual([first.unchanged, second.unchanged], [false, true]);
    });

    it('counts requests and 304s through onRequest, without headers', async () => {
      server.handler = (req, res) => (req.headers['if-none-match'] ? void res.writeHead(304, { etag: '"a"' }).end() : json(res, 200, jobJson(1), { etag: '"a"' }));
      const events: RequestEvent[] = [];
      const api = apiFor(server, { events });
      await api.job('g/p', 1);
      await api.job('g/p', 1);
      assert.deepEqual(events.map((e) => [e.method, e.path, e.status, e.notModified]), [
        ['GET', '/api/v4/projects/g%2Fp/jobs/1', 200, false],
        ['GET', '/api/v4/projects/g%2Fp/jobs/1', 304, true],
      ]);
      assert.ok(!JSON.stringify(events).includes(TOKEN));
    });
  });

  describe('pagination', () => {
    it('follows x-next-page when no Link header came', async () => {
      server.handler = (req, res) => {
        const page = Number(new URL(req.url, server.url).searchParams.get('page') ?? '1');
        json(res, 200, [{ name: `b${page}` }], page < 3 ? { 'x-next-page': String(page + 1) } : { 'x-next-page': '' });
      };
      const result = await apiFor(server).branches('g/p');
      assert.deepEqual(result.data.map((b) => b.name), ['b1', 'b2', 'b3']);
      assert.match(server.seen[0]!.url, /per_page=100/);
    });

    it('follows Link rel="next" on the same origin', async () => {
      server.handler = (req, res) => {
        const page = new URL(req.url, server.url).searchParams.get('page');
        if (page === '2') return json(res, 200, [{ name: 'second' }]);
        json(res, 200, [{ name: 'first' }], { link: `<${server.url}/api/v4/projects/g%2Fp/repository/branches?page=2&per_page=100>; rel="next"` });
      };
      const result = await apiFor(server).branches('g/p');
      assert.deepEqual(result.data.map((b) => b.name), ['first', 'second']);
    });

    it('never follows a pagination link to another origin', async () => {
      server.handler = (_req, res) =>
        json(res, 200, [{ name: 'first' }], { link: `<${other.url}/api/v4/projects/g%2Fp/repository/branches?page=2>; rel="next"`, 'x-next-page': '2' });
      const result = await apiFor(server).branches('g/p');
      assert.deepEqual(result.data.map((b) => b.name), ['first']);
      assert.equal(other.seen.length, 0);
      assert.equal(server.seen.length, 1);
    });
  });

  describe('the token-origin rule', () => {
    it('does not follow a redirect to another origin, and sends nothing there', async () => {
      server.handler = (_req, res) => void res.writeHead(302, { location: `${other.url}/api/v4/user` }).end();
      const error = await rejection(apiFor(server).currentUser());
      assert.ok(error instanceof OriginRefusedError);
      assert.equal(other.seen.length, 0);
      assert.ok(!error.message.includes(TOKEN));
    });

    it('follows a redirect within the instance API', async () => {
      server.handler = (req, res) => (req.url === '/api/v4/user' ? void res.writeHead(301, { location: '/api/v4/users/me' }).end() : json(res, 200, { id: 2, username: 'bob', name: 'Bob' }));
      const result = await apiFor(server).currentUser();
      assert.equal(result.data.username, 'bob');
      assert.equal(server.seen[1]?.headers['private-token'], TOKEN);
    });

    it('does not repeat a write to follow a redirect', async () => {
      server.handler = (req, res) => void res.writeHead(307, { location: req.url }).end();
      const error = await rejection(apiFor(server).playJob('g/p', 4));
      assert.ok(error instanceof BadRequestError);
      assert.equal(server.seen.length, 1);
    });
  });

  describe('error mapping', () => {
    it('maps 401 to Unauthorized with a sign-in hint', async () => {
      server.handler = (_req, res) => json(res, 401, { message: '401 Unauthorized' });
      const error = await rejection(apiFor(server).currentUser());
      assert.ok(error instanceof UnauthorizedError);
      assert.match(error.message, /Sign in to GitLab again/);
    });

    it('maps 403 insufficient_scope to Forbidden naming the missing scope', async () => {
      server.handler = (_req, res) => json(res, 403, { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'api' });
      const error = await rejection(apiFor(server).playJob('g/p', 1));
      assert.ok(error instanceof ForbiddenError);
      assert.equal(error.missingScope, 'api');
      assert.match(error.message, /api scope/);
    });

    it('maps 404 to NotFound', async () => {
      server.handler = (_req, res) => json(res, 404, { message: '404 Project Not Found' });
      const error = await rejection(apiFor(server).project('nope/nope'));
      assert.ok(error instanceof NotFoundError);
      assert.match(error.message, /Project Not Found/);
    });

    it('maps 400 to BadRequest carrying GitLab\'s message', async () => {
      server.handler = (_req, res) => json(res, 400, { message: 'Unplayable Job' });
      const error = await rejection(apiFor(server).playJob('g/p', 1));
      assert.ok(error instanceof BadRequestError);
      assert.equal(error.detail, 'Unplayable Job');
    });

    it('maps 429 to RateLimited with Retry-After seconds', async () => {
      server.handler = (_req, res) => void res.writeHead(429, { 'retry-after': '7', 'content-type': 'text/plain' }).end('Retry later');
      const error = await rejection(apiFor(server).pipelines('g/p'));
      assert.ok(error instanceof RateLimitedError);
      assert.equal(error.retryAfterSeconds, 7);
    });

    it('maps 429 without Retry-After to the RateLimit-Reset epoch', async () => {
      server.handler = (_req, res) => void res.writeHead(429, { 'ratelimit-reset': '1000030' }).end();
      const error = await rejection(apiFor(server, { now: () => 1_000_000_000 }).pipelines('g/p'));
      assert.ok(error instanceof RateLimitedError);
      assert.equal(error.retryAfterSeconds, 30);
    });

    it('maps 5xx to ServerError', async () => {
      server.handler = (_req, res) => json(res, 502, { message: 'bad gateway' });
      const error = await rejection(apiFor(server).pipelines('g/p'));
      assert.ok(error instanceof ServerError);
      assert.equal(error.status, 502);
    });

    it('maps a refused connection to NetworkError', async () => {
      const closed = await startTinyServer();
      await closed.close();
      const error = await rejection(apiFor(closed).currentUser());
      assert.ok(error instanceof NetworkError);
      assert.equal(error.failure, 'refused');
    });

    it('maps a dropped connection to NetworkError', async () => {
      const dropper = net.createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
      const { port } = dropper.address() as net.AddressInfo;
      try {
        const api = adapterFor(`http://127.0.0.1:${port}`, TOKEN);
        const error = await rejection(api.currentUser());
        assert.ok(error instanceof NetworkError);
      } finally {
        await new Promise<void>((resolve) => dropper.close(() => resolve()));
      }
    });

    it('never puts the token in a message, even when the server echoes it', async () => {
      for (const token of [TOKEN, PLAIN_TOKEN]) {
        for (const status of [400, 403, 404, 500]) {
          server.handler = (req, res) => json(res, status, { message: `bad token ${String(req.headers['private-token'])}` });
          const error = await rejection(apiFor(server, { token }).playJob('g/p', 1));
          assert.ok(!error.message.includes(token), `${status}: ${error.message}`);
          assert.ok(!(error.detail ?? '').includes(token));
        }
      }
    });
  });

  describe('writes', () => {
    for (const status of [429, 502, 503]) {
      it(`sends a play exactly once even when answered ${status}`, async () => {
        server.handler = (_req, res) => json(res, status, { message: 'busy' }, { 'retry-after': '1' });
        await rejection(apiFor(server).playJob('g/p', 11, [{ key: 'A', value: '1' }]));
        assert.equal(server.seen.length, 1);
      });
    }

    it('plays a job with job variables in GitLab\'s body shape', async () => {
      server.handler = (_req, res) => json(res, 200, jobJson(11, 'pending', 'deploy-prod'));
      const job = await apiFor(server).playJob('g/p', 11, [{ key: 'TARGET', value: 'eu' }]);
      assert.equal(job.status, 'pending');
      assert.equal(server.seen[0]?.method, 'POST');
      assert.equal(server.seen[0]?.url, '/api/v4/projects/g%2Fp/jobs/11/play');
      assert.deepEqual(JSON.parse(server.seen[0].body), { job_variables_attributes: [{ key: 'TARGET', value: 'eu' }] });
    });

    it('creates a pipeline on the singular route with typed variables', async () => {
      server.handler = (_req, res) => json(res, 201, pipelineJson(90, 'created'));
      await apiFor(server).createPipeline('g/p', 'dev', [{ key: 'X', value: 'y' }]);
      assert.equal(server.seen[0]?.url, '/api/v4/projects/g%2Fp/pipeline');
      assert.deepEqual(JSON.parse(server.seen[0].body), { ref: 'dev', variables: [{ key: 'X', value: 'y', variable_type: 'env_var' }] });
    });

    it('approves and rejects deployments with an optional comment', async () => {
      server.handler = (_req, res) => json(res, 201, { status: 'approved', user: { id: 1, username: 'riley', name: 'Riley' }, created_at: '2026-01-01T00:00:00Z' });
      const api = apiFor(server);
      await api.approveDeployment('g/p', 3, 'looks good');
      await api.rejectDeployment('g/p', 3);
      assert.equal(server.seen[0]?.url, '/api/v4/projects/g%2Fp/deployments/3/approval');
      assert.deepEqual(JSON.parse(server.seen[0].body), { status: 'approved', comment: 'looks good' });
      assert.deepEqual(JSON.parse(server.seen[1]!.body), { status: 'rejected' });
    });

    it('lints with dry_run and ref', async () => {
      server.handler = (_req, res) => json(res, 200, { valid: false, errors: ['jobs config should contain at least one visible job'], warnings: [], merged_yaml: '' });
      const result = await apiFor(server).ciLint('g/p', 'a: 1', { dryRun: true, ref: 'dev' });
      assert.equal(result.valid, false);
      assert.deepEqual(JSON.parse(server.seen[0]!.body), { dry_run: true, ref: 'dev', content: 'a: 1' });
    });
  });

  describe('reads with filters', () => {
    it('asks for retried jobs and MR pipelines with GitLab\'s parameter names', async () => {
      server.handler = (_req, res) => json(res, 200, []);
      const api = apiFor(server);
      await api.pipelineJobs('g/p', 5, { includeRetried: true });
      await api.mergeRequestsForBranch('g/p', 'feature/x');
      await api.pipelines('g/p', { ref: 'dev', source: 'push', perPage: 1, maxPages: 1 });
      await api.deployments('g/p', { status: 'blocked' });
      const urls = server.seen.map((r) => new URL(r.url, server.url));
      assert.equal(urls[0]?.pathname, '/api/v4/projects/g%2Fp/pipelines/5/jobs');
      assert.equal(urls[0]?.searchParams.get('include_retried'), 'true');
      assert.equal(urls[1]?.searchParams.get('source_branch'), 'feature/x');
      assert.equal(urls[1]?.searchParams.get('state'), 'opened');
      assert.equal(urls[2]?.searchParams.get('ref'), 'dev');
      assert.equal(urls[2]?.searchParams.get('source'), 'push');
      assert.equal(urls[2]?.searchParams.get('per_page'), '1');
      assert.equal(urls[3]?.searchParams.get('status'), 'blocked');
    });

    it('reads one deployment with its approval summary', async () => {
      server.handler = (_req, res) => json(res, 200, { id: 3, iid: 1, ref: 'master', sha: 'a1', status: 'blocked', created_at: '2026-01-01T00:00:00Z', environment: { id: 1, name: 'production' }, approval_summary: { rules: [{ access_level_description: 'Maintainers', required_approvals: 1, deployment_approvals: [] }] } });
      const { data } = await apiFor(server).deployment('g/p', 3);
      assert.equal(server.seen[0]?.url, '/api/v4/projects/g%2Fp/deployments/3');
      assert.equal(data.approval_summary?.rules[0]?.required_approvals, 1);
    });

    it('returns a job log as text', async () => {
      server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('line 1\nline 2\n');
      const trace = await apiFor(server).jobTrace('g/p', 8);
      assert.equal(trace.data, 'line 1\nline 2\n');
      assert.equal(server.seen[0]?.url, '/api/v4/projects/g%2Fp/jobs/8/trace');
    });
  });
});
