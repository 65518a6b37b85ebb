import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFsReader } from '../../../../src/node/fsReader';
import type { CiMap } from '../../../../src/core/ci/model/ciNode';
import { getChild, scalarString } from '../../../../src/core/ci/model/ciNode';
import { lintCiFiles } from '../../../../src/core/ci/analyze/lint';
import { fixturePath } from '../../../support/paths';

const corpus = fixturePath('ci', 'corpus');
const projects = fs.readdirSync(corpus).filter((name) => fs.existsSync(path.join(corpus, name, '.gitlab-ci.yml')));

/** Child pipeline files a configuration triggers with a local include. */
function childConfigs(root: string, jobs: readonly { effective?: CiMap }[]): string[] {
  const out: string[] = [];
  for (const job of jobs) {
    const include = getChild(getChild(job.effective, 'trigger'), 'include');
    const items = include?.kind === 'seq' ? include.items : include ? [include] : [];
    for (const item of items) {
      const local = scalarString(item) ?? scalarString(getChild(item, 'local'));
      if (local) out.push(path.join(root, local));
    }
  }
  return [...new Set(out)];
}

describe('ci corpus (realistic configurations GitLab accepts)', () => {
  it('has projects to check', () => {
    assert.ok(projects.length >= 2, `only ${projects.length} corpus projects`);
  });

  for (const project of projects) {
    it(`${project}: no errors in the configuration, its includes and its child pipelines`, () => {
      const root = path.join(corpus, project);
      const reader = createFsReader();
      const first = lintCiFiles({ root, files: [path.join(root, '.gitlab-ci.yml')], reader }).files[0];
      const analysis = first?.analysis;
      assert.ok(analysis, 'entry file not analysed');
      assert.ok(analysis.jobs.filter((j) => !j.hidden).length >= 5, 'too few jobs found: the analysis did not see the configuration');
      const children = childConfigs(root, analysis.jobs);
      const results = [first, ...lintCiFiles({ root, files: children, reader }).files];
      const errors = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file ?? r.path}:${d.range.start.line + 1} ${d.code} ${d.message}`));
      assert.deepEqual(errors, []);
    });
  }
});
