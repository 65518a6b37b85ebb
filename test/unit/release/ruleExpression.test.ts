import * as assert from 'node:assert/strict';
import { evaluateRuleExpression, parseRuleExpression } from '../../../src/core/scaffold';

const VARS: Record<string, string> = {
  CI_PIPELINE_SOURCE: 'merge_request_event',
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'dev',
  RELEASE_DEV_BRANCH: 'dev',
  CI_DEFAULT_BRANCH: 'master',
  EMPTY: '',
  PATTERN: '/^feat/',
  SOURCE: 'feature/x',
};

function run(text: string): boolean {
  const parsed = parseRuleExpression(text);
  if (!parsed.ok) assert.fail(`${text}: ${parsed.error}`);
  return evaluateRuleExpression(parsed.expression, (name) => VARS[name]);
}

describe('rules:if expressions', () => {
  const cases: [string, boolean][] = [
    ['$CI_PIPELINE_SOURCE == "merge_request_event"', true],
    ["$CI_PIPELINE_SOURCE == 'push'", false],
    ['$CI_PIPELINE_SOURCE != "push"', true],
    ['$CI_MERGE_REQUEST_TARGET_BRANCH_NAME == $RELEASE_DEV_BRANCH', true],
    ['$CI_COMMIT_BRANCH == $RELEASE_DEV_BRANCH', false],
    ['$CI_COMMIT_BRANCH == null', true],
    ['$CI_COMMIT_BRANCH != null', false],
    ['$CI_COMMIT_BRANCH', false],
    ['$EMPTY', false],
    ['$CI_DEFAULT_BRANCH', true],
    ['$SOURCE =~ /^feature\\//', true],
    ['$SOURCE =~ /^FEATURE/i', true],
    ['$SOURCE =~ /^FEATURE/', false],
    ['$SOURCE !~ /^release/', true],
    ['$SOURCE =~ $PATTERN', true],
    ['$MISSING =~ /x/', false],
    ['$MISSING !~ /x/', true],
    ['$CI_DEFAULT_BRANCH || $MISSING && $MISSING', true],
    ['($CI_DEFAULT_BRANCH || $MISSING) && $MISSING', false],
    ['$CI_PIPELINE_SOURCE == "push" || $CI_PIPELINE_SOURCE == "merge_request_event" && $RELEASE_DEV_BRANCH == "dev"', true],
    ['(($CI_PIPELINE_SOURCE == "push"))', false],
  ];
  for (const [text, expected] of cases) it(`${text} -> ${String(expected)}`, () => assert.equal(run(text), expected));

  const broken: [string, string][] = [
    ['$A == ', 'expected a variable'],
    ['($A == "x"', 'missing ")"'],
    ['$A == "x', 'unterminated string'],
    ['$A =~ /x', 'unterminated regular expression'],
    ['$A === "x"', 'unexpected "="'],
    ['$A == "x" $B', 'unexpected token'],
    ['A == "x"', 'unexpected "A"'],
  ];
  for (const [text, message] of broken) {
    it(`reports "${text}" as unreadable`, () => {
      const parsed = parseRuleExpression(text);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.ok(parsed.error.includes(message), parsed.error);
    });
  }
});
