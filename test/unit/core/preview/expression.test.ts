import * as assert from 'node:assert/strict';
import { evaluateExpression, evaluateValue, parseExpression } from '../../../../src/core/preview';
import type { ExpressionValue } from '../../../../src/core/preview';

// Values in the style of GitLab's own statement specs and its documentation examples.
const VARS: Record<string, string> = {
  PRESENT_VARIABLE: 'my variable',
  EMPTY_VARIABLE: '',
  BLANK_VARIABLE: '   ',
  PATH_VARIABLE: 'a/path/variable/value',
  FULL_PATH_VARIABLE: '/a/full/path/variable/value',
  MULTILINE_VARIABLE: 'one\ntwo',
  CI_PIPELINE_SOURCE: 'push',
  CI_COMMIT_BRANCH: 'release-1.2',
  CI_DEFAULT_BRANCH: 'main',
  RELEASE_BRANCH_REGEX: '/^release-.*/',
  ESCAPED_REGEX: '/^release\\/1/',
  INVALID_RE2_REGEX: '/(?=release)/',
  PLAIN_TEXT: 'a release branch',
  TAG: 'v1.2.3',
};

function parsed(text: string) {
  const result = parseExpression(text);
  if (!result.ok) assert.fail(`${text}: ${result.error}`);
  return result.expression;
}

function truthful(text: string): boolean {
  return evaluateExpression(parsed(text), (name) => VARS[name]);
}

function value(text: string): ExpressionValue {
  return evaluateValue(parsed(text), (name) => VARS[name]);
}

