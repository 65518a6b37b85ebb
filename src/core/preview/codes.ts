import type { Diagnostic, Range, Severity } from '../diagnostic';

/**
 * Every finding of a pipeline preview: stable code, severity and message template. Errors are what
 * GitLab refuses (so no pipeline); infos say where the preview assumed something it cannot know offline.
 */
export const PREVIEW_CODES = {
  'preview-expression-invalid': { severity: 'error', message: 'GitLab rejects the expression `{expression}`: {error}.' },
  'preview-expression-note': { severity: 'info', message: 'In `{expression}`: {note}.' },
  'preview-rule-invalid': { severity: 'warning', message: 'This rule is not a mapping; GitLab rejects it. The preview skips it.' },
  'preview-needs-missing': { severity: 'error', message: "Job `{job}` needs `{target}`, which is not in this pipeline (its rules or only/except leave it out); GitLab refuses to create the pipeline. Use `needs:optional` if that is intended." },
  'preview-exists-other-project': { severity: 'info', message: '`exists` in project `{project}` cannot be checked offline; the preview assumes the files exist.' },
  'preview-exists-unknown': { severity: 'info', message: 'No repository files were given; the preview assumes `exists` matches.' },
  'preview-kubernetes-unknown': { severity: 'info', message: '`kubernetes: active` depends on the project\'s clusters; the preview assumes none is active.' },
  'preview-ref-project-unknown': { severity: 'info', message: 'Ref `{ref}` names project `{project}`; set CI_PROJECT_PATH to match it. Without it the preview treats it as another project.' },
  'preview-ref-regex-fallback': { severity: 'info', message: 'RE2 rejects ref pattern `{ref}` ({error}); GitLab falls back to Ruby regular expressions, which the preview approximates with JavaScript ones.' },
  'preview-ref-regex-invalid': { severity: 'warning', message: 'Ref pattern `{ref}` is not a valid regular expression; the preview compares it as a ref name.' },
} as const satisfies Record<string, { severity: Severity; message: string }>;

export type PreviewCode = keyof typeof PREVIEW_CODES;

export function previewDiagnostic(code: PreviewCode, args: Readonly<Record<string, string>>, range: Range, file?: string): Diagnostic {
  const info: { severity: Severity; message: string } = PREVIEW_CODES[code];
  const message = info.message.replace(/\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
  return file === undefined ? { severity: info.severity, code, message, range } : { severity: info.severity, code, message, range, file };
}
