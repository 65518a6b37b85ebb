import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParsedCiFile } from '../../../../../src/core/ci/parse/parseCiFile';
import { parseCiFile, parseCiFileComposed } from '../../../../../src/core/ci/parse/parseCiFile';
import { observable, tookBlockSubsetPath } from '../../../../support/parsedObservable';
import { fixturePath } from '../../../../support/paths';
import { OUT_OF_SUBSET } from '../../../../../src/core/ci/parse/blockSubset/readBlockSubset';

function assertSameAsComposed(text: string, label = JSON.stringify(text)): ParsedCiFile {
  const fast = parseCiFile('/p/.gitlab-ci.yml', text);
  const composed = parseCiFileComposed('/p/.gitlab-ci.yml', text);
  assert.deepEqual(observable(fast), observable(composed), label);
  return fast;
}

function ymlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? ymlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

/** Tiny deterministic generator, so the mutation test is the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const FAST_CASES: Record<string, string> = {
  'ranges of keys, values and collections': 'build:\n  stage: test\n  script:\n    - make\n    - make check   # comment\n  tags: [a, "b c"]\nlast: x',
  'anchors, aliases and merge keys': '.a: &a\n  image: x\n  tags: [t]\n.b: &b { retry: 1 }\njob:\n  <<: [*a, *b]\n  image: y\nother:\n  <<: *a\n',
  '!reference tags': 'job:\n  script:\n    - !reference [.base, script]\n    - echo\n  rules: !reference [.rules, rules]\n',
  'YAML 1.1 booleans as Psych reads them': 'a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: N\ng: true\nh: "yes"\ni: ~\nj: null\nk:\n',
  'numbers, dates and other plain scalars': 'a: 1\nb: 0o7\nc: 017\nd: 0x1F\ne: 1.5\nf: .inf\ng: 1e3\nh: 2024-01-02\ni: 1:30\nj: 1_000\nk: v1.2\nl: "1"\nn: http://x:80/y\n',
  'quoted scalars and escapes': `a: 'it''s'\nb: "tab\\t \\"q\\" \\u00e9 \\x41"\n"c d": 1\n'e': 2\n`,
  'block scalars': 'a: |\n  one\n    two\n\n  three\nb: >-\n  folded\n  text\n\n  para\nc: |-\n  x\nd: x\n',
  'duplicate keys': 'a: 1\nb:\n  c: 1\n  c: 2\na: 3\n',
  'empty values and trailing comments': 'a:\n  b:\n# note\nc:\n  - x\n  -\nd: # empty\ne:\n  f: 1\n\n',
  'nested sequences of mappings': 'job:\n  rules:\n    - if: $A\n      when: never\n    - changes:\n        - a/**\n      variables:\n        X: "1"\n  needs:\n  - job: a\n    artifacts: false\n',
  'flow mappings across lines': 'job: { image: x,\n  tags: [a, b] }\n',
  'plain scalars wrapped over more indented lines': 'job:\n  script:\n    - docker run --rm\n        -e "X=1" *x &y\n\n        - image\n    - echo\n  when: on\n    success\nlast: one\n two\n',
  'a document start line after comments': '# header\n\n---  \njob:\n  script: [x]\n',
  'comments after the last value of nested collections': 'a:\n  b:\n    c:\n      - x\n      # c6\n    # c4\n  d: 1\ne:\n  f:\n    - x\n  # c2\n # c1\ng:\n  - h: 1\n    # c4\n\n   # c3\n',
  'folded scalars with more indented lines': 'a: >\n  x\n\n    more\n\n  y\n  z\nb: >-\n  x\n    m\nc: 1\n',
  'literal lines of spaces beyond the indentation': 'a: |\n  x\n     \n  y\nb: |-\n  x\n      \nc: 1\n',
  // An empty last value with a comment after it: yaml ends the collections at the next content's first character.
  'a comment after an empty value in a list item (`rule: #[]`)': 'include:\n  - local: build.yml\n    rule: #[]\n  - local: c.yml\njob:\n  script: x\n',
  'a comment after an empty value in a nested mapping': 'a:\n  b:\n    c: #x\n  d: 1\ne:\n  - f:\n      g:\n      # x\n    h: 1\n  - i\n',
};

const DECLINED_CASES: Record<string, string> = {
  'a syntax error': 'a: [1, 2\nb: 3\n',
  'a tab': 'a:\n\tb: 1\n',
  'a comment inside a multi-line plain scalar': 'a: one\n  two # c\n  three\n',
  'a comment between the lines of a plain scalar': 'a: one\n# c\n  two\n',
  'a document start line after content': 'a: 1\n---\n',
  'a comment more indented than the collection after its last value': 'a:\n  - x\n      # c\nb: 1\n',
  'a first document that is not a spec header': 'a: 1\n---\njob: {script: x}\n',
  'three documents': 'spec:\n  inputs: {}\n---\njob: {script: x}\n---\nb: 2\n',
  'a configuration using an anchor of its header': 'spec:\n  inputs: &i {a: 1}\n---\njob:\n  variables: *i\n  script: x\n',
  'a spec header with nothing after it': 'spec:\n  inputs: {}\n---\n# only a comment\n',
  'a separator with something after it on its line': 'spec:\n  inputs: {}\n--- # c\njob: {script: x}\n',
  'an unknown alias': 'a: *nope\n',
  'a custom tag': 'a: !foo bar\n',
  'a dash as a value': 'a: -\n',
  'a scalar below its key after a less indented comment': 'a:\n  paths:\n#c\n   x/\n  exp: 7d\n',
  'a flow collection cut short by a `#` comment-like token': 'include: [a.yml, {local: build.yml, rule: #[]}, c.yml]\njob:\n  script: x\n',
};

/** Two documents: a `spec:` header (a component's or template's inputs), `---`, the configuration. */
const HEADER_CASES: Readonly<Record<string, string>> = {
  'a spec header': 'spec:\n  inputs: {}\n---\njob: {script: x}\n',
  'a spec header with inputs and rules': 'spec:\n  inputs:\n    stage:\n      default: test\n    env:\n      options: [dev, prod]\n---\n\njob:\n  stage: $[[ inputs.stage ]]\n  script: [make]\n',
  'comments and blank lines around the separator': 'spec:\n  inputs:\n    a: {}\n# about the job\n\n---\n\n# the job\njob:\n  script: x\n',
  'an indented comment before the separator': 'spec:\n  inputs:\n    a:\n      default: 1\n      # more later\n---\njob:\n  script: x\n',
  'a block scalar ending the header': 'spec:\n  description: |\n    two\n    lines\n---\njob:\n  script: x\n',
  'a leading document start, then a header': '# head\n---\nspec:\n  inputs: {}\n---\njob: {script: x}\n',
  'trailing spaces after the separator': 'spec:\n  inputs: {}\n---   \njob:\n  script: x\n',
  'anchors in both documents': 'spec:\n  inputs: &i {a: {default: 1}}\n---\n.base: &b {script: x}\njob:\n  <<: *b\n',
  'a duplicate key in the header': 'spec:\n  inputs: {}\n  inputs: {a: {}}\n---\njob: {script: x}\n',
  'an empty header value': 'spec:\n---\njob: {script: x}\n',
};

