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
  'yaml-alias-limit': { severity: 'error', message: 'Anchors and aliases expand to more than {max} values (GitLab: "The parsed YAML is too big"); later aliases are left empty.' },
  'expansion-limit': { severity: 'error', message: 'Anchors, merge keys and `!reference` expand to more than {max} values (GitLab: "The parsed YAML is too big"); this and later references are left unresolved.' },
  'analysis-budget': { severity: 'warning', message: '`{path}` is not read: the files of this pipeline already hold {max} bytes, the most one analysis reads.' },
  'yaml-too-deep': { severity: 'error', message: 'The YAML is nested more than {max} levels deep.' },
  'yaml-extra-document': { severity: 'warning', message: 'GitLab reads only the configuration document; this document is ignored.' },
  'config-not-a-map': { severity: 'error', message: 'The configuration must be a mapping of keywords and jobs.' },
  'config-empty': { severity: 'error', message: 'The configuration is empty.' },
  'include-local-missing': { severity: 'error', message: 'Included file `{path}` does not exist.' },
  'include-local-empty': { severity: 'error', message: 'Included file `{path}` is empty.' },
  'include-not-yaml': { severity: 'error', message: 'Included file `{path}` does not have a .yml or .yaml extension.' },
  'include-outside-root': { severity: 'error', message: 'Included file `{path}` is outside the project: `include:local` paths start at the repository root, and links may not leave it.' },
  'include-not-regular': { severity: 'error', message: 'Included file `{path}` is {what}, not a regular file; it is not read.' },
  'include-too-large': { severity: 'error', message: 'Included file `{path}` is larger than {max} bytes (GitLab: "The provided YAML is too big"); it is not read.' },
  'include-limit': { severity: 'error', message: 'Maximum of {max} nested includes are allowed! (every include counts, the same file again too)' },
  'include-cycle': { severity: 'error', message: 'Circular include: {cycle}. GitLab follows it until "Maximum of {max} nested includes are allowed!"' },
  'include-glob-empty': { severity: 'warning', message: 'No file matches `{path}`.' },
  'include-unresolved': { severity: 'info', message: '`include:{kind}` `{target}` cannot be read offline; its jobs and templates are unknown here.' },
  'include-remote-pending': { severity: 'info', message: '`include:{kind}` `{target}` is being read from GitLab; its jobs and templates are not known yet.' },
  'include-remote-missing': { severity: 'error', message: '{message}' },
  'include-remote-forbidden': { severity: 'error', message: '{message}' },
  'include-remote-too-large': { severity: 'error', message: '{message}' },
  'include-remote-invalid': { severity: 'error', message: '{message}' },
  'include-remote-other-instance': { severity: 'error', message: '{message}' },
  'include-remote-unreachable': { severity: 'warning', message: '{message}' },
  'include-remote-not-signed-in': { severity: 'info', message: '{message}' },
  'include-remote-host-not-allowed': { severity: 'info', message: '{message}' },
  'include-remote-stale': { severity: 'info', message: '`{target}` is the copy cached earlier: GitLab could not be reached.' },
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
  'dependencies-not-in-needs': { severity: 'error', message: 'Job `{job}` depends on `{target}`, which is not in its `needs`: GitLab says "dependencies the {target} should be part of needs".' },
  'job-name-too-long': { severity: 'error', message: 'Job name `{job}` is too long (maximum is {max} characters).' },
  'tags-too-many': { severity: 'error', message: '`tags` must be less than the limit of {max} tags; this list has {count}.' },
  'rules-too-many-paths': { severity: 'error', message: '`rules:{kind}` has too many entries (maximum {max}); this list has {count}.' },
  'artifacts-expose-as-invalid': { severity: 'error', message: '`artifacts:expose_as` {reason}.' },
  'artifacts-expose-as-no-paths': { severity: 'error', message: '`artifacts:expose_as` needs `artifacts:paths`: GitLab says "artifacts paths can\'t be blank".' },
  'artifacts-expose-as-glob': { severity: 'error', message: '`artifacts:paths` can\'t contain \'*\' when used with `expose_as` (`{path}`); name the files exactly.' },
  'environment-name-invalid': { severity: 'error', message: 'Environment name `{name}` can contain only letters, digits, \'-\', \'_\', \'/\', \'$\', \'{\', \'}\', \'.\', and spaces, but it cannot start or end with \'/\'.' },
  'trigger-parallel-number': { severity: 'error', message: 'Trigger job `{job}` cannot use "parallel: <number>": a downstream pipeline can only be multiplied with `parallel:matrix`.' },
  'variable-value-not-in-options': { severity: 'error', message: 'Variable `{name}`: value must be present in options.' },
  'default-defined-twice': { severity: 'error', message: '`{key}` is defined in top-level and `default:` entry; keep only the one under `default:`.' },
  'matrix-entry-empty': { severity: 'error', message: 'An entry of `parallel:matrix` requires at least 1 items (a variable with its values).' },
  'duration-over-limit': { severity: 'error', message: '`{keyword}` should not exceed the limit: `{value}` is longer than {limit}.' },
  'environment-url-too-long': { severity: 'error', message: '`environment:url` is too long (maximum is {max} characters).' },
  'rules-when-without-workflow': { severity: 'warning', message: 'Job `{job}` may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules`: add `workflow:rules`, or end the rules with a condition.' },
  'matrix-too-many-jobs': { severity: 'error', message: 'Job `{job}`: `parallel:matrix` config generates too many jobs (maximum is {max}).' },
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
