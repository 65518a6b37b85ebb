// Smaller leaks of trust: links GitLab sends before they reach the browser, and regular
// expressions typed into settings before they run.
import * as assert from 'node:assert/strict';
import { parseInstanceUrl, plainHttpWarning } from '../../../../src/core/gitlab/instance';
import { classifyJob, compileGatePatterns } from '../../../../src/core/release/gates/gatePatterns';
import { browsableLink } from '../../../../src/core/safeLink';
import { compileSettingRegex, MAX_PATTERN_LENGTH } from '../../../../src/core/safeRegex';

describe('links from GitLab', () => {
  it('opens http and https web pages', () => {
    assert.deepEqual(browsableLink('https://gitlab.example.com/g/p/-/jobs/1'), { ok: true, url: 'https://gitlab.example.com/g/p/-/jobs/1' });
    assert.equal(browsableLink('http://gitlab.local/g/p').ok, true);
  });

  for (const hostile of ['file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://settings', 'javascript:alert(1)', 'https://u:p@gitlab.example.com/', 'not a url', '']) {
    it(`refuses ${JSON.stringify(hostile)} in words`, () => {
      const check = browsableLink(hostile);
      assert.equal(check.ok, false);
      assert.ok(!check.ok && /not opened|no address/.test(check.reason), !check.ok ? check.reason : '');
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
