import * as assert from 'node:assert/strict';
import { lineInTrace, MAX_SCANNED_CHARS } from '../../../../src/core/findings/traceLine';

describe('findings: the line a stack trace names', () => {
  // Each row: the test's file, the trace, the line expected (undefined: none named).
  const CASES: readonly (readonly [string, string, string, number | undefined])[] = [
    ['node/ts frame with an absolute CI path', 'test/checkout.test.ts', 'AssertionError: x\n    at Context.<anonymous> (/builds/group/demo-service/test/checkout.test.ts:13:5)\n    at process.processImmediate (node:internal/timers:483:21)', 13],
    ['bare path:line:column', 'src/x.test.ts', 'src/x.test.ts:12:5 - expected 1', 12],
    ['go', 'pkg/store/x_test.go', '    x_test.go:12: want 3, got 2', 12],
    ['python', 'tests/test_x.py', 'Traceback (most recent call last):\n  File "/builds/g/p/tests/test_x.py", line 12, in test_y\n    assert 1 == 2', 12],
    ['ruby', 'spec/models/user_spec.rb', "Failure/Error: expect(x).to eq 3\n# ./spec/models/user_spec.rb:27:in `block (2 levels)'", 27],
    ['java frame by file name', 'src/test/java/com/acme/BarTest.java', 'org.opentest4j.AssertionFailedError: expected\n\tat com.acme.BarTest.adds(BarTest.java:42)', 42],
    ['first frame of the file wins over a library frame', 'test/a.test.ts', 'at lib (node_modules/x/index.js:99:1)\nat t (test/a.test.ts:7:3)\nat t (test/a.test.ts:9:3)', 7],
    ['another file with the same ending does not count', 'test/a.test.ts', 'at t (test/other-a.test.ts:7:3)', undefined],
    ['no line anywhere', 'test/a.test.ts', 'expected true to be false', undefined],
    ['a time is not a file', 'test/a.test.ts', 'at 12:30:01 the test timed out', undefined],
  ];
  for (const [what, file, trace, line] of CASES) {
    it(what, () => assert.equal(lineInTrace(file, [trace]), line));
  }

  it('falls back to the system output when the stack trace names no line', () => {
    assert.equal(lineInTrace('test/a.test.ts', ['Error: boom', 'log line\n  at test/a.test.ts:21:2']), 21);
  });

  it('reads only the start of a huge output, and stays linear on colon-heavy text', () => {
    const far = `${'x'.repeat(MAX_SCANNED_CHARS)}\n at test/a.test.ts:5:1`;
    assert.equal(lineInTrace('test/a.test.ts', [far]), undefined);
    assert.equal(lineInTrace('test/a.test.ts', [':1'.repeat(20_000)]), undefined);
  });
});
