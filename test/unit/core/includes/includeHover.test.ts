import { strict as assert } from 'node:assert';
import type { RemoteIncludeFound, RemoteIncludeFreshness } from '../../../../src/core/ci';
import { analyzeCiFile, RemoteIncludeAnswers } from '../../../../src/core/ci';
import { includeHover } from '../../../../src/core/includes/includeHover';
import { ENTRY, memoryReader, ROOT } from '../../../support/memoryReader';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const REQUEST = { kind: 'project', project: 'platform/ci', file: '/ci/build.yml', ref: 'main' } as const;
const CONFIG = ['include:', '  - project: platform/ci', '    ref: main', '    file: /ci/build.yml', 'build:', '  extends: .build-base', ''].join('\n');

function analysisWith(freshness: RemoteIncludeFreshness, displayUrl = `https://gitlab.example.com/platform/ci/-/blob/${SHA}/ci/build.yml`) {
  const found: RemoteIncludeFound = {
    kind: 'found', text: '.build-base:\n  script: [make]\n', path: `gitlab-include://gitlab.example.com/project/platform/ci/-/${SHA}/ci/build.yml`,
    project: { path: 'platform/ci', sha: SHA }, resolved: SHA, displayUrl, freshness,
  };
  const answers = new RemoteIncludeAnswers();
  answers.set(REQUEST, found);
  const analysis = analyzeCiFile(ENTRY, ROOT, memoryReader(ROOT, { '.gitlab-ci.yml': CONFIG }), { remote: answers });
  assert.ok(analysis);
  return analysis;
}

describe('hover on an include entry read from GitLab', () => {
  it('names the commit read and links to it', () => {
    const hover = includeHover(analysisWith('cached'), ENTRY, { line: 1, character: 14 });
    assert.ok(hover);
    assert.match(hover.contents, new RegExp(`\`platform/ci\` at \`${SHA}\``));
    assert.match(hover.contents, /from the include cache/);
    assert.match(hover.contents, /\[open in the browser\]\(https:\/\/gitlab\.example\.com\/platform\/ci\/-\/blob\//);
    assert.equal(hover.range.start.line, 1);
  });

  it('says when the copy comes from the cache because GitLab could not be reached', () => {
    const hover = includeHover(analysisWith('stale-offline'), ENTRY, { line: 1, character: 14 });
    assert.match(hover?.contents ?? '', /from cache, GitLab unreachable/);
  });

  it('never links anything but a plain web address', () => {
    const hover = includeHover(analysisWith('live', 'command:workbench.action.terminal.new'), ENTRY, { line: 1, character: 14 });
    assert.ok(hover);
    assert.doesNotMatch(hover.contents, /command:|\]\(/);
  });

  it('says nothing away from the include entry', () => {
    assert.equal(includeHover(analysisWith('live'), ENTRY, { line: 5, character: 12 }), undefined);
  });
});
