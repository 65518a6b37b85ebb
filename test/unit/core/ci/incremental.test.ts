import * as assert from 'node:assert/strict';
import type { CiAnalysis } from '../../../../src/core/ci/analyze/analyzeCiFile';
import { analyzeCiFile } from '../../../../src/core/ci/analyze/analyzeCiFile';
import type { ParsedCiFile } from '../../../../src/core/ci/parse/parseCiFile';
import { memoryReader } from '../../../support/memoryReader';

const ROOT = '/proj';
const ENTRY = `${ROOT}/.gitlab-ci.yml`;
const TEMPLATES = `${ROOT}/ci/templates.yml`;
const JOBS = `${ROOT}/ci/jobs.yml`;

const BASE: Record<string, string> = {
  [ENTRY]: 'stages: [build, deploy]\ndefault:\n  image: node:20\nvariables:\n  GLOBAL: g\ninclude:\n  - local: ci/templates.yml\n  - local: ci/jobs.yml\n',
  [TEMPLATES]: '.base:\n  stage: build\n  before_script: [npm ci]\n  variables: { A: "1" }\n.rules:\n  rules:\n    - if: $CI_COMMIT_BRANCH\n',
  [JOBS]: [
    'build:',
    '  extends: .base',
    '  script:',
    '    - !reference [.base, before_script]',
    '    - make',
    '  rules: !reference [.rules, rules]',
    '  parallel:',
    '    matrix:',
    '      - ARCH: [amd64, arm64]',
    'lint:',
    '  extends: .base',
    '  script: lint',
    'deploy:',
    '  stage: deploy',
    '  script: deploy',
    '  needs:',
    '    - job: build',
    '      parallel:',
    '        matrix:',
    '          - ARCH: amd64',
    '',
  ].join('\n'),
};

/** What an analysis tells the editor, in comparable form. */
function summary(analysis: CiAnalysis | undefined): unknown {
  assert.ok(analysis);
  return {
    merged: analysis.mergedValue,
    diagnostics: analysis.diagnostics,
    jobs: analysis.jobs.map((j) => [j.name, j.hidden, j.keyLoc, j.effective ? [...j.effective.entries.keys()] : undefined]),
    extendsLinks: analysis.extendsLinks,
    referenceLinks: analysis.referenceLinks,
    jobRefLinks: analysis.jobRefLinks,
  };
}

let withSchema = false;

function analyze(files: Record<string, string>, cache?: Map<string, ParsedCiFile>): CiAnalysis | undefined {
  return analyzeCiFile(ENTRY, ROOT, memoryReader('/', files), { ...(withSchema ? {} : { schema: false }), ...(cache ? { cache } : {}) });
}

/** Re-analyses through a parse cache (as the editor does) after each edit, checking against a fresh analysis. */
function assertEditsMatchFresh(edits: readonly Record<string, string>[]): CiAnalysis | undefined {
  const cache = new Map<string, ParsedCiFile>();
  let files = { ...BASE };
  let last = analyze(files, cache);
  for (const edit of edits) {
    files = { ...files, ...edit };
    for (const path of Object.keys(edit)) cache.delete(path);
    last = analyze(files, cache);
    assert.deepEqual(summary(last), summary(analyze(files)));
  }
  return last;
}

