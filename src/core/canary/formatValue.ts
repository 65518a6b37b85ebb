import type { MetricInfo } from './thresholds';

const MIB = 1024 * 1024;

/** A metric value with its unit, as explanations and the chart's axis show it. */
export function formatValue(value: number, unit: MetricInfo['unit']): string {
  switch (unit) {
    case 'lines/s':
      return `${value.toFixed(2)} lines/s`;
    case 'cores':
      return `${value.toFixed(3)} cores`;
    case 'bytes':
      return `${(value / MIB).toFixed(1)} MiB`;
  }
}

export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
