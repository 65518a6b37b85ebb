/**
 * GitLab Code Quality reports (the Code Climate issue format GitLab reads from
 * `artifacts:reports:codequality`): a JSON list of findings with `description`, `check_name`,
 * `severity`, `location.path` and `location.lines.begin` or `location.positions.begin.line`.
 * A file that is not such a list gives one problem in words; findings missing what we need are
 * counted and skipped, never thrown.
 */
import type { FindingSeverity } from './findings';

export interface CodeQualityFinding {
  readonly description: string;
  readonly checkName?: string;
  /** The report's own word (`major`). */
  readonly reportSeverity: string;
  readonly severity: FindingSeverity;
  /** As the report wrote it; made repository-relative where it is placed. */
  readonly path: string;
  /** One-based; undefined when the finding names no line. */
  readonly line?: number;
}

export interface CodeQualityReport {
  readonly findings: readonly CodeQualityFinding[];
  /** Entries without a description or a path. */
  readonly skipped: number;
  /** More entries than {@link MAX_FINDINGS}: the rest are left out. */
  readonly truncated: number;
  /** Set when the file is not a Code Quality report at all. */
  readonly problem?: string;
}

/** Code Climate's severities in VS Code's words; an unknown one counts as major, GitLab's own default. */
export const CODE_QUALITY_SEVERITY: Readonly<Record<string, FindingSeverity>> = {
  blocker: 'error',
  critical: 'error',
  major: 'warning',
  minor: 'information',
  info: 'hint',
};

/** Findings kept per report file: enough for any real review, bounded for a generated one. */
export const MAX_FINDINGS = 2000;

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function findingOf(entry: unknown): CodeQualityFinding | undefined {
  const item = record(entry);
  const location = record(item?.['location']);
  const description = item?.['description'];
  const path = location?.['path'];
  if (typeof description !== 'string' || typeof path !== 'string' || description.trim() === '' || path.trim() === '') return undefined;
  const line = positiveInt(record(location?.['lines'])?.['begin']) ?? positiveInt(record(record(location?.['positions'])?.['begin'])?.['line']);
  const reportSeverity = typeof item?.['severity'] === 'string' ? item['severity'].toLowerCase() : 'major';
  const checkName = item?.['check_name'];
  return {
    description: description.trim(),
    ...(typeof checkName === 'string' && checkName !== '' ? { checkName } : {}),
    reportSeverity,
    severity: CODE_QUALITY_SEVERITY[reportSeverity] ?? 'warning',
    path,
    ...(line !== undefined ? { line } : {}),
  };
}

/** Reads a report file's text. */
export function parseCodeQuality(text: string): CodeQualityReport {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { findings: [], skipped: 0, truncated: 0, problem: 'is not valid JSON' };
  }
  if (!Array.isArray(value)) return { findings: [], skipped: 0, truncated: 0, problem: 'is not a Code Quality report (a JSON list of findings was expected)' };
  const findings: CodeQualityFinding[] = [];
  let skipped = 0;
  for (const entry of value.slice(0, MAX_FINDINGS)) {
    const finding = findingOf(entry);
    if (finding) findings.push(finding);
    else skipped++;
  }
  return { findings, skipped, truncated: Math.max(0, value.length - MAX_FINDINGS) };
}
