import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { RemoteIncludeAnswer, RemoteIncludeFound } from '../../../../src/core/ci';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { nodeHttpSend } from '../../../../src/core/gitlab/httpWire';
import { createGitLabIncludeFetcher } from '../../../../src/core/gitlab/includeFetcher';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import type { GitLabServer, IncludesScenario } from '../../../gitlab-server';
import { DEMO_TOKENS, startIncludesServer } from '../../../gitlab-server';
import type { LocalPki } from './support/localTls';
import { createLocalPki, listen } from './support/localTls';
import type { TinyServer } from './support/tinyServer';
import { json, startTinyServer } from './support/tinyServer';

const TOKEN = DEMO_TOKENS.developer;

function found(answer: RemoteIncludeAnswer): RemoteIncludeFound {
  assert.equal(answer.kind, 'found', answer.kind === 'failure' ? answer.message : '');
  return answer;
}

function failure(answer: RemoteIncludeAnswer): { reason: string; message: string } {
  assert.equal(answer.kind, 'failure');
  return answer;
}

/** True when any header of the request carries the token (in any header, under any name). */
function carriesToken(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return Object.values(headers).some((v) => (Array.isArray(v) ? v.join(',') : v ?? '').includes(TOKEN));
}

describe('GitLab include fetcher', () => {
  let server: GitLabServer;
  let scenario: IncludesScenario;

  const fetcherFor = (options: { signedIn?: boolean; allowed?: (host: string) => boolean; ca?: string[]; asked?: string[] } = {}) => {
    const instance = instanceFromUrl(server.url);
    return createGitLabIncludeFetcher({
      instance,
      api: options.signedIn === false ? undefined : createGitbeakerApi({ instance, token: TOKEN, timeoutMs: 5000 }),
      isHostAllowed: (host) => {
        options.asked?.push(host);
        return options.allowed?.(host) ?? false;
      },
      send: nodeHttpSend(options.ca ? { ca: options.ca } : {}),
      timeoutMs: 5000,
    });
  };

  beforeEach(async () => {
    ({ server, scenario } = await startIncludesServer({ tickOnRequest: false }));
  });
  afterEach(async () => {
    await server.close();
  });

  it('resolves a project ref to its commit, and with a known answer at that commit reads nothing more', async () => {
    const fetcher = fetcherFor();
    const first = found(await fetcher.fetch({ kind: 'project', project: 'platform/ci-templates', file: 'ci/common.yml' }));
    const sha = scenario.platform.branches.get('main');
    assert.deepEqual(first.project, { path: 'platform/ci-templates', sha });
    assert.equal(first.displayUrl, `${server.url}/platform/ci-templates/-/blob/${sha}/ci/common.yml`);
    assert.match(first.text, /alpine:3\.20/);

    const before = server.requests.count({});
    const again = found(await fetcher.fetch({ kind: 'project', project: 'platform/ci-templates', file: 'ci/common.yml' }, { ...first, freshness: 'cached' }));
    assert.equal(again.freshness, 'live');
    assert.equal(again.text, first.text);
    assert.equal(server.requests.count({}) - before, 2, 'the project (default branch) and the commit, no file read');

    const moved = scenario.pushPlatform({ 'ci/common.yml': '.common:\n  image: alpine:3.21\n' });
    const after = found(await fetcher.fetch({ kind: 'project', project: 'platform/ci-templates', file: 'ci/common.yml' }, first));
    assert.equal(after.project?.sha, moved);
    assert.match(after.text, /alpine:3\.21/);
    assert.notEqual(after.path, first.path, 'a new commit is a new virtual path');
  });

  it('says "not signed in" for GitLab-backed kinds without a client, and sends nothing', async () => {
    const fetcher = fetcherFor({ signedIn: false });
    for (const req of [
      { kind: 'project', project: 'platform/ci-templates', file: 'ci/common.yml' },
      { kind: 'template', name: 'Jobs/Code-Quality.gitlab-ci.yml' },
      { kind: 'component', fqdn: new URL(server.url).host, path: 'components/deploy', name: 'deploy', version: '~latest' },
    ] as const) {
      assert.equal(failure(await fetcher.fetch(req)).reason, 'not-signed-in');
    }
    assert.equal(server.requests.count({}), 0);
  });

  it('refuses a file past GitLab\'s 2 MiB YAML limit', async () => {
    scenario.pushPlatform({ 'ci/huge.yml': `# ${'x'.repeat(2 * 1024 * 1024)}\n` });
    const answer = failure(await fetcherFor().fetch({ kind: 'project', project: 'platform/ci-templates', file: 'ci/huge.yml' }));
    assert.equal(answer.reason, 'too-large');
  });

  it('reports a dropped connection as unreachable, in words', async () => {
    server.faults.drop({ times: 5 });
    const answer = failure(await fetcherFor().fetch({ kind: 'template', name: 'Jobs/Code-Quality.gitlab-ci.yml' }));
    assert.equal(answer.reason, 'unreachable');
    assert.match(answer.message, /Template `Jobs\/Code-Quality.gitlab-ci.yml` could not be read/);
    assert.ok(!answer.message.includes(TOKEN));
  });

  describe('the token never leaves its instance', () => {
    let other: TinyServer;
    let pki: LocalPki;
    before(() => {
      pki = createLocalPki();
    });
    beforeEach(async () => {
      other = await startTinyServer((_req, res) => json(res, 200, { name: 'x', content: 'stolen: {script: [x]}' }));
    });
    afterEach(async () => {
      await other.close();
    });

    it('refuses a component on another host before any request', async () => {
      const otherHost = new URL(other.url).host;
      const answer = failure(await fetcherFor().fetch({ kind: 'component', fqdn: otherHost, path: 'components/deploy', name: 'deploy', version: '1.0.0' }));
      assert.equal(answer.reason, 'other-instance');
      assert.equal(other.seen.length, 0);
      assert.equal(server.requests.count({}), 0);
    });

    it('fetches include:remote over https without any token, only from allowed hosts, and asks again after a redirect', async () => {
      const seen: { url: string; token: boolean }[] = [];
      const tls = https.createServer({ key: pki.serverKeyPem, cert: pki.serverCertPem }, (req, res) => {
        seen.push({ url: req.url ?? '', token: carriesToken(req.headers) });
        if (req.url === '/moved.yml') {
          res.writeHead(302, { location: `https://localhost:${port}/shared.yml` }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain' }).end('remote-job:\n  script: [x]\n');
      });
      const listening = await listen(tls);
      const port = listening.port;
      try {
        const asked: string[] = [];
        const onlyLoopbackIp = fetcherFor({ ca: [pki.caPem], asked, allowed: (host) => host.startsWith('127.0.0.1') });
        const ok = found(await onlyLoopbackIp.fetch({ kind: 'remote', url: `https://127.0.0.1:${port}/shared.yml` }));
        assert.match(ok.text, /remote-job/);
        assert.equal(ok.path, `gitlab-include://127.0.0.1:${port}/remote/127.0.0.1:${port}/shared.yml`);
        const redirected = failure(await onlyLoopbackIp.fetch({ kind: 'remote', url: `https://127.0.0.1:${port}/moved.yml` }));
        assert.equal(redirected.reason, 'host-not-allowed', 'the redirect target localhost was not allowed');
        assert.deepEqual(asked, [`127.0.0.1:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]);
        assert.deepEqual(seen, [{ url: '/shared.yml', token: false }, { url: '/moved.yml', token: false }]);

        const plain = failure(await onlyLoopbackIp.fetch({ kind: 'remote', url: `${other.url}/x.yml` }));
        assert.equal(plain.reason, 'host-not-allowed', 'http is never fetched');
        assert.equal(other.seen.length, 0);
      } finally {
        await listening.close();
      }
    });

    it('never follows GitLab\'s redirect to another host with the token', async () => {
      const gitlab = await startTinyServer((req, res) => {
        res.writeHead(302, { location: `${other.url}${req.url}` }).end();
      });
      try {
        const instance = instanceFromUrl(gitlab.url);
        const fetcher = createGitLabIncludeFetcher({ instance, api: createGitbeakerApi({ instance, token: TOKEN, timeoutMs: 5000 }), isHostAllowed: () => true });
        const answer = failure(await fetcher.fetch({ kind: 'template', name: 'Jobs/Build.gitlab-ci.yml' }));
        assert.equal(answer.reason, 'host-not-allowed');
        assert.equal(gitlab.seen.length, 1);
        assert.equal(other.seen.length, 0);
        assert.ok(!answer.message.includes(TOKEN));
      } finally {
        await gitlab.close();
      }
    });
  });
});
