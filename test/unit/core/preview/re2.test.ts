import * as assert from 'node:assert/strict';
import { compileRe2 } from '../../../../src/core/preview';

function matches(pattern: string, text: string, flags = ''): boolean {
  const compiled = compileRe2(pattern, flags);
  if (!compiled.ok) assert.fail(`${pattern}: ${compiled.error}`);
  return compiled.regexp.test(text);
}

function rejects(pattern: string, message: RegExp): void {
  const compiled = compileRe2(pattern);
  assert.equal(compiled.ok, false, `${pattern} should be rejected`);
  if (!compiled.ok) assert.match(compiled.error, message);
}

describe('RE2 patterns', () => {
  describe('rejects what RE2 rejects', () => {
    const cases: [string, RegExp][] = [
      ['(?=a)', /lookaround/],
      ['(?!a)', /lookaround/],
      ['(?<=a)b', /lookaround/],
      ['(?<!a)b', /lookaround/],
      ['(?>a)', /atomic/],
      ['(a)\\1', /backreferences/],
      ['a*+', /bad repetition/],
      ['a**', /bad repetition/],
      ['a{1001}', /bad repetition/],
      ['a{2,1}', /bad repetition/],
      ['*a', /missing argument/],
      ['a\\Z', /invalid escape/],
      ['\\e', /invalid escape/],
      ['(a', /missing closing \)/],
      ['a)', /unexpected \)/],
      ['[a', /missing closing \]/],
      ['[z-a]', /invalid character class range/],
      ['[[:nope:]]', /invalid character class range/],
      ['\\p{Nope}', /invalid character class range/],
      ['(?P=name)', /invalid or unsupported/],
      ['(?x)a', /invalid or unsupported|invalid flag/],
    ];
    for (const [pattern, message] of cases) it(`rejects /${pattern}/`, () => rejects(pattern, message));
  });

  describe('matches as RE2 does', () => {
    const cases: [string, string, boolean, string?][] = [
      ['^release-\\d+$', 'release-12', true],
      // RE2's $ without `m` is the end of the text only (Perl's would also match before a final newline).
      ['^main$', 'main\n', false],
      ['^main$', 'x\nmain', false],
      ['^main$', 'x\nmain', true, 'm'],
      ['a.b', 'a\nb', false],
      ['a.b', 'a\nb', true, 's'],
      ['a.b', 'a\rb', true],
      ['(?i)MAIN', 'main', true],
      ['(?i:MA)IN', 'maIN', true],
      ['(?i:MA)IN', 'main', false],
      ['M(?i)AIN', 'Main', true],
      ['M(?i)AIN', 'main', false],
      ['[A-C]+', 'abc', true, 'i'],
      ['\\Amain\\z', 'main', true],
      ['\\Amain\\z', 'main\n', false],
      ['\\s', '\u000b', false],
      ['\\s', '\u00a0', false],
      ['\\d', '\u0663', false],
      ['\\w+', 'snake_case', true],
      ['[[:alpha:]]+[[:digit:]]', 'abc1', true],
      ['\\pL', 'é', true],
      ['\\p{Greek}', 'λ', true],
      ['\\PL', 'a', false],
      ['\\x41\\x{42}', 'AB', true],
      ['\\Q.*\\E', 'a.*', true],
      ['\\Q.*\\E', 'ab', false],
      ['(?P<major>\\d+)\\.(?<minor>\\d+)', '1.2', true],
      ['a{2,3}', 'aa', true],
      ['x{,2}', 'x{,2}', true],
      ['a{', 'a{', true],
      ['[\\d.-]+', '1.2-3', true],
      ['[^/]+/', 'a/', true],
      ['(?U)a+', 'aaa', true],
      ['', 'anything', true],
    ];
    for (const [pattern, text, expected, flags] of cases) {
      it(`/${pattern}/${flags ?? ''} on ${JSON.stringify(text)} -> ${String(expected)}`, () => assert.equal(matches(pattern, text, flags), expected));
    }

    it('swaps greedy and lazy under (?U)', () => {
      const compiled = compileRe2('(?U)a+');
      assert.ok(compiled.ok);
      if (compiled.ok) assert.equal(compiled.regexp.exec('aaa')?.[0], 'a');
    });
  });
});
