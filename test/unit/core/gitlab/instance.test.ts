import * as assert from 'node:assert/strict';
import { DEFAULT_INSTANCE_URL, instanceFromUrl, parseInstanceUrl, sameInstance, tokenMayBeSentTo } from '../../../../src/core/gitlab/instance';

describe('parseInstanceUrl', () => {
  const cases: [string | undefined, string, string][] = [
    [undefined, 'https://gitlab.com', 'https://gitlab.com/api/v4/'],
    ['', 'https://gitlab.com', 'https://gitlab.com/api/v4/'],
    ['gitlab.example.com', 'https://gitlab.example.com', 'https://gitlab.example.com/api/v4/'],
    ['https://GitLab.Example.com/', 'https://gitlab.example.com', 'https://gitlab.example.com/api/v4/'],
    ['https://gitlab.example.com/api/v4', 'https://gitlab.example.com', 'https://gitlab.example.com/api/v4/'],
    ['https://gitlab.example.com/api/v4/', 'https://gitlab.example.com', 'https://gitlab.example.com/api/v4/'],
    ['https://gitlab.example.com:443', 'https://gitlab.example.com', 'https://gitlab.example.com/api/v4/'],
    ['http://127.0.0.1:8929/', 'http://127.0.0.1:8929', 'http://127.0.0.1:8929/api/v4/'],
    ['https://host.io/gitlab//', 'https://host.io/gitlab', 'https://host.io/gitlab/api/v4/'],
    ['https://host.io/gitlab/api/v4?x=1#y', 'https://host.io/gitlab', 'https://host.io/gitlab/api/v4/'],
  ];
  for (const [input, url, apiBase] of cases) {
    it(`normalises ${JSON.stringify(input)}`, () => {
      const instance = instanceFromUrl(input);
      assert.equal(instance.url, url);
      assert.equal(instance.apiBase, apiBase);
    });
  }

  it('keeps the parts remotes are matched on', () => {
    const instance = instanceFromUrl('https://Git.Example.com:8443/gitlab');
    assert.equal(instance.hostname, 'git.example.com');
    assert.equal(instance.port, 8443);
    assert.equal(instance.basePath, '/gitlab');
    assert.equal(instance.origin, 'https://git.example.com:8443');
  });

  it('defaults to gitlab.com', () => {
    assert.equal(instanceFromUrl(undefined).url, DEFAULT_INSTANCE_URL);
  });

  for (const bad of ['ftp://host', 'https://user:pw@host.io', 'http://', 'https://exa mple.com']) {
    it(`refuses ${bad} with a reason`, () => {
      const result = parseInstanceUrl(bad);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.reason.length > 10);
    });
  }

  it('treats different spellings as the same instance', () => {
    assert.ok(sameInstance(instanceFromUrl('gitlab.com'), instanceFromUrl('https://GITLAB.com/api/v4/')));
    assert.ok(!sameInstance(instanceFromUrl('gitlab.com'), instanceFromUrl('http://gitlab.com')));
  });
});

describe('tokenMayBeSentTo', () => {
  const instance = instanceFromUrl('https://git.example.com:8443/gitlab');

  it('allows the instance API, absolute or relative', () => {
    assert.ok(tokenMayBeSentTo(instance, 'https://git.example.com:8443/gitlab/api/v4/projects/1'));
    assert.ok(tokenMayBeSentTo(instance, 'projects/g%2Fp/pipelines?page=2'));
  });

  it('allows exactly the GraphQL endpoint beside the REST base, nothing else next to it', () => {
    assert.equal(instance.graphqlUrl, 'https://git.example.com:8443/gitlab/api/graphql');
    assert.ok(tokenMayBeSentTo(instance, 'https://git.example.com:8443/gitlab/api/graphql?query=%7B%7D'));
    assert.ok(tokenMayBeSentTo(instance, '../graphql'));
    assert.equal(tokenMayBeSentTo(instance, 'https://git.example.com:8443/gitlab/api/graphql/x'), false);
    assert.equal(tokenMayBeSentTo(instance, 'https://git.example.com:8443/gitlab/api/graphqlx'), false);
    assert.equal(tokenMayBeSentTo(instance, 'https://git.example.com:8443/api/graphql'), false);
    assert.equal(tokenMayBeSentTo(instance, 'https://evil.io/gitlab/api/graphql'), false);
  });

  const refused: [string, string][] = [
    ['another host', 'https://evil.io/gitlab/api/v4/user'],
    ['a look-alike host', 'https://git.example.com.evil.io:8443/gitlab/api/v4/user'],
    ['another port', 'https://git.example.com:9443/gitlab/api/v4/user'],
    ['another scheme', 'http://git.example.com:8443/gitlab/api/v4/user'],
    ['a path outside the instance', 'https://git.example.com:8443/other/api/v4/user'],
    ['dot segments leaving the base', 'https://git.example.com:8443/gitlab/api/v4/../../../other'],
    ['protocol-relative URLs', '//evil.io/api/v4/user'],
    ['credentials in the URL', 'https://x:y@git.example.com:8443/gitlab/api/v4/user'],
  ];
  for (const [what, url] of refused) {
    it(`refuses ${what}`, () => {
      assert.equal(tokenMayBeSentTo(instance, url), false);
    });
  }
});
