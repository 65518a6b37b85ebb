import * as assert from 'node:assert/strict';
import { childKeywords, compileCiSchemaValidator } from '../../../../../../src/core/ci/schema';
import { generateCases } from './cases';
import type { CaseGenerator } from './cases';
import { explain, readExplained } from './explained';
import type { Explained } from './explained';
import { loadReference, SKIP_MESSAGE } from './reference';
import type { Reference } from './reference';
import { compareFacts, nodesByPath, projectFacts, projectShapeAt, referenceFacts, yamlPath } from './structure';
import type { Difference } from './structure';
import { mismatches } from './verdicts';

/**
 * The keyword model held to GitLab's published schema: structurally (keyword by keyword) and by
 * verdict (thousands of generated documents). Every difference must be a row of the table in
 * docs/ci-conformance.md, and every row must still be a difference.
 */
describe('ci schema conformance with GitLab\'s published schema', function () {
  // Generating and checking some 50,000 documents takes seconds, not milliseconds.
  this.timeout(120000);
  let reference: Reference;
  let generated: CaseGenerator;
  let rows: Explained[];
  const used = new Set<Explained>();

  before(function () {
    const loaded = loadReference();
    if (!loaded) {
      console.log(`      ${SKIP_MESSAGE}`);
      this.skip();
    }
    reference = loaded;
    generated = generateCases(loaded.schema);
    rows = readExplained();
  });

  it('documents each deliberate difference with a reason', () => {
    assert.ok(rows.length >= 10, `only ${rows.length} rows in docs/ci-conformance.md`);
    for (const r of rows) assert.ok(r.reason.length > 20, `${r.path}: the reason is missing`);
  });

  it('gives the same verdict as the reference schema on every generated document', () => {
    const cases = generated.cases;
    assert.ok(cases.length > 20000, `only ${cases.length} cases`);
    const unexplained: string[] = [];
    for (const m of mismatches(cases, reference, compileCiSchemaValidator())) {
      const row = explain(rows, m.c.path, m.c.kind);
      if (row) used.add(row);
      else unexplained.push(`${m.c.path} (${m.c.kind}): ${m.project ? 'only the project rejects' : 'only the reference rejects'} ${JSON.stringify(m.c.document)}`);
    }
    assert.deepEqual(unexplained.slice(0, 40), [], `${unexplained.length} unexplained verdict differences`);
  });

  it('has the same keywords, types, enums, patterns, bounds, required keys and closed mappings', () => {
    const unexplained: string[] = [];
    for (const [path, nodes] of nodesByPath(generated)) {
      const shape = projectShapeAt(path);
      const diffs: Difference[] = shape === undefined
        ? [{ path, kind: 'keywords', detail: '+(the whole keyword)' }]
        : compareFacts(path, referenceFacts(reference.schema, nodes), projectFacts(shape));
      for (const d of diffs) {
        const row = explain(rows, d.path, d.kind);
        if (row) used.add(row);
        else unexplained.push(`${d.path} ${d.kind} ${d.detail}`);
      }
    }
    assert.deepEqual(unexplained, [], `${unexplained.length} unexplained structural differences`);
  });

  it('offers every keyword the reference knows in completion and hover', () => {
    const missing: string[] = [];
    for (const [path, nodes] of nodesByPath(generated)) {
      const known = new Set(childKeywords(yamlPath(path)).map((k) => k.name));
      for (const k of referenceFacts(reference.schema, nodes).keywords) {
        if (known.has(k) || explain(rows, `${path}.${k}`, 'keywords')) continue;
        missing.push(`${path}.${k}`);
      }
    }
    assert.deepEqual([...new Set(missing)], []);
  });

  it('has no row in the table that no longer matches a difference', () => {
    const stale = rows.filter((r) => !used.has(r)).map((r) => r.path);
    assert.deepEqual(stale, []);
  });
});