describe('CI/CD variable expressions', () => {
  describe('documented comparisons', () => {
    const cases: [string, boolean][] = [
      ['$CI_PIPELINE_SOURCE == "push"', true],
      ["$CI_PIPELINE_SOURCE == 'push'", true],
      ['"push" == $CI_PIPELINE_SOURCE', true],
      ['$CI_PIPELINE_SOURCE != "push"', false],
      ['$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', false],
      ['$CI_DEFAULT_BRANCH == "main"', true],
      ['$UNDEFINED == null', true],
      ['null == $UNDEFINED', true],
      ['$UNDEFINED != null', false],
      ['$EMPTY_VARIABLE == null', false],
      ['$EMPTY_VARIABLE == ""', true],
      ["$EMPTY_VARIABLE == ''", true],
      ['$EMPTY_VARIABLE != ""', false],
      ['$PRESENT_VARIABLE == null', false],
      ['$PRESENT_VARIABLE', true],
      ['$UNDEFINED', false],
      ['$EMPTY_VARIABLE', false],
      ['$BLANK_VARIABLE', false],
      ['"text"', true],
      ['""', false],
      ['null', false],
    ];
    for (const [text, expected] of cases) it(`${text} -> ${String(expected)}`, () => assert.equal(truthful(text), expected));
  });

  describe('pattern matching', () => {
    const cases: [string, boolean][] = [
      ['$PRESENT_VARIABLE =~ /var.*e$/', true],
      ['$PRESENT_VARIABLE =~ /^var.*/', false],
      ['$PRESENT_VARIABLE =~ /^VAR/', false],
      ['$PRESENT_VARIABLE =~ /VAR.*/i', true],
      ['$PRESENT_VARIABLE !~ /var.*e$/', false],
      ['$PRESENT_VARIABLE !~ /^var/', true],
      ['$PATH_VARIABLE =~ /path\\/variable/', true],
      ['$FULL_PATH_VARIABLE =~ /^\\/a\\/full\\/path\\/variable\\/value$/', true],
      ['$CI_COMMIT_BRANCH =~ /^release-\\d+\\.\\d+$/', true],
      ['$TAG =~ /^v\\d+\\.\\d+\\.\\d+$/', true],
      // A nil left side reads as "": an undefined variable matches only what matches the empty string.
      ['$UNDEFINED =~ /var.*/', false],
      ['$UNDEFINED =~ /^$/', true],
      ['$UNDEFINED !~ /var.*/', true],
      ['$EMPTY_VARIABLE =~ /^v*/', true],
      // A nil right side never matches, so `!~` is true.
      ['$PRESENT_VARIABLE =~ $UNDEFINED', false],
      ['$PRESENT_VARIABLE !~ $UNDEFINED', true],
      // Without the `m` flag `$` is the end of the text; with it, the end of a line.
      ['$MULTILINE_VARIABLE =~ /one$/', false],
      ['$MULTILINE_VARIABLE =~ /one$/m', true],
      ['$MULTILINE_VARIABLE =~ /one.two/', false],
      ['$MULTILINE_VARIABLE =~ /one.two/s', true],
    ];
    for (const [text, expected] of cases) it(`${text} -> ${String(expected)}`, () => assert.equal(truthful(text), expected));
  });

  describe('patterns stored in variables', () => {
    const cases: [string, boolean][] = [
      ['$CI_COMMIT_BRANCH =~ $RELEASE_BRANCH_REGEX', true],
      ['$CI_DEFAULT_BRANCH =~ $RELEASE_BRANCH_REGEX', false],
      ['"release/1.0" =~ $ESCAPED_REGEX', true],
      // A quoted `/.../` right side is read as a pattern too.
      ['$CI_COMMIT_BRANCH =~ "/^release/"', true],
      // A right side that is not a pattern matches when the left text occurs in it (Ruby String#scan).
      ['"release" =~ $PLAIN_TEXT', true],
      ['$CI_COMMIT_BRANCH =~ $PLAIN_TEXT', false],
      ['$UNDEFINED =~ $PLAIN_TEXT', true],
      // Variables are not expanded inside a literal pattern.
      ['$CI_COMMIT_BRANCH =~ /$CI_DEFAULT_BRANCH/', false],
    ];
    for (const [text, expected] of cases) it(`${text} -> ${String(expected)}`, () => assert.equal(truthful(text), expected));

    it('compares a variable that is not valid RE2 as text, and says so', () => {
      const notes: string[] = [];
      const result = evaluateExpression(parsed('"x" =~ $INVALID_RE2_REGEX'), (name) => VARS[name], (n) => notes.push(n));
      assert.equal(result, false);
      assert.equal(notes.length, 1);
      assert.match(notes[0] ?? '', /not a valid RE2 pattern/);
    });
  });

  describe('&&, || and parentheses', () => {
    const cases: [string, boolean][] = [
      ['$CI_COMMIT_BRANCH == "release-1.2" && $CI_PIPELINE_SOURCE == "push"', true],
      ['$CI_COMMIT_BRANCH == "main" && $CI_PIPELINE_SOURCE == "push"', false],
      ['$CI_COMMIT_BRANCH == "main" || $CI_PIPELINE_SOURCE == "push"', true],
      ['$PRESENT_VARIABLE =~ /^my/ || $UNDEFINED == "x"', true],
      // && binds tighter than ||.
      ['$PRESENT_VARIABLE || $UNDEFINED && $UNDEFINED', true],
      ['($PRESENT_VARIABLE || $UNDEFINED) && $UNDEFINED', false],
      ['$UNDEFINED && $UNDEFINED || $PRESENT_VARIABLE', true],
      ['($PRESENT_VARIABLE =~ /my/ || $UNDEFINED =~ /thing$/) && $CI_DEFAULT_BRANCH', true],
      ['(($CI_PIPELINE_SOURCE == "web"))', false],
      ['$CI_PIPELINE_SOURCE == "merge_request_event" || $CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH =~ /^release/', true],
    ];
    for (const [text, expected] of cases) it(`${text} -> ${String(expected)}`, () => assert.equal(truthful(text), expected));

    it('returns operands the way Ruby does: "" is truthy for && and ||, but not present at the end', () => {
      assert.equal(value('$PRESENT_VARIABLE && $EMPTY_VARIABLE'), '');
      assert.equal(value('$EMPTY_VARIABLE && $PRESENT_VARIABLE'), 'my variable');
      assert.equal(truthful('$EMPTY_VARIABLE && $PRESENT_VARIABLE'), true);
      assert.equal(value('$EMPTY_VARIABLE || $PRESENT_VARIABLE'), '');
      assert.equal(truthful('$EMPTY_VARIABLE || $PRESENT_VARIABLE'), false);
      assert.equal(value('$UNDEFINED || $PRESENT_VARIABLE'), 'my variable');
      assert.equal(value('$UNDEFINED && $PRESENT_VARIABLE'), null);
    });

    it('groups comparisons of equal precedence to the left', () => {
      // ($PRESENT_VARIABLE == "my variable") == "true" compares the boolean true with a string.
      assert.equal(value('$PRESENT_VARIABLE == "my variable" == "true"'), false);
    });
  });

  describe('what GitLab rejects', () => {
    const broken: [string, RegExp][] = [
      // GitLab checks the left operand first, and the one operand there is taken as the right one.
      ['$VAR ==', /left operand/],
      ['== "x"', /left operand/],
      ['($VAR == "x"', /unmatched parenthesis/],
      ['$VAR == "x")', /unmatched parenthesis/],
      ['$VAR "x"', /unreachable nodes/],
      ['$VAR = "x"', /unknown lexeme/],
      ['VAR == "x"', /unknown lexeme/],
      ['${VAR} == "x"', /does not accept \$\{VAR\}/],
      ['$VAR == "x', /unknown lexeme/],
      ['$VAR =~ /a/', /unknown lexeme/],
      ['$VAR =~ /(?=a)b/', /lookaround/],
      ['$VAR =~ /(a)\\1/', /backreferences/],
      ['$VAR =~ /a/x', /unreachable nodes|unknown lexeme/],
      ['', /empty expression/],
      ['()', /empty expression/],
    ];
    for (const [text, message] of broken) {
      it(`rejects ${JSON.stringify(text)}`, () => {
        const result = parseExpression(text);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.error, message);
      });
    }

    it('accepts 99 tokens and rejects 100, as GitLab\'s lexer stops at 100 steps', () => {
      const of = (n: number): string => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? '$A' : '||')).join(' ');
      assert.equal(parseExpression(of(99)).ok, true);
      const rejected = parseExpression(`${of(99)} ||`);
      assert.equal(rejected.ok, false);
      if (!rejected.ok) assert.match(rejected.error, /too many tokens/);
    });

    it('reports where the problem is', () => {
      const result = parseExpression('$A == "x" && $B = "y"');
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.offset, 16);
    });
  });
});
