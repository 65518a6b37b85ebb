/**
 * A small line chart of canary against its baseline over time, as an SVG string the canary
 * panel embeds inline (no scripts, no external resources, so the webview's strict CSP holds).
 * Pure.
 */
import type { Sample } from './healthSource';

export interface ChartLine {
  readonly label: string;
  readonly samples: readonly Sample[];
  /**
   * CSS class giving the line its colour: classes rather than colours because a strict CSP
   * refuses inline `style` attributes and SVG attributes cannot read theme variables.
   */
  readonly className: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  /** Formats axis values, e.g. `0.25 lines/s`. */
  readonly formatValue: (v: number) => string;
}

const PAD = { left: 8, right: 8, top: 22, bottom: 18 };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function finite(samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => Number.isFinite(s.t) && Number.isFinite(s.v));
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/**
 * The lines on shared axes (time across, value up, zero at the bottom). A line with a single
 * point is drawn as a dot; with no finite points at all the chart says so instead of drawing
 * an empty frame that could read as "nothing wrong".
 */
export function renderRateChart(lines: readonly ChartLine[], options: ChartOptions): string {
  const width = options.width ?? 320;
  const height = options.height ?? 120;
  const title = escapeXml(options.title);
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`;
  const heading = `<text x="${PAD.left}" y="14" class="chart-title">${title}</text>`;
  const points = lines.map((l) => ({ line: l, samples: finite(l.samples) }));
  const all = points.flatMap((p) => p.samples);
  if (all.length === 0) {
    return `${open}${heading}<text x="${width / 2}" y="${height / 2 + 8}" text-anchor="middle" class="chart-empty">no samples</text></svg>`;
  }
  const t0 = Math.min(...all.map((s) => s.t));
  const t1 = Math.max(...all.map((s) => s.t));
  const top = Math.max(...all.map((s) => s.v), 0);
  const vMax = top > 0 ? top * 1.1 : 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t: number): number => PAD.left + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number): number => PAD.top + plotH - (Math.max(v, 0) / vMax) * plotH;
  const frame = `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${PAD.left + plotW}" y2="${PAD.top + plotH}" class="chart-axis"/>`;
  const scale = `<text x="${width - PAD.right}" y="14" text-anchor="end" class="chart-scale">max ${escapeXml(options.formatValue(top))}</text>`;
  const span = `<text x="${PAD.left}" y="${height - 4}" class="chart-scale">${escapeXml(spanText(t1 - t0))}</text>`;
  const drawn = points.map(({ line, samples }) => {
    const cls = `class="${escapeXml(line.className)}"`;
    const label = `<title>${escapeXml(line.label)}</title>`;
    if (samples.length === 0) return '';
    if (samples.length === 1) {
      const s = samples[0]!;
      return `<circle cx="${round(x(s.t))}" cy="${round(y(s.v))}" r="3" ${cls}>${label}</circle>`;
    }
    const d = [...samples].sort((a, b) => a.t - b.t).map((s, i) => `${i === 0 ? 'M' : 'L'}${round(x(s.t))},${round(y(s.v))}`).join(' ');
    return `<path d="${d}" fill="none" stroke-width="1.5" ${cls}>${label}</path>`;
  });
  return `${open}${heading}${scale}${frame}${drawn.join('')}${span}</svg>`;
}

function spanText(seconds: number): string {
  if (seconds <= 0) return 'one reading';
  if (seconds < 120) return `last ${Math.round(seconds)} s`;
  return `last ${Math.round(seconds / 60)} min`;
}
