import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { ciJsonSchema, compileCiSchemaValidator, validateCiSchema } from '../../../../../src/core/ci/schema';
import type { Keyword, ObjectShape, Shape } from '../../../../../src/core/ci/schema/shapes';
import { docsUrl } from '../../../../../src/core/ci/schema/shapes';
import { JOB_KEYWORDS, jobShape } from '../../../../../src/core/ci/schema/model/job';
import { DEFINITIONS, headerShape, ROOT_KEYWORDS } from '../../../../../src/core/ci/schema/model/top';
import { range } from '../../../../../src/core/diagnostic';

function mappings(): ObjectShape[] {
  const seen = new Set<Shape>();
  const out: ObjectShape[] = [];
  const visit = (s: Shape): void => {
    if (seen.has(s)) return;
    seen.add(s);
    if (s.kind === 'object') {
      out.push(s);
      for (const k of s.keywords) visit(k.shape);
      if (s.additional) visit(s.additional);
    } else if (s.kind === 'array') visit(s.items);
    else if (s.kind === 'union') {
      s.options.forEach(visit);
      s.discriminated?.forEach((d) => visit(d.shape));
      if (s.fallback) visit(s.fallback);
    }
  };
  for (const k of ROOT_KEYWORDS) visit(k.shape);
  visit(jobShape);
  visit(headerShape);
  Object.values(DEFINITIONS).forEach(visit);
  return out;
}

const allKeywords = (): Keyword[] => mappings().flatMap((m) => m.keywords);

describe('ci keyword model', () => {
  it('covers the job keywords GitLab documents', () => {
    const names = JOB_KEYWORDS.map((k) => k.name);
    for (const k of ['after_script', 'allow_failure', 'artifacts', 'before_script', 'cache', 'coverage', 'dast_configuration',
      'dependencies', 'environment', 'extends', 'hooks', 'identity', 'id_tokens', 'image', 'inherit', 'interruptible',
      'manual_confirmation', 'needs', 'pages', 'parallel', 'release', 'resource_group', 'retry', 'rules', 'run', 'script',
      'secrets', 'services', 'stage', 'start_in', 'tags', 'timeout', 'trigger', 'variables', 'when', 'only', 'except']) {
      assert.ok(names.includes(k), k);
    }
  });

  it('gives every keyword a short summary of its own and a docs link', () => {
    const keywords = allKeywords();
    assert.ok(keywords.length > 200, `${keywords.length} keywords`);
    for (const k of keywords) {
      assert.match(k.summary, /^[A-Z`'"(0-9].*\.$/s, `${k.name}: "${k.summary}"`);
      assert.ok(k.summary.length <= 200, `${k.name} summary is long`);
      assert.ok((k.summary.match(/\. /g) ?? []).length <= 1, `${k.name} summary has more than two sentences`);
      assert.match(docsUrl(k.docs), /^https:\/\/docs\.gitlab\.com\/ci\/(yaml\/)?[a-z_/.]*(#[a-z0-9_-]+)?$/, `${k.name}: ${k.docs}`);
    }
  });

  it('names each keyword once per mapping', () => {
    for (const m of mappings()) {
      const names = m.keywords.map((k) => k.name);
      assert.equal(new Set(names).size, names.length, `duplicates in ${m.context}: ${names.join(', ')}`);
    }
  });

  it('exports a plain draft-07 JSON Schema that a strict ajv compiles', () => {
    const schema = ciJsonSchema();
    assert.deepEqual(JSON.parse(JSON.stringify(schema)), schema, 'not plain JSON');
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    assert.equal(validate({ build: { script: 'make', when: 'manual' } }), true);
    assert.equal(validate({ build: { script: 'make', when: 'later' } }), false);
    assert.equal(validate({ '.hidden': 42, stages: ['a'] }), true);
  });

  it('hands out a fresh schema object each time', () => {
    const a = ciJsonSchema() as Record<string, unknown>;
    a.title = 'changed';
    assert.notEqual((ciJsonSchema() as Record<string, unknown>).title, 'changed');
  });

  it('lets a caller pass its own compiled validator', () => {
    const validator = compileCiSchemaValidator();
    const at = (): ReturnType<typeof range> => range(0, 0, 0, 0);
    assert.equal(validateCiSchema({ build: { script: 'x', when: 'later' } }, at, validator).length, 1);
    assert.equal(validateCiSchema({ build: { script: 'x' } }, at, validator).length, 0);
  });
});
