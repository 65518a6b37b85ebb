/**
 * The Pipeline Preview page: the stages of the predicted pipeline as columns, like GitLab's
 * pipeline graph, then how the prediction compares with what GitLab created. Pure, so its escaping
 * and its CSP are unit-tested. The page runs no script; its one action is a command link.
 */
import type { PredictionDiff } from './lanePreview';
import type { JobWhen } from './previewPipeline';

export interface PreviewPageJob {
  readonly name: string;
  readonly when: JobWhen;
  readonly allowFailure: boolean;
  readonly startIn?: string;
}

/** A comparison with jobs GitLab created (a real pipeline, or a dry run). */
export interface PreviewComparison {
  /** What was compared, e.g. `pipeline #12 for 1a2b3c4d` or `GitLab's dry run on dev`. */
  readonly subject: string;
  /** Set when the comparison could not be made (no pipeline for this commit, GitLab refused). */
  readonly note?: string;
  readonly diff?: PredictionDiff;
}

export interface PreviewPageInput {
  /** `Merge request: feature into dev`. */
  readonly title: string;
  readonly created: boolean;
  readonly reason: string;
  readonly stages: readonly { readonly stage: string; readonly jobs: readonly PreviewPageJob[] }[];
  /** What `changes` was compared with, in words. */
  readonly changesNote: string;
  /** Errors and warnings of the configuration and the preview, as text. */
  readonly findings: readonly string[];
  readonly comparisons: readonly PreviewComparison[];
  /** A `command:` URI offering GitLab's dry run; absent without a GitLab project. */
  readonly validateLink?: string;
  readonly nonce: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 12px; }
h1 { font-size: 1.3em; margin: 12px 0 4px; }
.meta { color: var(--vscode-descriptionForeground); margin: 0 0 10px; }
.verdict.created { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.verdict.refused { color: var(--vscode-editorError-foreground, var(--vscode-charts-red)); }
.graph { display: flex; gap: 14px; overflow-x: auto; padding: 6px 0 12px; }
.stage { min-width: 150px; }
.stage h2 { font-size: 0.95em; text-transform: uppercase; color: var(--vscode-descriptionForeground); margin: 0 0 6px; }
.job { border: 1px solid var(--vscode-panel-border, #8886); border-radius: 14px; padding: 4px 12px; margin: 0 0 6px; background: var(--vscode-editorWidget-background); }
.job .when { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.job.manual { border-style: dashed; }
.diff h3 { font-size: 1em; margin: 10px 0 4px; }
.unpredicted { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow)); }
.missing { color: var(--vscode-editorError-foreground, var(--vscode-charts-red)); }
.agree { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
ul { margin: 2px 0 8px; padding-left: 20px; }
a { color: var(--vscode-textLink-foreground); }
`;

function jobHtml(job: PreviewPageJob): string {
  const notes = [job.when === 'on_success' ? '' : job.when + (job.startIn ? ` ${job.startIn}` : ''), job.allowFailure ? 'allowed to fail' : ''].filter(Boolean);
  const when = notes.length > 0 ? ` <span class="when">${escapeHtml(notes.join(', '))}</span>` : '';
  return `<div class="job${job.when === 'manual' ? ' manual' : ''}" data-job="${escapeHtml(job.name)}">${escapeHtml(job.name)}${when}</div>`;
}

function list(kind: 'unpredicted' | 'missing', heading: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  return `<h3 class="${kind}">${escapeHtml(heading)}</h3><ul>${names.map((n) => `<li class="${kind}">${escapeHtml(n)}</li>`).join('')}</ul>`;
}

function comparisonHtml(c: PreviewComparison): string {
  const head = `<h3>Compared with ${escapeHtml(c.subject)}</h3>`;
  if (c.note !== undefined || !c.diff) return `<div class="diff">${head}<p class="meta">${escapeHtml(c.note ?? '')}</p></div>`;
  const { unpredicted, missing } = c.diff;
  const agree = unpredicted.length === 0 && missing.length === 0 ? '<p class="agree">GitLab created exactly the predicted jobs.</p>' : '';
  return `<div class="diff">${head}${agree}${list('unpredicted', 'Created by GitLab, not predicted', unpredicted)}${list('missing', 'Predicted, not created by GitLab', missing)}</div>`;
}

export function renderPreviewPage(input: PreviewPageInput): string {
  const csp = `default-src 'none'; style-src 'nonce-${input.nonce}'; script-src 'none';`;
  const stages = input.stages.map((s) => `<div class="stage"><h2>${escapeHtml(s.stage)}</h2>${s.jobs.map(jobHtml).join('')}</div>`).join('');
  const verdict = `<p class="verdict ${input.created ? 'created' : 'refused'}">${input.created ? 'Pipeline created' : 'No pipeline'}: ${escapeHtml(input.reason)}</p>`;
  const findings = input.findings.length > 0 ? `<h3>Findings</h3><ul>${input.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '';
  const validate = input.validateLink ? `<p><a href="${escapeHtml(input.validateLink)}">Validate with GitLab</a> <span class="meta">(a dry run on the ref, compared with this preview)</span></p>` : '';
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>Pipeline Preview</title><style nonce="${escapeHtml(input.nonce)}">${STYLE}</style></head>` +
    `<body><h1>${escapeHtml(input.title)}</h1>${verdict}<p class="meta">${escapeHtml(input.changesNote)}</p>` +
    `<div class="graph">${stages}</div>${findings}${input.comparisons.map(comparisonHtml).join('')}${validate}</body></html>`
  );
}
