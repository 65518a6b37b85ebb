import { strict as assert } from 'node:assert';
import { serverLintDiagnostics } from '../../../../../src/core/ci/features/serverLint';
import { parseCiFile } from '../../../../../src/core/ci/parse/parseCiFile';

const text = [
  'stages: [build, test]',   // 0
  'build:',                  // 1
  '  stage: compile',        // 2
  '  scirpt: make',          // 3
  'test:unit:',              // 4
  '  script: make test',     // 5
  '  when: sometimes',       // 6
  '',
].join('\n');
const file = parseCiFile('/p/.gitlab-ci.yml', text);

function placed(message: string): { line: number; character: number } {
  const [d] = serverLintDiagnostics(file, { errors: [message], warnings: [] });
  assert.ok(d);
  return d.range.start;
}

describe('GitLab lint messages placed in the file', () => {
  it('puts an unknown key at that key', () => {
    assert.deepEqual(placed('jobs:build config contains unknown keys: scirpt'), { line: 3, character: 2 });
  });

  it('follows a config path into a job whose name has a colon', () => {
    assert.deepEqual(placed('jobs:test:unit:when config should be one of: on_success, on_failure, always, manual, delayed'), { line: 6, character: 2 });
  });

  it('puts a job-level message on the job', () => {
    assert.deepEqual(placed('build job: chosen stage does not exist; available stages are .pre, build, test, .post'), { line: 1, character: 0 });
  });

  it('uses the line and column of YAML errors', () => {
    assert.deepEqual(placed('(<unknown>): mapping values are not allowed in this context at line 4 column 9'), { line: 3, character: 8 });
  });

  it('falls back to the first line for messages about nothing in particular', () => {
    assert.deepEqual(placed('Please provide content of .gitlab-ci.yml'), { line: 0, character: 0 });
  });

  it('keeps severities and prefixes GitLab', () => {
    const all = serverLintDiagnostics(file, { errors: ['jobs:build config contains unknown keys: scirpt'], warnings: ['jobs:test:unit may allow multiple pipelines to run for a single action'] });
    assert.deepEqual(all.map((d) => [d.severity, d.code]), [['error', 'gitlab-lint-error'], ['warning', 'gitlab-lint-warning']]);
    assert.match(all[0]!.message, /^GitLab: /);
    assert.equal(all[1]!.range.start.line, 4);
  });
});