describe('block-subset reader: a spec header and its configuration', () => {
  for (const [name, text] of Object.entries(HEADER_CASES)) {
    it(`reads ${name} exactly as the composed path does`, () => {
      const parsed = assertSameAsComposed(text);
      assert.ok(tookBlockSubsetPath(parsed), 'expected the block-subset reader to handle this text');
      assert.ok(parsed.header && parsed.config, 'header and configuration both read');
    });
  }

  it('reads an edited version given the previous one (the editor) as the composed path reads it', () => {
    const before = 'spec:\n  inputs:\n    a: {}\n---\nbuild:\n  script: make\ntest:\n  script: make test\n';
    const edits = [
      before.replace('make test', 'make check'),
      before.replace('    a: {}\n', '    a: {}\n    b: {}\n'),
      before.replace('spec:\n  inputs:\n    a: {}\n---\n', ''),
    ];
    const previous = parseCiFile('/p/.gitlab-ci.yml', before);
    for (const text of edits) {
      const next = parseCiFile('/p/.gitlab-ci.yml', text, previous);
      assert.deepEqual(observable(next), observable(parseCiFileComposed('/p/.gitlab-ci.yml', text)), text);
    }
  });
});

describe('block-subset CI YAML reader', () => {
  for (const [name, text] of Object.entries(FAST_CASES)) {
    it(`reads ${name} exactly as the composed path does`, () => {
      const parsed = assertSameAsComposed(text);
      assert.ok(tookBlockSubsetPath(parsed), 'expected the block-subset reader to handle this text');
    });
  }

  for (const [name, text] of Object.entries(DECLINED_CASES)) {
    it(`leaves ${name} to the composed path`, () => {
      const parsed = assertSameAsComposed(text);
      assert.equal(tookBlockSubsetPath(parsed), false);
    });
  }

  it('gives every CI fixture the same result as the composed path', () => {
    const files = [...ymlFiles(fixturePath('ci')), ...ymlFiles(fixturePath('ci-features'))];
    assert.ok(files.length > 50);
    let fast = 0;
    for (const file of files) {
      if (tookBlockSubsetPath(assertSameAsComposed(fs.readFileSync(file, 'utf8'), file))) fast++;
    }
    // Most real files are in the subset; if none were, this test would compare nothing new.
    assert.ok(fast > files.length / 2, `only ${fast} of ${files.length} fixtures took the block-subset path`);
  });

  it('agrees with the composed path on mutated fixtures (or declines them)', () => {
    const texts = ymlFiles(fixturePath('ci')).map((f) => fs.readFileSync(f, 'utf8'));
    const pieces = [' ', ':', '-', '#', '\n', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '|', '>', '!', '  ', 'y', '1', '<<: *a', '\n  ', '\n- ', '?', 'x: ', '\n#c\n', '\n  # c\n', '\n\n', ': #[]', ' rule: #[]'];
    const next = random(7);
    const pick = (n: number): number => Math.floor(next() * n);
    let fast = 0;
    for (let i = 0; i < 400; i++) {
      let text = texts[pick(texts.length)] ?? '';
      const at = pick(text.length + 1);
      text = next() < 0.3 ? text.slice(0, at) + text.slice(at + 1 + pick(3)) : text.slice(0, at) + (pieces[pick(pieces.length)] ?? '') + text.slice(at);
      if (tookBlockSubsetPath(assertSameAsComposed(text))) fast++;
    }
    assert.ok(fast > 50, `only ${fast} mutations took the block-subset path`);
  });

  describe('re-reading an edited file from its previous parse', () => {
    const jobOf = (parsed: ParsedCiFile, name: string) => (parsed.config?.kind === 'map' ? parsed.config.entries.get(name)?.node : undefined);

    it('keeps the nodes of unchanged top-level entries and reads the rest again', () => {
      const before = 'a:\n  script: [one]\nb:\n  script: [two]\nc:\n  script: [three]\n';
      const previous = parseCiFile('/p/x.yml', before);
      const edited = before.replace('two', 'twenty');
      const parsed = parseCiFile('/p/x.yml', edited, previous);
      assert.deepEqual(observable(parsed), observable(parseCiFileComposed('/p/x.yml', edited)));
      assert.equal(jobOf(parsed, 'a'), jobOf(previous, 'a'));
      assert.equal(jobOf(parsed, 'c'), jobOf(previous, 'c'));
      assert.notEqual(jobOf(parsed, 'b'), jobOf(previous, 'b'));
    });

    it('reads an unchanged entry again when an anchor it uses changed', () => {
      const before = '.a: &a\n  x: 1\njob:\n  <<: *a\n  y: 2\n';
      const previous = parseCiFile('/p/x.yml', before);
      const edited = before.replace('x: 1', 'x: 3');
      const parsed = parseCiFile('/p/x.yml', edited, previous);
      assert.deepEqual(observable(parsed), observable(parseCiFileComposed('/p/x.yml', edited)));
      assert.notEqual(jobOf(parsed, 'job'), jobOf(previous, 'job'));
    });

    it('reads an entry again when the lines after it no longer end it', () => {
      const before = 'a:\n- x\nb: 1\n';
      const previous = parseCiFile('/p/x.yml', before);
      const edited = 'a:\n- x\n- y\n';
      assert.deepEqual(observable(parseCiFile('/p/x.yml', edited, previous)), observable(parseCiFileComposed('/p/x.yml', edited)));
    });

    it('agrees with the composed path through chains of mutations', () => {
      const texts = ymlFiles(fixturePath('ci')).map((f) => fs.readFileSync(f, 'utf8'));
      const pieces = [' ', ':', '-', '#', '\n', '&a ', '*a', 'y', '1', '<<: *a', '\n  ', '\n- ', 'x: ', '\n#c\n', 'x'];
      const next = random(11);
      const pick = (n: number): number => Math.floor(next() * n);
      let reused = 0;
      for (let i = 0; i < 150; i++) {
        let text = texts[pick(texts.length)] ?? '';
        let previous = parseCiFile('/p/x.yml', text);
        for (let step = 0; step < 3; step++) {
          const at = pick(text.length + 1);
          text = next() < 0.3 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + (pieces[pick(pieces.length)] ?? '') + text.slice(at);
          const parsed = parseCiFile('/p/x.yml', text, previous);
          assert.deepEqual(observable(parsed), observable(parseCiFileComposed('/p/x.yml', text)), text);
          const keys = parsed.config?.kind === 'map' ? [...parsed.config.entries.keys()] : [];
          if (keys.some((k) => jobOf(parsed, k) !== undefined && jobOf(parsed, k) === jobOf(previous, k))) reused++;
          previous = parsed;
        }
      }
      assert.ok(reused > 50, `only ${reused} re-reads reused an entry`);
    });
  });

  it('composes the yaml Documents on demand, as the composed path has them', () => {
    const text = 'job:\n  script: [make]\n';
    const fast = parseCiFile('/p/.gitlab-ci.yml', text);
    assert.ok(tookBlockSubsetPath(fast));
    const composed = parseCiFileComposed('/p/.gitlab-ci.yml', text);
    assert.deepEqual(
      fast.documents.map((d) => d.toJSON() as unknown),
      composed.documents.map((d) => d.toJSON() as unknown),
    );
    assert.equal(fast.documents, fast.documents, 'composed once, then kept');
  });
});

describe('block-subset reader: what it never tries', () => {
  it('refuses exactly the control characters other than the line feed (Unicode Cc) and the BOM, over every code unit', () => {
    const cc = /[^\P{Cc}\n]|\ufeff/u;
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code < 0xe000) continue;
      // After a letter, so only the character test applies (not `%`, `---` or `...` at a line start).
      const text = `a${String.fromCharCode(code)}`;
      assert.equal(OUT_OF_SUBSET.test(text), cc.test(text), `U+${code.toString(16).padStart(4, '0')}`);
    }
    assert.equal(OUT_OF_SUBSET.test('emoji: \u{1F600}\n'), false);
  });
});
