// A self-managed GitLab behind a company CA and an HTTP proxy: the transport goes through
// Node's https module, which VS Code's extension host replaces (require('https')) with one
// that adds the proxy agent and the system certificates. Certificate checks stay on.
import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import * as https from 'node:https';
import Module from 'node:module';
import type { GitLabApi } from '../../../../src/core/gitlab/client';
import { NetworkError } from '../../../../src/core/gitlab/errors';
import { createGitbeakerApi } from '../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import { rejection } from './support/adapterOverServer';
import type { ConnectProxy, Listening, LocalPki } from './support/localTls';
import { connectTunnelAgent, createLocalPki, listen, startConnectProxy } from './support/localTls';

const TOKEN = 'glpat-BehindTheProxy123456';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };

describe('GitLab over HTTPS with a private CA and a CONNECT proxy (127.0.0.1)', function () {
  this.timeout(30_000);
  let pki: LocalPki;
  let gitlab: Listening;
  let proxy: ConnectProxy;
  let seen: string[];
  let url: string;

  before(() => {
    pki = createLocalPki();
  });
  beforeEach(async () => {
    seen = [];
    const server = https.createServer({ key: pki.serverKeyPem, cert: pki.serverCertPem }, (req, res) => {
      seen.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers['private-token'] === TOKEN ? 'token' : 'no-token'}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 1, username: 'dana', name: 'Dana' }));
    });
    gitlab = await listen(server);
    proxy = await startConnectProxy();
    url = `https://127.0.0.1:${gitlab.port}`;
  });
  afterEach(async () => {
    await proxy.close();
    await gitlab.close();
  });

  const api = (options: { ca?: string[]; agent?: http.Agent } = {}): GitLabApi =>
    createGitbeakerApi({ instance: instanceFromUrl(url), token: TOKEN, timeoutMs: 10_000, ...options });

  it('reaches GitLab through the proxy when the CA is trusted', async () => {
    const user = await api({ ca: [pki.caPem], agent: connectTunnelAgent(proxy.port) }).currentUser();
    assert.equal(user.data.username, 'dana');
    assert.deepEqual(proxy.tunnels, [`127.0.0.1:${gitlab.port}`]);
    assert.deepEqual(seen, ['GET /api/v4/user token']);
  });

  it('refuses an untrusted certificate in words, and sends nothing', async () => {
    const error = await rejection(api().currentUser());
    assert.ok(error instanceof NetworkError);
    assert.equal(error.failure, 'certificate');
    assert.match(error.message, /its certificate is not trusted: self-signed, or signed by a company CA/);
    assert.match(error.message, /http\.systemCertificates/);
    assert.deepEqual(seen, []);
  });

  it('says so when the proxy refuses the tunnel', async () => {
    const refusing = await startConnectProxy({ refuse: true });
    try {
      const error = await rejection(api({ ca: [pki.caPem], agent: connectTunnelAgent(refusing.port) }).currentUser());
      assert.ok(error instanceof NetworkError);
      assert.equal(error.failure, 'proxy');
      assert.match(error.message, /the proxy refused the connection\)\. Check the http\.proxy setting/);
    } finally {
      await refusing.close();
    }
  });

  it('uses the https module the extension host swaps in, as VS Code does for http.proxy and system certificates', async () => {
    // VS Code's extension host intercepts require('https') (that exact name) and hands out a
    // module whose request() adds its proxy agent and the system's CAs. Emulate that, then load
    // the adapter afresh so its require goes through the interceptor.
    const realHttps: typeof https = https;
    const tunnel = connectTunnelAgent(proxy.port);
    const patched = {
      ...realHttps,
      request: (target: URL, options: https.RequestOptions) => realHttps.request(target, { ...options, agent: tunnel, ca: [pki.caPem] }),
    };
    const compiledAdapter = /[\\/]src[\\/]core[\\/]gitlab[\\/]/;
    const dropAdapter = (): void => {
      for (const key of Object.keys(require.cache)) if (compiledAdapter.test(key)) delete require.cache[key];
    };
    const intercepted: string[] = [];
    const original = loader._load;
    loader._load = function load(this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
      if (request === 'https') {
        intercepted.push(request);
        return patched;
      }
      return original.call(this, request, parent, isMain);
    };
    dropAdapter();
    try {
      // Compiled to CommonJS, this import() is a require() and passes through Module._load.
      const fresh = await import('../../../../src/core/gitlab/gitbeakerApi');
      const user = await fresh.createGitbeakerApi({ instance: instanceFromUrl(url), token: TOKEN, timeoutMs: 10_000 }).currentUser();
      assert.equal(user.data.username, 'dana');
    } finally {
      loader._load = original;
      dropAdapter();
    }
    assert.ok(intercepted.length > 0, 'the adapter asked for the https module by the name the host intercepts');
    assert.deepEqual(proxy.tunnels, [`127.0.0.1:${gitlab.port}`]);
  });
});
