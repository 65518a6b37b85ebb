// CI values shown in a hover are text, never Markdown: a backtick cannot close the code span,
// a description cannot add a link or an image.
import { strict as assert } from 'node:assert';
import { analyzeCiFile } from '../../../../../src/core/ci/analyze/analyzeCiFile';
import { hoverCi } from '../../../../../src/core/ci/features/hover';
import * as schema from '../../../../../src/core/ci/schema';
import { codeSpan, plainText } from '../../../../../src/core/markdown';
import { memoryReader } from '../../../../support/memoryReader';

const MAIN = '/repo/.gitlab-ci.yml';
const TEXT = [
  'variables:',                                                               // 0
  '  TARGET:',                                                                // 1
  '    value: "x` [owned](command:workbench.action.terminal.new) `y"',       // 2
  '    description: "see ![img](https://evil.example/p.png) and <b>bold</b>"', // 3
  '"deploy`](https://evil.example)":',                                       // 4
  '  stage: "pro`d"',                                                         // 5
  '  script: echo $TARGET',                                                   // 6
  '',
].join('\n');

describe('hover escapes CI values', () => {
  const result = analyzeCiFile(MAIN, '/repo', memoryReader('/', { [MAIN]: TEXT }), { schema });
  assert.ok(result);
  const file = result.files.get(MAIN);
  assert.ok(file);

  it('keeps a job name and stage with backticks inside their code spans', () => {
    const hover = hoverCi(file, result, { line: 4, character: 2 });
    assert.equal(hover?.contents, '**Job** ``deploy`](https://evil.example)`` · stage ``pro`d``');
  });

  it('shows a variable value as code and its description as plain text', () => {
    const hover = hoverCi(file, result, { line: 6, character: 17 });
    const contents = hover?.contents ?? '';
    assert.ok(contents.includes('= ``x` [owned](command:workbench.action.terminal.new) `y``:'), contents);
    assert.ok(contents.endsWith(': see \\!\\[img\\]\\(https://evil\\.example/p\\.png\\) and \\<b\\>bold\\</b\\>'), contents);
  });

  it('fences code spans and escapes text', () => {
    assert.deepEqual([codeSpan('a'), codeSpan('a`b'), codeSpan('`x'), codeSpan('')], ['`a`', '``a`b``', '`` `x ``', '`  `']);
    assert.equal(plainText('[a](b) <i>'), '\\[a\\]\\(b\\) \\<i\\>');
  });
});
