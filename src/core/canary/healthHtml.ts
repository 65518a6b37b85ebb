/**
 * The Canary Health panel's page: verdict, explanation, the numbers (canary vs baseline, ratio)
 * and one chart per metric. Pure, so its escaping and its CSP are unit-tested. The page runs no
 * script at all; the only inline stylesheet carries the nonce.
 */
import type { CanaryHealthReport, MetricAssessment } from './analyzeCanaryHealth';
import type { Verdict } from './thresholds';
import { formatRatio, formatValue } from './formatValue';
import { healthSummary } from './healthSummary';
import { escapeXml, renderRateChart } from './rateChart';

export interface HealthPageInput {
  /** Absent before the first check: the page then says how to run one. */
  readonly report?: CanaryHealthReport;
  /** What was judged, e.g. `group/project · pipeline #123 · canary job #456`. */
  readonly subject: string;
  /** When the check ran, already formatted for the reader. */
  readonly checkedAt?: string;
  /** Set while a check is running. */
  readonly checking?: boolean;
  readonly nonce: string;
  readonly cspSource: string;
}

const VERDICT_ICON: Readonly<Record<Verdict, string>> = { healthy: '✔', suspect: '⚠', failing: '✖', unknown: '?' };

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 12px; }
.verdict { font-size: 1.4em; font-weight: 600; margin: 12px 0 4px; }
.verdict.healthy { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.verdict.suspect { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow)); }
.verdict.failing { color: var(--vscode-editorError-foreground, var(--vscode-charts-red)); }
.verdict.unknown { color: var(--vscode-descriptionForeground); }
.meta { color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
table { border-collapse: collapse; margin: 8px 0 12px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.chart-title, .chart-scale, .chart-empty { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.chart-axis { stroke: var(--vscode-panel-border, #888); }
path.line-canary, circle.line-canary { stroke: var(--vscode-charts-orange, #e8912d); }
path.line-stable, circle.line-stable { stroke: var(--vscode-charts-blue, #3794ff); }
circle.line-canary { fill: var(--vscode-charts-orange, #e8912d); }
circle.line-stable { fill: var(--vscode-charts-blue, #3794ff); }
.legend .canary { color: var(--vscode-charts-orange, #e8912d); }
.legend .stable { color: var(--vscode-charts-blue, #3794ff); }
`;

function cell(value: number | undefined, m: MetricAssessment): string {
  return value === undefined ? '—' : escapeXml(formatValue(value, m.unit));
}

function row(m: MetricAssessment): string {
  const ratio = m.ratio === undefined ? '—' : escapeXml(formatRatio(m.ratio));
  const verdict = m.verdict === 'unknown' ? `unknown: ${m.reason ?? 'no data'}` : m.verdict;
  return `<tr data-metric="${m.metric}"><td>${escapeXml(m.label)}</td><td class="num">${cell(m.canaryValue, m)}</td><td class="num">${cell(m.stableValue, m)}</td><td class="num">${ratio}</td><td>${VERDICT_ICON[m.verdict]} ${escapeXml(verdict)}</td></tr>`;
}

function chart(m: MetricAssessment): string {
  return renderRateChart(
    [
      { label: 'canary (per node)', samples: m.canary?.samples ?? [], className: 'line-canary' },
      { label: 'baseline (per node)', samples: m.stable?.samples ?? [], className: 'line-stable' },
    ],
    { title: m.label, formatValue: (v) => formatValue(v, m.unit) },
  );
}

function body(input: HealthPageInput): string {
  const { report } = input;
  const subject = `<p class="meta">${escapeXml(input.subject)}${input.checkedAt ? ` · checked ${escapeXml(input.checkedAt)}` : ''}${input.checking ? ' · checking…' : ''}</p>`;
  if (!report) {
    return `<h1 class="verdict unknown">Canary health not checked yet</h1>${subject}<p>Run "Release Pilot: Check Canary Health", or start a canary job: it is checked while it runs.</p>`;
  }
  const table =
    `<table><thead><tr><th>Metric</th><th>Canary</th><th>${escapeXml(capitalise(report.baseline))}</th><th>Ratio</th><th>Verdict</th></tr></thead>` +
    `<tbody>${report.metrics.map(row).join('')}</tbody></table>`;
  const legend = `<p class="legend"><span class="canary">━ canary</span> · <span class="stable">━ ${escapeXml(report.baseline)}</span> · per node, source: ${escapeXml(report.source)}</p>`;
  const charts = report.metrics.some((m) => m.canary || m.stable) ? `${legend}<div class="charts">${report.metrics.filter((m) => m.canary || m.stable).map(chart).join('')}</div>` : '';
  return (
    `<h1 class="verdict ${report.verdict}">${VERDICT_ICON[report.verdict]} Canary ${report.verdict}</h1>${subject}` +
    `<p class="summary">${escapeXml(healthSummary(report))}</p><p class="explanation">${escapeXml(report.explanation)}</p>${table}${charts}`
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function renderHealthPage(input: HealthPageInput): string {
  const csp = `default-src 'none'; img-src ${input.cspSource} data:; style-src 'nonce-${input.nonce}'; script-src 'none';`;
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '&quot;')}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>Canary Health</title><style nonce="${escapeXml(input.nonce)}">${STYLE}</style></head>` +
    `<body>${body(input)}</body></html>`
  );
}
