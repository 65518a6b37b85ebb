import type { Diagnostic } from '../../diagnostic';

/**
 * Findings that only make sense for a whole pipeline configuration. A file under `.gitlab/ci/`
 * that no known entry includes is a fragment: its jobs may need jobs, stages and templates that
 * live elsewhere, so these findings would be noise there.
 */
const WHOLE_CONFIG_CODES: ReadonlySet<string> = new Set([
  'config-empty',
  'no-visible-job',
  'stage-undefined',
  'needs-undefined-job',
  'needs-later-stage',
  'dependencies-undefined-job',
  'dependencies-later-stage',
  'extends-undefined',
  'reference-undefined-job',
  'reference-missing-key',
  'on-stop-undefined-job',
  'job-no-script',
]);

/** The findings of a fragment analysed on its own that still hold once it is included somewhere. */
export function fragmentDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => !WHOLE_CONFIG_CODES.has(d.code));
}

/** Whether a project-relative path looks like a fragment meant to be included rather than a pipeline of its own. */
export function isFragmentPath(relativePath: string): boolean {
  const normalized = relativePath.replace(/\\/g, '/');
  return !/(^|\/)([^/]*\.)?gitlab-ci\.ya?ml$/.test(normalized);
}
