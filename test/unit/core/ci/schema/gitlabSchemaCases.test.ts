import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fixturePath } from '../../../../support/paths';
import { lintFixture } from '../fixtureRunner';
import { loadReference } from './conformance/reference';

/**
 * GitLab's own schema test cases (spec/frontend/editor/schema/ci/yaml_tests in GitLab), rewritten
 * as our fixtures: each negative one must give an error (from the schema or a semantic check),
 * each positive one none. Beside each, `gitlabSchema` is the verdict GitLab's test expects from its
 * schema; `verdict` is ours, and differs only where docs/ci-conformance.md says why.
 */
interface Expected {
  readonly verdict: 'valid' | 'invalid';
  readonly gitlabSchema: 'valid' | 'invalid';
  readonly gitlabTest: string;
  readonly checks: string;
  readonly why?: string;
}

const DIR = fixturePath('ci', 'gitlab-schema-cases');
const fixtures = ['negative', 'positive'].flatMap((kind) =>
  fs.readdirSync(path.join(DIR, kind)).filter((f) => f.endsWith('.yml')).sort().map((f) => path.join(DIR, kind, f)));

function expected(file: string): Expected {
  return JSON.parse(fs.readFileSync(file.replace(/\.yml$/, '.expected.json'), 'utf8')) as Expected;
}

/** The fixture as one document for GitLab's schema, which takes `spec` in the same mapping as the jobs. */
function asOneDocument(file: string): unknown {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true });
  if (!Array.isArray(docs)) throw new Error(`${file} is not a YAML stream`);
  return Object.assign({}, ...docs.map((d) => d.toJS() as object)) as unknown;
}

describe('GitLab\'s schema test cases (test/fixtures/ci/gitlab-schema-cases)', () => {
  it('covers the families GitLab tests', () => {
    assert.ok(fixtures.length >= 100, `${fixtures.length} fixtures`);
    for (const family of ['cache-key', 'include-project', 'trigger-minimal', 'trigger-project', 'trigger-include', 'run-', 'secrets-', 'script-', 'spec-inputs', 'job-inputs']) {
      assert.ok(fixtures.some((f) => path.basename(f).startsWith(family)), family);
    }
  });

  for (const file of fixtures) {
    const name = path.relative(DIR, file);
    it(`${name}: ${expected(file).checks}`, () => {
      const e = expected(file);
      if (e.verdict !== e.gitlabSchema) assert.ok(e.why?.includes('ci-conformance.md'), 'a verdict unlike GitLab\'s schema says why');
      const errors = lintFixture(file).filter((d) => d.severity === 'error');
      if (e.verdict === 'invalid') assert.ok(errors.length > 0, 'expected an error, got none');
      else assert.deepEqual(errors.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`), []);
    });
  }

  it('agrees with GitLab\'s published schema on what each case expects from it', function () {
    const reference = loadReference();
    if (!reference) this.skip();
    const wrong = fixtures.filter((f) => reference.validate(asOneDocument(f)) !== (expected(f).gitlabSchema === 'valid'));
    assert.deepEqual(wrong.map((f) => path.relative(DIR, f)), []);
  });
});
