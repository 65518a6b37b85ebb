import type { Diagnostic, Range, Severity } from '../../diagnostic';

interface CodeInfo {
  readonly severity: Severity;
  /** `{name}` placeholders are filled from the finding's arguments. */
  readonly message: string;
}

/**
 * Every finding the CI analysis (outside the schema) can report: stable code, default severity and
 * message template. Severities follow GitLab: what GitLab rejects is an error, what it accepts but
 * is probably a mistake is a warning, what cannot be checked offline is info.
 */
export const CI_CODES = {
  'yaml-syntax': { severity: 'error', message: '{message}' },
  'yaml-warning': { severity: 'warning', message: '{message}' },
  'yaml-duplicate-key': { severity: 'warning', message: 'Duplicate key `{key}`: GitLab keeps only the last one.' },
  'yaml-unknown-alias': { severity: 'error', message: 'Unknown alias `*{name}`: no anchor `&{name}` is defined before it.' },
  'yaml-alias-limit': { severity: 'error', message: 'Alias expansion exceeds {max} values; the file looks like an alias bomb.' },
  'yaml-too-deep': { severity: 'error', message: 'The YAML is nested more than {max} levels deep.' },
  'yaml-extra-document': { severity: 'warning', message: 'GitLab reads only the configuration document; this document is ignored.' },
  'config-not-a-map': { severity: 'error', message: 'The configuration must be a mapping of keywords and jobs.' },
  'config-empty': { severity: 'error', message: 'The configuration is empty.' },
  'include-local-missing': { severity: 'error', message: 'Included file `{path}` does not exist.' },
  'include-local-empty': { severity: 'error', message: 'Included file `{path}` is empty.' },
  'include-not-yaml': { severity: 'error', message: 'Included file `{path}` does not have a .yml or .yaml extension.' },
  'include-glob-empty': { severity: 'warning', message: 'No file matches `{path}`.' },
  'include-unresolved': { severity: 'info', message: '`include:{kind}` `{target}` cannot be read offline; its jobs and templates are unknown here.' },
  'include-variable-path': { severity: 'info', message: 'Include path `{path}` uses variables and cannot be resolved offline.' },
  'job-no-script': { severity: 'error', message: 'Job `{job}` must have `script`, `trigger` or `run`.' },
  'no-visible-job': { severity: 'error', message: 'The configuration must contain at least one visible job (a job whose name does not start with `.`).' },
  'stage-undefined': { severity: 'error', message: 'Stage `{stage}` of job `{job}` is not defined; available stages: {stages}.' },
  'needs-undefined-job': { severity: 'error', message: 'Job `{job}` needs `{target}`, which is not defined.' },
  'needs-later-stage': { severity: 'error', message: 'Job `{job}` needs `{target}`, which runs in a later stage (`{targetStage}` after `{stage}`).' },
  'needs-duplicate': { severity: 'error', message: 'Job `{job}` lists `{target}` in `needs` more than once.' },
  'needs-cycle': { severity: 'error', message: 'Circular `needs`: {cycle}.' },
  'needs-matrix-no-match': { severity: 'error', message: 'Job `{job}` needs `{target}` with a matrix combination that job does not define: {combination}.' },
  'dependencies-undefined-job': { severity: 'error', message: 'Job `{job}` depends on `{target}`, which is not defined.' },
  'dependencies-later-stage': { severity: 'error', message: 'Job `{job}` depends on `{target}`, which runs in a later stage (`{targetStage}` after `{stage}`).' },
  'extends-undefined': { severity: 'error', message: 'Job `{job}` extends `{target}`, which is not defined.' },
  'extends-invalid-base': { severity: 'error', message: 'Job `{job}` extends `{target}`, which is not a mapping.' },
  'extends-cycle': { severity: 'error', message: 'Circular `extends`: {cycle}.' },
  'extends-too-deep': { severity: 'error', message: 'Job `{job}` has more than {max} levels of `extends`.' },
  'reference-invalid': { severity: 'error', message: '`!reference` takes a list of names, like `!reference [.job, script]`.' },
  'reference-undefined-job': { severity: 'error', message: '`!reference` names `{target}`, which is not defined.' },
  'reference-missing-key': { severity: 'error', message: '`!reference` path `{path}` does not exist.' },
  'reference-too-deep': { severity: 'error', message: '`!reference` nesting exceeds {max} levels (or references itself).' },
  'on-stop-undefined-job': { severity: 'error', message: 'Job `{job}` stops its environment with `{target}`, which is not defined.' },
  'on-stop-no-environment': { severity: 'error', message: 'Job `{target}` (on_stop of `{job}`) has no `environment`.' },
  'on-stop-environment-mismatch': { severity: 'error', message: 'Job `{target}` (on_stop of `{job}`) uses a different environment name.' },
  'on-stop-action-not-stop': { severity: 'error', message: 'Job `{target}` (on_stop of `{job}`) must set `environment:action: stop`.' },
} as const satisfies Record<string, CodeInfo>;

export type CiCode = keyof typeof CI_CODES;

/** Codes whose error becomes a warning while an include that cannot be read offline might define the target. */
export const DOWNGRADED_BY_UNRESOLVED_INCLUDES: ReadonlySet<CiCode> = new Set<CiCode>([
  'needs-undefined-job',
  'needs-matrix-no-match',
  'dependencies-undefined-job',
  'extends-undefined',
  'reference-undefined-job',
  'reference-missing-key',
  'on-stop-undefined-job',
  'no-visible-job',
  'stage-undefined',
]);

export type MessageArgs = Readonly<Record<string, string | number>>;

/** Builds a finding from the table: message filled in, default severity unless overridden. */
export function ciDiagnostic(code: CiCode, args: MessageArgs, range: Range, extra: { file?: string; severity?: Severity } = {}): Diagnostic {
  const info: CodeInfo = CI_CODES[code];
  const message = info.message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
  const severity = extra.severity ?? info.severity;
  return extra.file === undefined ? { severity, code, message, range } : { severity, code, message, range, file: extra.file };
}
