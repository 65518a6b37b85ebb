import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeParsed } from '../../../../../src/core/ci/analyze/analyzeCiFile';
import { completeCi } from '../../../../../src/core/ci/features/completion';
import { parseCiFile } from '../../../../../src/core/ci/parse/parseCiFile';
import * as schema from '../../../../../src/core/ci/schema';
import { withCursor } from '../../../../support/cursor';
import { fixturePath } from '../../../../support/paths';

interface Expected {
  kind: string;
  includes?: string[];
  excludes?: string[];
  exactly?: string[];
  prefix?: string;
}

const dir = fixturePath('ci-features', 'completion');
const noFiles = { readFile: () => undefined, glob: () => [] };

function complete(source: string) {
  const { text, position } = withCursor(source);
  const file = '/project/.gitlab-ci.yml';
  // Completion works from the last good analysis; the marker line is usually what breaks it, so analyse without it.
  const lines = text.split('\n');
  lines[position.line] = '';
  const analysis = analyzeParsed(parseCiFile(file, lines.join('\n')), '/project', noFiles, { schema });
  return { items: completeCi({ text, position, analysis }), position };
}

describe('completion (fixtures with a <|> cursor)', () => {
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.yml')).sort()) {
    const expected = JSON.parse(fs.readFileSync(path.join(dir, name.replace(/\.yml$/, '.expected.json')), 'utf8')) as Expected;
    it(`${name}: offers ${expected.kind} items`, () => {
      const { items, position } = complete(fs.readFileSync(path.join(dir, name), 'utf8'));
      const labels = items.map((i) => i.label);
      if (expected.exactly) assert.deepEqual(labels, expected.exactly);
      for (const label of expected.includes ?? []) assert.ok(labels.includes(label), `${label} missing from ${labels.join(', ')}`);
      for (const label of expected.excludes ?? []) assert.ok(!labels.includes(label), `${label} should not be offered`);
      assert.ok(items.length > 0);
      const kinds = new Set(items.filter((i) => (expected.includes ?? expected.exactly ?? []).includes(i.label)).map((i) => i.kind));
      assert.ok(kinds.has(expected.kind as never), `expected kind ${expected.kind}, got ${[...kinds].join(', ')}`);
      const prefix = expected.prefix ?? '';
      for (const item of items) {
        assert.equal(item.range.end.character, position.character, `${item.label} must end at the cursor`);
        assert.equal(item.range.start.character, position.character - prefix.length - (item.kind === 'variable' ? (item.label.startsWith('${') ? 2 : 1) : 0), `${item.label} replaces the typed prefix`);
      }
    });
  }
});

describe('completion details', () => {
  it('inserts a mapping keyword as a block and a scalar keyword inline', () => {
    const { items } = complete('build:\n  <|>\n');
    const artifacts = items.find((i) => i.label === 'artifacts');
    const stage = items.find((i) => i.label === 'stage');
    assert.equal(artifacts?.insertText, 'artifacts:\n  $0');
    assert.equal(stage?.insertText, 'stage: $0');
    assert.match(stage?.documentation ?? '', /docs\.gitlab\.com\/ci\/yaml/);
  });

  it('says which stage a job offered in needs runs in', () => {
    const { items } = complete('stages: [build, test]\nbuild:\n  stage: build\n  script: make\nt:\n  script: x\n  needs: [<|>]\n');
    assert.equal(items.find((i) => i.label === 'build')?.detail, 'job · stage build');
  });

  it('offers nothing inside a comment-free plain scalar of a script line', () => {
    const { items } = complete('build:\n  script:\n    - make all<|>\n');
    assert.deepEqual(items.map((i) => i.label), []);
  });
});
