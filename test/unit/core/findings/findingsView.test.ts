import * as assert from 'node:assert/strict';
import type { FailedTest, PipelineFindings } from '../../../../src/core/findings/findings';
import { findingDiagnostics, jobFindingNodes, MAX_NODES_PER_JOB } from '../../../../src/core/findings/findingsView';
import { suiteNameOf, testFailuresByJob } from '../../../../src/core/findings/testFailures';

const failed = (i: number): FailedTest => ({ name: `test ${i}`, status: 'failed', message: 'boom', details: 'boom', place: { path: 'test/a.test.ts', line: i + 1 } });

function pipeline(tests: readonly FailedTest[], failedCount = tests.length): PipelineFindings {
  return {
    pipelineId: 7, sha: 'abcdef1234567890', branch: 'feature', problems: [],
    jobs: [{ jobId: 3, jobName: 'unit', webUrl: 'https://gitlab.example.com/g/p/-/jobs/3', failedTests: tests, failedCount, codeQuality: [], problems: [] }],
  };
}

describe('findings: how they show', () => {
  it('caps failed-test nodes under a job and says how many more failed', () => {
    const tests = Array.from({ length: 30 }, (_, i) => failed(i));
    const findings = pipeline(tests, 64);
    const nodes = jobFindingNodes('job', findings.jobs[0]!, findings, { present: () => true });
    assert.equal(nodes.filter((n) => n.contextValue.includes('finding-test')).length, MAX_NODES_PER_JOB);
    assert.equal(nodes.at(-1)?.label, `and ${64 - MAX_NODES_PER_JOB} more`);
    assert.ok(nodes.every((n) => n.kind === 'finding' && n.id.startsWith('job/finding:')));
  });

  it('places a failed test without a line at the top of its file and says so; none where the file is gone', () => {
    const findings = pipeline([{ ...failed(0), place: { path: 'test/a.test.ts' } }]);
    const [d] = findingDiagnostics([findings], { present: () => true });
    assert.deepEqual([d?.line, d?.code, d?.target], [0, 'test-failed', 'https://gitlab.example.com/g/p/-/jobs/3']);
    assert.match(d?.message ?? '', /the report names no line/);
    assert.deepEqual(findingDiagnostics([findings], { present: () => false }), []);
  });

  it('gives suites to jobs by name or parallel group name, and reports a suite no job claims', () => {
    assert.equal(suiteNameOf('rspec 2/3'), 'rspec');
    assert.equal(suiteNameOf('build: [linux, 1/2]'), 'build: [linux, 1/2]');
    const report = {
      total_count: 2,
      test_suites: [
        { name: 'rspec', test_cases: [{ status: 'failed', name: 'a', file: './spec/a_spec.rb', stack_trace: '# ./spec/a_spec.rb:4:in' }] },
        { name: 'orphan', test_cases: [{ status: 'error', name: 'b' }] },
      ],
    };
    const { byJob, unclaimed } = testFailuresByJob(report, [{ id: 1, name: 'rspec 1/2' }, { id: 2, name: 'rspec 2/2' }], 'g/p');
    assert.deepEqual(byJob.get(1)?.failedTests.map((t) => t.place), [{ path: 'spec/a_spec.rb', line: 4 }]);
    assert.deepEqual(unclaimed, ['orphan: 1 failed test']);
  });
});
