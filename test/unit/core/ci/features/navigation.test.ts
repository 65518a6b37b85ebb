import { strict as assert } from 'node:assert';
import { analyzeCiFile } from '../../../../../src/core/ci/analyze/analyzeCiFile';
import type { CiAnalysis } from '../../../../../src/core/ci/analyze/analyzeCiFile';
import { hoverCi } from '../../../../../src/core/ci/features/hover';
import { CiNavigator } from '../../../../../src/core/ci/features/navigation';
import { outlineCi } from '../../../../../src/core/ci/features/outline';
import * as schema from '../../../../../src/core/ci/schema';
import type { Position } from '../../../../../src/core/diagnostic';
import { memoryReader } from '../../../../support/memoryReader';

const ROOT = '/repo';
const MAIN = `${ROOT}/.gitlab-ci.yml`;
const BUILD = `${ROOT}/.gitlab/ci/build.yml`;

const files: Record<string, string> = {
  [MAIN]: [
    'include:',                         // 0
    '  - local: .gitlab/ci/build.yml',  // 1
    'stages: [build, test, deploy]',    // 2
    'variables:',                       // 3
    '  APP: demo',                      // 4
    '.deploy: &deploy',                 // 5
    '  image: alpine',                  // 6
    'test:',                            // 7
    '  stage: test',                    // 8
    '  needs: [compile]',               // 9
    '  script:',                        // 10
    '    - !reference [.setup, script]',// 11
    '    - echo $APP $CI_COMMIT_SHA',   // 12
    'deploy:',                          // 13
    '  <<: *deploy',                    // 14
    '  extends: .setup',                // 15
    '  stage: deploy',                  // 16
    '  script: ./deploy',               // 17
    '  when: manual',                   // 18
    '',
  ].join('\n'),
  [BUILD]: [
    '.setup:',                          // 0
    '  script:',                        // 1
    '    - npm ci',                     // 2
    'compile:',                         // 3
    '  stage: build',                   // 4
    '  script: make',                   // 5
    '',
  ].join('\n'),
};

function analysis(): CiAnalysis {
  const result = analyzeCiFile(MAIN, ROOT, memoryReader('/', files), { schema });
  assert.ok(result);
  return result;
}

const at = (line: number, character: number): Position => ({ line, character });

describe('go to definition and references', () => {
  const nav = new CiNavigator(analysis());

  it('goes from a needs entry to the job key in the included file', () => {
    const [target] = nav.definition(MAIN, at(9, 12));
    assert.equal(target?.file, BUILD);
    assert.equal(target?.range.start.line, 3);
  });

  it('goes from extends to the template', () => {
    const [target] = nav.definition(MAIN, at(15, 13));
    assert.equal(target?.file, BUILD);
    assert.equal(target?.range.start.line, 0);
  });

  it('goes from a !reference to the referenced job and key', () => {
    const targets = nav.definition(MAIN, at(11, 22));
    assert.ok(targets.some((t) => t.file === BUILD && t.range.start.line === 0), 'job .setup');
    assert.ok(targets.some((t) => t.file === BUILD && t.range.start.line >= 1), 'its script');
  });

  it('goes from an include:local path to the file', () => {
    const [target] = nav.definition(MAIN, at(1, 15));
    assert.equal(target?.file, BUILD);
  });

  it('goes from an alias to its anchor', () => {
    const [target] = nav.definition(MAIN, at(14, 8));
    assert.equal(target?.file, MAIN);
    assert.equal(target?.range.start.line, 5);
  });

  it('finds every use of a template from its definition, across files', () => {
    const refs = nav.references(BUILD, at(0, 2), false);
    const lines = refs.map((r) => `${r.file === MAIN ? 'main' : 'build'}:${r.range.start.line}`).sort();
    assert.deepEqual(lines, ['main:11', 'main:15']);
  });

  it('includes the declaration when asked', () => {
    const refs = nav.references(MAIN, at(9, 12), true);
    assert.ok(refs.some((r) => r.file === BUILD && r.range.start.line === 3));
    assert.ok(refs.some((r) => r.file === MAIN && r.range.start.line === 9));
  });

  it('returns nothing away from any link', () => {
    assert.deepEqual(nav.definition(MAIN, at(17, 12)), []);
  });
});

describe('hover', () => {
  const result = analysis();
  const file = result.files.get(MAIN);
  assert.ok(file);

  it('explains a keyword with a docs link', () => {
    const hover = hoverCi(file, result, at(18, 3));
    assert.match(hover?.contents ?? '', /`when`/);
    assert.match(hover?.contents ?? '', /https:\/\/docs\.gitlab\.com\/ci\/yaml\/#when/);
    assert.equal(hover?.range.start.line, 18);
  });

  it('summarises a job on its key', () => {
    const hover = hoverCi(file, result, at(13, 2));
    assert.match(hover?.contents ?? '', /\*\*Job\*\* `deploy`/);
    assert.match(hover?.contents ?? '', /stage `deploy`/);
    assert.match(hover?.contents ?? '', /when `manual`/);
  });

  it('describes predefined and defined variables', () => {
    assert.match(hoverCi(file, result, at(12, 18))?.contents ?? '', /CI_COMMIT_SHA.*SHA/);
    assert.match(hoverCi(file, result, at(12, 12))?.contents ?? '', /global variable = `demo`/);
  });
});

describe('outline', () => {
  it('lists keywords and jobs in file order with stages and job keys', () => {
    const result = analysis();
    const symbols = outlineCi(result.files.get(MAIN)!, result);
    assert.deepEqual(symbols.map((s) => `${s.kind}:${s.name}`), ['keyword:include', 'keyword:stages', 'keyword:variables', 'template:.deploy', 'job:test', 'job:deploy']);
    assert.deepEqual(symbols[1]?.children.map((c) => c.name), ['build', 'test', 'deploy']);
    const deploy = symbols[5];
    assert.equal(deploy?.detail, 'stage: deploy');
    assert.deepEqual(deploy?.children.map((c) => c.name), ['<<', 'extends', 'stage', 'script', 'when']);
    assert.equal(deploy?.range.start.line, 13);
    assert.equal(deploy?.range.end.line, 18);
  });
});
