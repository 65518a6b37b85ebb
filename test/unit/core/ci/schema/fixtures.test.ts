import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fixturePath, readFixture } from '../../../../support/paths';
import { describeFinding, validateYaml } from './support';
import type { Located } from './support';

interface Expected {
  readonly code: string;
  readonly path: readonly (string | number)[];
  readonly target: 'key' | 'value';
  /** A part of the message that must appear in it. */
  readonly message: string;
  readonly doc?: 'header' | 'config';
}

const DIR = fixturePath('ci', 'schema');
const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();

function matches(f: Located, e: Expected): boolean {
  return f.code === e.code && f.target === e.target && f.doc === (e.doc ?? 'config')
    && JSON.stringify(f.path) === JSON.stringify(e.path) && f.message.includes(e.message);
}

describe('ci schema fixtures', () => {
  it('has a valid and an invalid fixture for every keyword group', () => {
    const groups = new Set(fixtures.map((f) => f.replace(/\.(valid|invalid)\.yml$/, '')));
    for (const g of groups) {
      assert.ok(fixtures.includes(`${g}.valid.yml`), `${g}.valid.yml is missing`);
      assert.ok(fixtures.includes(`${g}.invalid.yml`), `${g}.invalid.yml is missing`);
    }
    assert.ok(groups.size >= 15, `only ${groups.size} groups`);
  });

  for (const file of fixtures) {
    const expectedFile = file.replace(/\.yml$/, '.expected.json');
    it(`${file} gives exactly the findings in ${expectedFile}`, () => {
      const expected = JSON.parse(readFixture('ci', 'schema', expectedFile)) as Expected[];
      const found = validateYaml(readFixture('ci', 'schema', file));
      if (file.includes('.valid.')) assert.equal(expected.length, 0, 'a valid fixture expects no findings');
      else assert.ok(expected.length > 0, 'an invalid fixture must expect findings');
      const unmatched = found.filter((f) => !expected.some((e) => matches(f, e)));
      const missing = expected.filter((e) => !found.some((f) => matches(f, e)));
      assert.deepEqual(
        { unexpected: unmatched.map(describeFinding), missing: missing.map((e) => JSON.stringify(e)) },
        { unexpected: [], missing: [] },
      );
      assert.equal(found.length, expected.length, 'one finding per problem');
      for (const f of found) assert.equal(f.severity, f.code === 'schema-removed' ? 'warning' : 'error', `${f.code} severity`);
    });
  }
});
