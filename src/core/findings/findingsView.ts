/**
 * How findings show: as diagnostics at their file and line in the working tree, and as nodes
 * under their job in the Release Lanes tree. Only lanes of the checked-out branch place
 * diagnostics (the dev and master lanes' pipelines ran other code than what is open); every lane
 * lists its failed tests in the tree. A finding whose file is not in the working tree gets no
 * diagnostic: it is listed under its job instead.
 */
import type { LaneId } from '../lanes/lanes';
import type { RepoSnapshot } from '../lanes/snapshot';
import type { TreeNode } from '../lanes/treeModel';
import type { FindingPlace, FindingSeverity, JobFindings, PipelineFindings } from './findings';

export const FINDINGS_SOURCE = 'GitLab CI';
/** Nodes of one kind under a job before "and N more". */
export const MAX_NODES_PER_JOB = 10;
/** Diagnostics per pipeline at most. */
export const MAX_DIAGNOSTICS = 1000;

export interface FindingDiagnostic {
  /** Repository-relative. */
  readonly path: string;
  /** Zero-based. */
  readonly line: number;
  readonly severity: FindingSeverity;
  readonly message: string;
  /** Stable: the check's own name (`no-unused-vars`), or `test-failed` / `test-error`. */
  readonly code: string;
  /** The job that reported it (its web page). */
  readonly target: string;
  readonly source: typeof FINDINGS_SOURCE;
}

export interface ViewContext {
  /** The checked-out commit; findings of another commit say where they were found. */
  readonly headSha?: string;
  /** The checked-out branch: lanes on it place diagnostics. */
  readonly currentBranch?: string;
  /** Whether a repository-relative path is a file of the working tree. */
  readonly present: (path: string) => boolean;
}

function staleNote(findings: PipelineFindings, headSha: string | undefined): string {
  return headSha !== undefined && headSha !== findings.sha ? ` (found on ${findings.sha.slice(0, 7)}; lines may have shifted)` : '';
}

function placed(place: FindingPlace | undefined, present: (path: string) => boolean): place is FindingPlace {
  return place !== undefined && present(place.path);
}

/** The pipelines whose findings are placed in the working tree, each once. */
export function diagnosticPipelines(snapshot: RepoSnapshot, byLane: ReadonlyMap<LaneId, PipelineFindings>, currentBranch: string | undefined): PipelineFindings[] {
  const seen = new Set<number>();
  const out: PipelineFindings[] = [];
  for (const lane of snapshot.lanes) {
    const findings = byLane.get(lane.lane.id);
    if (!findings || currentBranch === undefined || lane.lane.branch !== currentBranch || seen.has(findings.pipelineId)) continue;
    seen.add(findings.pipelineId);
    out.push(findings);
  }
  return out;
}

export function findingDiagnostics(pipelines: readonly PipelineFindings[], context: ViewContext): FindingDiagnostic[] {
  const out: FindingDiagnostic[] = [];
  for (const findings of pipelines) {
    const note = staleNote(findings, context.headSha);
    const start = out.length;
    for (const job of findings.jobs) {
      for (const test of job.failedTests) {
        if (!placed(test.place, context.present)) continue;
        out.push({
          path: test.place.path,
          line: Math.max(0, (test.place.line ?? 1) - 1),
          severity: 'error',
          message: `Test ${test.status === 'error' ? 'errored' : 'failed'} in ${job.jobName}: ${test.name}: ${test.message}${test.place.line === undefined ? ' (the report names no line)' : ''}${note}`,
          code: test.status === 'error' ? 'test-error' : 'test-failed',
          target: job.webUrl,
          source: FINDINGS_SOURCE,
        });
      }
      for (const finding of job.codeQuality) {
        if (!placed(finding.place, context.present)) continue;
        out.push({
          path: finding.place.path,
          line: Math.max(0, (finding.place.line ?? 1) - 1),
          severity: finding.severity,
          message: `${finding.message}${note}`,
          code: finding.check ?? 'code-quality',
          target: job.webUrl,
          source: FINDINGS_SOURCE,
        });
      }
    }
    out.splice(start + MAX_DIAGNOSTICS);
  }
  return out;
}

