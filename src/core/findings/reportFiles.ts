/**
 * Which files of a job's artifacts archive hold its code-quality report. GitLab's REST API cannot
 * download `artifacts:reports` files, only files under `artifacts:paths`, so a report is readable
 * when the job lists it in both (the scaffold does). The job's definition comes from the
 * workspace's own analysed `.gitlab-ci.yml`; a job it does not define gets GitLab's usual name.
 */

export const DEFAULT_CODE_QUALITY_FILE = 'gl-code-quality-report.json';

export interface CodeQualityFiles {
  /** Files to read from the archive. */
  readonly files: readonly string[];
  /** Reports the job declares but does not keep under `artifacts:paths`: unreadable through the API. */
  readonly notInPaths: readonly string[];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function bare(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/** A path entry keeps the report when it is the report or a folder holding it (globs are not expanded). */
function kept(report: string, paths: readonly string[]): boolean {
  const target = bare(report);
  return paths.some((p) => {
    const entry = bare(p);
    return entry === target || (entry !== '' && target.startsWith(`${entry}/`));
  });
}

/**
 * `definition` is the job as the workspace's configuration defines it (plain data, `default:`
 * applied), or undefined when the configuration has no such job or could not be analysed.
 */
export function codeQualityFiles(definition: unknown): CodeQualityFiles {
  if (definition === undefined) return { files: [DEFAULT_CODE_QUALITY_FILE], notInPaths: [] };
  const artifacts = record(record(definition)?.['artifacts']);
  const declared = strings(record(artifacts?.['reports'])?.['codequality']).map(bare).filter((p) => p !== '');
  const paths = strings(artifacts?.['paths']);
  return { files: declared.filter((r) => kept(r, paths)), notInPaths: declared.filter((r) => !kept(r, paths)) };
}
