// What the demo project's checks report: ESLint findings in GitLab's Code Quality format in the
// lint job's archive (`gl-code-quality-report.json`, as the scaffold's `artifacts:paths` keeps
// it), and the unit-test job's JUnit report. The paths are files of the sample workspace
// (test/fixtures/workspace), except `src/legacy/cart.ts`, which is gone from it on purpose.
import type { Job, Pipeline } from './model';
import type { TestCaseSpec } from './jobOutputs';
import type { FakeGitLabState } from './state';

export const CODE_QUALITY_FILE = 'gl-code-quality-report.json';

export const DEMO_CODE_QUALITY_FINDINGS = [
  {
    description: "Function 'reserveStock' has a complexity of 12. Maximum allowed is 10.",
    check_name: 'complexity',
    fingerprint: '7815696ecbf1c96e6894b779456d330e',
    severity: 'major',
    location: { path: 'src/checkout.ts', lines: { begin: 9 } },
  },
  {
    description: "'legacyTotal' is defined but never used.",
    check_name: 'no-unused-vars',
    fingerprint: '1e7b8c6d2f3a4b5c6d7e8f9a0b1c2d3e',
    severity: 'minor',
    location: { path: 'src/checkout.ts', positions: { begin: { line: 21, column: 7 }, end: { line: 21, column: 18 } } },
  },
  {
    description: 'Unexpected any. Specify a different type.',
    check_name: '@typescript-eslint/no-explicit-any',
    fingerprint: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    severity: 'critical',
    location: { path: 'src/legacy/cart.ts', lines: { begin: 40 } },
  },
] as const;

export const DEMO_CODE_QUALITY = `${JSON.stringify(DEMO_CODE_QUALITY_FINDINGS, null, 2)}\n`;

export const DEMO_PASSING_TESTS: readonly TestCaseSpec[] = [
  { name: 'checkout reserves stock for every line', classname: 'checkout', file: './test/checkout.test.ts', status: 'success', executionTime: 0.012 },
  { name: 'checkout rejects an empty cart', classname: 'checkout', file: './test/checkout.test.ts', status: 'success', executionTime: 0.003 },
];

/** Two failures: one the report places (file attribute + a stack frame), one it cannot (no file). */
export const DEMO_FAILING_TESTS: readonly TestCaseSpec[] = [
  {
    name: 'checkout batches stock checks into one request',
    classname: 'checkout',
    file: './test/checkout.test.ts',
    status: 'failed',
    executionTime: 0.021,
    systemOutput: 'AssertionError [ERR_ASSERTION]: Expected 1 stock request, got 3',
    stackTrace: [
      'AssertionError [ERR_ASSERTION]: Expected 1 stock request, got 3',
      '    at Context.<anonymous> (/builds/group/demo-service/test/checkout.test.ts:13:5)',
      '    at process.processImmediate (node:internal/timers:483:21)',
    ].join('\n'),
  },
  {
    name: 'price service answers within 200 ms',
    classname: 'pricing',
    status: 'error',
    executionTime: 2.004,
    systemOutput: 'Error: Timeout of 2000ms exceeded.',
  },
  ...DEMO_PASSING_TESTS,
];

/** The demo jobs' outputs by job name (demoSpecs.ts attaches them). */
export const DEMO_OUTPUTS = {
  lint: { files: { [CODE_QUALITY_FILE]: DEMO_CODE_QUALITY } },
  'unit-tests': { testCases: DEMO_PASSING_TESTS },
} as const;

/** Makes the pipeline's `unit-tests` job fail with {@link DEMO_FAILING_TESTS} once it runs (before it ends). */
export function failUnitTests(state: FakeGitLabState, pipeline: Pipeline): Job {
  const job = state.jobsOf(pipeline).find((j) => j.name === 'unit-tests');
  if (!job) throw new Error(`pipeline ${pipeline.id} has no unit-tests job`);
  job.plan.result = 'failed';
  job.plan.failureReason = 'script_failure';
  job.outputs = { testCases: DEMO_FAILING_TESTS };
  return job;
}