function node(id: string, label: string, fields: Partial<TreeNode>): TreeNode {
  return { id, kind: 'finding', label, contextValue: 'finding', collapsible: 'none', children: [], ...fields };
}

function where(place: FindingPlace): string {
  return place.line !== undefined ? `${place.path}:${place.line}` : place.path;
}

function more(parent: string, what: string, left: number): TreeNode[] {
  return left > 0 ? [node(`${parent}/finding:more-${what}`, `and ${left} more`, { icon: { id: 'ellipsis' }, contextValue: 'finding finding-more' })] : [];
}

/** The nodes under one job: its failed tests, findings whose file is gone, and reading problems. */
export function jobFindingNodes(parent: string, job: JobFindings, findings: PipelineFindings, context: ViewContext): TreeNode[] {
  const note = staleNote(findings, context.headSha);
  const tests = job.failedTests.slice(0, MAX_NODES_PER_JOB).map((test, i) => node(`${parent}/finding:test:${i}`, test.name, {
    description: [test.status === 'error' ? 'errored' : 'failed', test.place ? where(test.place) : undefined, test.message].filter(Boolean).join(' · '),
    tooltip: [`${test.classname ? `${test.classname}: ` : ''}${test.name} (${test.status})`, test.place ? `${where(test.place)}${note}` : 'The report names no file.', test.details || test.message].join('\n'),
    icon: { id: test.status === 'error' ? 'warning' : 'error', color: 'testing.iconFailed' },
    contextValue: 'finding finding-test',
    webUrl: job.webUrl,
  }));
  const gone = job.codeQuality.filter((f) => !placed(f.place, context.present));
  const goneNodes = gone.slice(0, MAX_NODES_PER_JOB).map((finding, i) => node(`${parent}/finding:gone:${i}`, finding.place ? where(finding.place) : finding.reportedPath, {
    description: `not in the working tree · ${finding.message}`,
    tooltip: `${finding.message}\n${finding.check ? `${finding.check}, ` : ''}${finding.reportSeverity}\n${finding.place ? `${where(finding.place)} is not a file of the working tree` : `${finding.reportedPath} is not a path inside this repository`}${note}`,
    icon: { id: 'file', color: 'list.warningForeground' },
    contextValue: 'finding finding-gone',
    webUrl: job.webUrl,
  }));
  const problems = job.problems.map((problem, i) => node(`${parent}/finding:problem:${i}`, problem, { tooltip: problem, icon: { id: 'warning', color: 'list.warningForeground' }, contextValue: 'finding finding-problem' }));
  return [
    ...tests,
    ...more(parent, 'tests', job.failedCount - tests.length),
    ...goneNodes,
    ...more(parent, 'gone', gone.length - goneNodes.length),
    ...problems,
  ];
}

/** Nodes for one job of a repository's lanes, or none: what the tree model composes under the job. */
export function findingNodesFor(byLane: ReadonlyMap<LaneId, PipelineFindings>, jobId: number, parent: string, context: ViewContext): TreeNode[] {
  for (const findings of byLane.values()) {
    const job = findings.jobs.find((j) => j.jobId === jobId);
    if (job) return jobFindingNodes(parent, job, findings, context);
  }
  return [];
}

/** Problems of a pipeline not tied to a job (its test report could not be read), for under the pipeline node. */
export function pipelineProblemNodes(parent: string, findings: PipelineFindings): TreeNode[] {
  return findings.problems.map((problem, i) => node(`${parent}/finding:pipeline-problem:${i}`, problem, { tooltip: problem, icon: { id: 'warning', color: 'list.warningForeground' }, contextValue: 'finding finding-problem' }));
}
