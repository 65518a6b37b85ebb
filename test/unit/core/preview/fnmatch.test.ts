import * as assert from 'node:assert/strict';
import { expandBraces, fnmatch } from '../../../../src/core/preview';

describe('fnmatch (FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB)', () => {
  const cases: [string, string, boolean][] = [
    ['Dockerfile', 'Dockerfile', true],
    ['*.md', 'README.md', true],
    ['*.md', 'docs/README.md', false],
    ['docs/*', 'docs/a.md', true],
    ['docs/*', 'docs/sub/a.md', false],
    // `**` only spans directories when followed by a slash; alone it is one `*`.
    ['docs/**', 'docs/sub/a.md', false],
    ['docs/**/*', 'docs/sub/a.md', true],
    ['docs/**/*', 'docs/a.md', true],
    ['**/*.js', 'a.js', true],
    ['**/*.js', 'src/deep/a.js', true],
    ['src/**/*.{ts,js}', 'src/a/b.js', true],
    ['src/**/*.{ts,js}', 'src/a/b.css', false],
    ['{a,b/{c,d}}.txt', 'b/d.txt', true],
    ['?.txt', 'a.txt', true],
    ['?.txt', '/.txt', false],
    ['[abc].txt', 'b.txt', true],
    ['[!abc].txt', 'b.txt', false],
    ['[!abc].txt', 'd.txt', true],
    // FNM_DOTMATCH: wildcards match leading dots.
    ['*', '.gitlab-ci.yml', true],
    ['**/*', '.gitlab/ci/a.yml', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
  ];
  for (const [glob, path, expected] of cases) it(`${glob} ~ ${path} -> ${String(expected)}`, () => assert.equal(fnmatch(glob, path), expected));

  it('expands nested braces', () => {
    assert.deepEqual(expandBraces('x{a,b{c,d}}y'), ['xay', 'xbcy', 'xbdy']);
  });
});
