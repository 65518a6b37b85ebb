import type { NodeMetrics, Track } from './scenarios';

/** One node's metrics in the Prometheus text exposition format (version 0.0.4). */
export function renderExposition(track: Track, m: NodeMetrics): string {
  const t = `track="${track}"`;
  return [
    '# HELP log_lines_total Log lines written, by level.',
    '# TYPE log_lines_total counter',
    ...(['error', 'warn', 'info'] as const).map((level) => `log_lines_total{level="${level}",${t}} ${m.lines[level]}`),
    '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total{${t}} ${m.cpuSeconds}`,
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes{${t}} ${m.residentBytes}`,
    '',
  ].join('\n');
}
