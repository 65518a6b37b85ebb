import * as assert from 'node:assert/strict';
import { CODE_QUALITY_SEVERITY, MAX_FINDINGS, parseCodeQuality } from '../../../../src/core/findings/codeQuality';

describe('findings: GitLab Code Quality reports', () => {
  it('reads description, check, severity, path and the line from lines.begin or positions.begin.line', () => {
    const report = parseCodeQuality(JSON.stringify([
      { description: 'Too complex', check_name: 'complexity', severity: 'major', location: { path: 'src/a.ts', lines: { begin: 9 } } },
      { description: 'Unused', check_name: 'no-unused-vars', severity: 'minor', location: { path: 'src/a.ts', positions: { begin: { line: 21, column: 7 } } } },
      { description: 'No line', severity: 'info', location: { path: 'README.md' } },
    ]));
    assert.deepEqual(report.findings.map((f) => [f.path, f.line, f.severity, f.checkName]), [
      ['src/a.ts', 9, 'warning', 'complexity'],
      ['src/a.ts', 21, 'information', 'no-unused-vars'],
      ['README.md', undefined, 'hint', undefined],
    ]);
    assert.equal(report.problem, undefined);
  });

  it('maps Code Climate severities to the editor\'s in one table', () => {
    assert.deepEqual(CODE_QUALITY_SEVERITY, { blocker: 'error', critical: 'error', major: 'warning', minor: 'information', info: 'hint' });
    assert.equal(parseCodeQuality('[{"description":"d","severity":"weird","location":{"path":"a"}}]').findings[0]?.severity, 'warning');
  });

  it('gives one problem in words for malformed JSON or a non-list, never an exception', () => {
    assert.equal(parseCodeQuality('[{"description": "cut off').problem, 'is not valid JSON');
    assert.match(parseCodeQuality('{"issues": []}').problem ?? '', /JSON list of findings/);
    assert.equal(parseCodeQuality('\ufeff[]').problem, undefined);
  });

  it('skips entries without description or path and counts them; keeps at most MAX_FINDINGS', () => {
    const report = parseCodeQuality(JSON.stringify([{ description: 'x' }, null, 3, { description: 'ok', location: { path: 'a', lines: { begin: -1 } } }]));
    assert.equal(report.skipped, 3);
    assert.deepEqual(report.findings.map((f) => f.line), [undefined]);
    const many = parseCodeQuality(JSON.stringify(Array.from({ length: MAX_FINDINGS + 5 }, () => ({ description: 'd', location: { path: 'a' } }))));
    assert.deepEqual([many.findings.length, many.truncated], [MAX_FINDINGS, 5]);
  });
});
