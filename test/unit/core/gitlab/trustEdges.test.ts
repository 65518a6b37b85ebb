// Smaller leaks of trust: links GitLab sends before they reach the browser, and regular
// expressions typed into settings before they run.
import * as assert from 'node:assert/strict';
import { parseInstanceUrl, plainHttpWarning } from '../../../../src/core/gitlab/instance';
import { classifyJob, compileGatePatterns } from '../../../../src/core/release/gates/gatePatterns';
import { browsableLink } from '../../../../src/core/safeLink';
import { compileSettingRegex, MAX_PATTERN_LENGTH } from '../../../../src/core/safeRegex';

describe('links from GitLab', () => {
  const INSTANCE = 'https://gitlab.example.com';
  it('opens http and https web pages on the repository\'s instance', () => {
    assert.deepEqual(browsableLink('https://gitlab.example.com/g/p/-/jobs/1', INSTANCE), { ok: true, url: 'https://gitlab.example.com/g/p/-/jobs/1' });
    assert.equal(browsableLink('http://gitlab.local/g/p', 'http://gitlab.local').ok, true);
    // Behind a proxy an instance signed in over http may report https links: the host decides.
    assert.equal(browsableLink('https://gitlab.local/g/p', 'http://gitlab.local').ok, true);
    assert.equal(browsableLink('https://git.example.com:8443/gitlab/g/p/-/jobs/2', 'https://git.example.com:8443/gitlab').ok, true);
  });

  for (const hostile of ['file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://settings', 'javascript:alert(1)', 'https://u:p@gitlab.example.com/', 'not a url', '']) {
    it(`refuses ${JSON.stringify(hostile)} in words`, () => {
      const check = browsableLink(hostile, INSTANCE);
      assert.equal(check.ok, false);
      assert.ok(!check.ok && /not opened|no address/.test(check.reason), !check.ok ? check.reason : '');
    });
  }

  for (const elsewhere of ['https://evil.example.org/g/p/-/jobs/1', 'https://gitlab.example.com.evil.org/g/p', 'https://gitlab.example.com:8443/g/p', 'http://127.0.0.1/g/p']) {
    it(`refuses a link to another host, ${elsewhere}, naming both hosts`, () => {
      const check = browsableLink(elsewhere, INSTANCE);
      assert.equal(check.ok, false);
      assert.ok(!check.ok && check.reason.includes(new URL(elsewhere).host) && check.reason.includes('gitlab.example.com') && /not opened/.test(check.reason), !check.ok ? check.reason : '');
    });
  }
});

describe('regular expressions from settings', () => {
  it('compiles an ordinary pattern', () => {
    const result = compileSettingRegex('\\bprod(uction)?\\b', 'i');
    assert.ok(result.ok && result.regex.test('deploy-Production'));
  });

  const refused: readonly [unknown, RegExp][] = [
    ['(a+)+$', /nests quantifiers/],
    ['(\\w*)*x', /nests quantifiers/],
    ['([a-z]+){2,}', /nests quantifiers/],
    ['x'.repeat(MAX_PATTERN_LENGTH + 1), /longer than 200 characters/],
    ['(unclosed', /not a valid regular expression/],
    [42, /not a string/],
  ];
  for (const [source, words] of refused) {
    it(`refuses ${JSON.stringify(source).slice(0, 30)} in words`, () => {
      const result = compileSettingRegex(source);
      assert.ok(!result.ok);
      assert.match(result.problem, words);
    });
  }

  it('skips a dangerous gate pattern, reports it, and keeps the others', () => {
    const { patterns, problems } = compileGatePatterns([{ kind: 'canary', job: '(a+)+$' }, { kind: 'production', environment: 'prod' }]);
    assert.equal(patterns.length, 1);
    assert.match(problems[0] ?? '', /^gate pattern 1: job "\(a\+\)\+\$" nests quantifiers/);
    assert.equal(classifyJob({ name: `${'a'.repeat(40)}!`, stage: 'deploy' }, { name: 'production' }, patterns), 'production');
  });
});

describe('signing in over plain http', () => {
  const warning = (url: string): string | undefined => {
    const parsed = parseInstanceUrl(url);
    assert.ok(parsed.ok);
    return plainHttpWarning(parsed.instance);
  };

  it('warns before a token crosses the network unencrypted', () => {
    assert.match(warning('http://gitlab.corp.example:8080') ?? '', /^http:\/\/gitlab\.corp\.example:8080 uses plain http: your GitLab token would cross the network unencrypted/);
  });

  it('says nothing for https or for this machine\'s loopback sandbox', () => {
    assert.deepEqual(['https://gitlab.com', 'http://127.0.0.1:3080', 'http://localhost:3080', 'http://[::1]:3080'].map(warning), [undefined, undefined, undefined, undefined]);
  });
});