describe('incremental re-analysis', () => {
  it('matches a fresh analysis after edits to an included job file', () => {
    assertEditsMatchFresh([
      { [JOBS]: (BASE[JOBS] ?? '').replace('make', 'make all') },
      { [JOBS]: (BASE[JOBS] ?? '').replace('ARCH: amd64', 'ARCH: s390x') },
      { [JOBS]: (BASE[JOBS] ?? '').replace('stage: deploy', 'stage: nowhere') },
    ]);
  });

  it('matches a fresh analysis when a template or the defaults change under unchanged jobs', () => {
    const last = assertEditsMatchFresh([
      { [TEMPLATES]: (BASE[TEMPLATES] ?? '').replace('npm ci', 'yarn') },
      { [ENTRY]: (BASE[ENTRY] ?? '').replace('node:20', 'node:22').replace('GLOBAL: g', 'GLOBAL: h') },
    ]);
    const merged = last?.mergedValue as Record<string, { script?: unknown; before_script?: unknown }> | undefined;
    assert.deepEqual(merged?.build?.script, ['yarn', 'make']);
    assert.deepEqual(merged?.lint?.before_script, ['yarn']);
    const image = last?.jobs.find((j) => j.name === 'lint')?.effective?.entries.get('image')?.node;
    assert.equal(image?.kind === 'scalar' ? image.value : undefined, 'node:22');
  });

  it('reuses the results for jobs whose files did not change', () => {
    const cache = new Map<string, ParsedCiFile>();
    const first = analyze(BASE, cache);
    const edited = { ...BASE, [ENTRY]: (BASE[ENTRY] ?? '').replace('GLOBAL: g', 'GLOBAL: g\n  OTHER: o') };
    cache.delete(ENTRY);
    const second = analyze(edited, cache);
    // `lint` went through `extends`: its merged node (and plain value) are kept because neither the
    // job nor its template changed, so later stages see the very same objects.
    const job = (a: CiAnalysis | undefined, name: string) => a?.jobs.find((j) => j.name === name);
    const plain = (a: CiAnalysis | undefined, name: string) => (a?.mergedValue as Record<string, unknown> | undefined)?.[name];
    assert.ok(job(first, 'lint')?.node);
    assert.equal(job(second, 'lint')?.node, job(first, 'lint')?.node);
    assert.ok(plain(first, 'lint'));
    assert.equal(plain(second, 'lint'), plain(first, 'lint'));
    // `build` holds references: their resolution is replayed, so its result is kept as well.
    assert.ok(plain(first, 'build'));
    assert.equal(plain(second, 'build'), plain(first, 'build'));
    assert.deepEqual(second?.referenceLinks, first?.referenceLinks);
  });

  it('re-reads an edited included file from its last parse, keeping its unchanged jobs', () => {
    const cache = new Map<string, ParsedCiFile>();
    const first = analyze(BASE, cache);
    const edited = { ...BASE, [JOBS]: (BASE[JOBS] ?? '').replace('script: deploy', 'script: deploy now') };
    cache.delete(JOBS);
    const second = analyze(edited, cache);
    assert.deepEqual(summary(second), summary(analyze(edited)));
    const plain = (a: CiAnalysis | undefined, name: string) => (a?.mergedValue as Record<string, unknown> | undefined)?.[name];
    assert.notEqual(second?.files.get(JOBS), first?.files.get(JOBS));
    assert.equal(plain(second, 'lint'), plain(first, 'lint'));
    assert.equal(plain(second, 'build'), plain(first, 'build'));
    assert.notEqual(plain(second, 'deploy'), plain(first, 'deploy'));
  });

  describe('with schema validation and findings in unchanged files', () => {
    before(() => (withSchema = true));
    after(() => (withSchema = false));

    it('keeps reporting them, exactly as a fresh analysis does', () => {
      const broken = (BASE[JOBS] ?? '')
        .replace('!reference [.rules, rules]', '!reference [.rules, nope]')
        .replace('  script: lint', '  script: lint\n  retry: lots')
        .replace('- job: build', '- job: missing');
      const cache = new Map<string, ParsedCiFile>();
      let files: Record<string, string> = { ...BASE, [JOBS]: broken };
      const first = analyze(files, cache);
      const codes = first?.diagnostics.map((d) => d.code) ?? [];
      assert.ok(codes.includes('reference-missing-key') && codes.includes('needs-undefined-job') && codes.some((c) => c.startsWith('schema-')), codes.join());
      const edits: Record<string, string>[] = [
        { [ENTRY]: (BASE[ENTRY] ?? '').replace('GLOBAL: g', 'GLOBAL: x') },
        { [TEMPLATES]: (BASE[TEMPLATES] ?? '').replace('stage: build', 'stage: deploy') },
      ];
      for (const edit of edits) {
        files = { ...files, ...edit };
        for (const path of Object.keys(edit)) cache.delete(path);
        assert.deepEqual(summary(analyze(files, cache)), summary(analyze(files)));
      }
    });
  });
});
