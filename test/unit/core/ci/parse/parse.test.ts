import * as assert from 'node:assert/strict';
import { toPlain } from '../../../../../src/core/ci/model/ciNode';
import { parseCiFile } from '../../../../../src/core/ci/parse/parseCiFile';
import { MAX_YAML_DEPTH } from '../../../../../src/core/ci/parse/yamlToNode';

const codes = (text: string): string[] => parseCiFile('/p/.gitlab-ci.yml', text).diagnostics.map((d) => d.code);
const plain = (text: string): unknown => {
  const parsed = parseCiFile('/p/.gitlab-ci.yml', text);
  return parsed.config ? toPlain(parsed.config) : undefined;
};

describe('parseCiFile', () => {
  it('keeps zero-based ranges for keys and values', () => {
    const parsed = parseCiFile('/p/a.yml', 'build:\n  script: make\n');
    const build = parsed.config?.kind === 'map' ? parsed.config.entries.get('build') : undefined;
    assert.deepEqual(build?.keyLoc.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
    const script = build?.node.kind === 'map' ? build.node.entries.get('script') : undefined;
    assert.deepEqual(script?.node.loc.range, { start: { line: 1, character: 10 }, end: { line: 1, character: 14 } });
  });

  it('applies merge keys the way Psych does: later explicit keys win, earlier maps in a list win', () => {
    const text = 'a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n  y: 3\n';
    assert.deepEqual((plain(text) as Record<string, unknown>).c, { x: 1, z: 2, y: 3 });
  });

  it('expands aliases of scalars, lists and maps', () => {
    assert.deepEqual(plain('s: &s [a, b]\nt: *s\nm: &m {k: v}\nn: *m\n'), { s: ['a', 'b'], t: ['a', 'b'], m: { k: 'v' }, n: { k: 'v' } });
  });

  it('keeps !reference as a reference node with its path', () => {
    assert.deepEqual(plain('job:\n  script: !reference [.base, script]\n'), { job: { script: { '!reference': ['.base', 'script'] } } });
  });

  it('reads YAML 1.1 values like GitLab (on/yes booleans, but y/n stay strings)', () => {
    assert.deepEqual(plain('a: on\nb: yes\nc: y\nd: N\n'), { a: true, b: true, c: 'y', d: 'N' });
  });

  it('splits a spec header document from the configuration', () => {
    const parsed = parseCiFile('/p/a.yml', 'spec:\n  inputs:\n    x: {default: 1}\n---\njob:\n  script: echo\n');
    assert.deepEqual(parsed.spec && toPlain(parsed.spec), { inputs: { x: { default: 1 } } });
    assert.deepEqual(parsed.config && toPlain(parsed.config), { job: { script: 'echo' } });
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('reports duplicate keys as warnings and keeps the last value', () => {
    assert.deepEqual(codes('a: 1\na: 2\n'), ['yaml-duplicate-key']);
    assert.deepEqual(plain('a: 1\na: 2\n'), { a: 2 });
  });

  it('does not call a key overriding a merged key a duplicate', () => {
    assert.deepEqual(codes('.t: &t {x: 1}\nj:\n  <<: *t\n  x: 2\n'), []);
  });

  it('reports syntax errors at their range without throwing', () => {
    const parsed = parseCiFile('/p/a.yml', 'a: [1, 2\nb: c\n');
    const syntax = parsed.diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.ok(syntax.length > 0);
    assert.equal(syntax[0]?.severity, 'error');
    assert.ok((syntax[0]?.range.start.line ?? -1) >= 0);
  });

  it('bounds an alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const started = Date.now();
    const parsed = parseCiFile('/p/bomb.yml', lines.join('\n'));
    assert.ok(parsed.diagnostics.some((d) => d.code === 'yaml-alias-limit'));
    assert.ok(Date.now() - started < 5000, 'alias bomb took too long');
  });

  it('bounds nesting depth', () => {
    const deep = `a: ${'['.repeat(MAX_YAML_DEPTH + 20)}${']'.repeat(MAX_YAML_DEPTH + 20)}\n`;
    assert.ok(codes(deep).includes('yaml-too-deep'));
    let block = '';
    for (let i = 0; i < MAX_YAML_DEPTH + 5; i++) block += `${' '.repeat(i)}k${i}:\n`;
    assert.ok(codes(block).includes('yaml-too-deep'));
  });

  it('survives pathological input', () => {
    for (const text of ['', '---\n---\n', '[', '{a: [}', '&a *a', 'a: !unknown x\n', '? [a]\n: b\n', '\t- x']) {
      assert.doesNotThrow(() => parseCiFile('/p/x.yml', text));
    }
  });

  it('reports a malformed !reference', () => {
    assert.deepEqual(codes('j:\n  script: !reference [[a], b]\n'), ['reference-invalid']);
  });

  it('records anchors and the aliases that use them', () => {
    const parsed = parseCiFile('/p/a.yml', 'x: &base {a: 1}\ny: *base\n');
    assert.deepEqual(parsed.anchors.map((a) => [a.name, a.range.start]), [['base', { line: 0, character: 3 }]]);
    assert.equal(parsed.aliases[0]?.name, 'base');
    assert.deepEqual(parsed.aliases[0]?.range.start, { line: 1, character: 3 });
    assert.deepEqual(parsed.aliases[0]?.target?.range.start, { line: 0, character: 3 });
    const block = parseCiFile('/p/a.yml', '.t: &tpl\n  image: a\nj:\n  <<: *tpl\n');
    assert.deepEqual(block.anchors[0]?.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 8 } });
  });

  it('reports what the yaml parser only warns about', () => {
    const parsed = parseCiFile('/p/a.yml', 'a: !custom x\n');
    assert.deepEqual(parsed.diagnostics.map((d) => [d.code, d.severity]), [['yaml-warning', 'warning']]);
  });

  it('warns about documents GitLab ignores', () => {
    assert.deepEqual(codes('a: 1\n---\nb: 2\n'), ['yaml-extra-document']);
  });
});

describe('toPlain', () => {
  it('keeps a `__proto__` key as data', () => {
    const value = plain('__proto__: {polluted: true}\njob: {script: s}\n') as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__', 'job']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
});
