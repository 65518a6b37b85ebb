/**
 * The test service's metrics as a recorded history: every node of every scenario, sampled every
 * `stepSeconds` between `fromSeconds` and `toSeconds` (epoch seconds), with the sample times
 * written out, in the OpenMetrics text that `promtool tsdb create-blocks-from openmetrics`
 * loads. A Prometheus holding it answers queries over that span exactly, whenever the test runs:
 * nothing depends on how long a real scrape took.
 */
import type { ScenarioName, Track } from './scenarios';
import { PROFILES, metricsAt } from './scenarios';

/** One simulated node of the history; `instance` is the label that tells nodes apart. */
export interface HistoryNode {
  readonly scenario: ScenarioName;
  readonly track: Track;
  readonly instance: string;
}

export interface HistoryOptions {
  readonly scenarios: readonly ScenarioName[];
  /** When the service started (counters at 0) and the first sample, epoch seconds. */
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly stepSeconds: number;
  readonly canaryNodes?: number;
  readonly stableNodes?: number;
}

export function historyNodes(options: Pick<HistoryOptions, 'scenarios' | 'canaryNodes' | 'stableNodes'>): HistoryNode[] {
  const nodes: HistoryNode[] = [];
  for (const scenario of options.scenarios) {
    for (const [track, count] of [['canary', options.canaryNodes ?? 2], ['stable', options.stableNodes ?? 3]] as const) {
      for (let index = 1; index <= count; index++) nodes.push({ scenario, track, instance: `${scenario}-${track}-${index}` });
    }
  }
  return nodes;
}

/** The history as OpenMetrics text: one family at a time, each series' samples in time order. */
export function renderHistory(options: HistoryOptions): string {
  const nodes = historyNodes(options);
  const times: number[] = [];
  for (let t = options.fromSeconds; t <= options.toSeconds; t += options.stepSeconds) times.push(t);
  const labels = (node: HistoryNode, extra = ''): string => `{job="canary-service",instance="${node.instance}",scenario="${node.scenario}",track="${node.track}"${extra}}`;
  const at = (node: HistoryNode, t: number) => metricsAt(PROFILES[node.scenario][node.track], t - options.fromSeconds);
  const lines: string[] = ['# TYPE log_lines counter'];
  for (const node of nodes) {
    for (const level of ['error', 'warn', 'info'] as const) {
      for (const t of times) lines.push(`log_lines_total${labels(node, `,level="${level}"`)} ${at(node, t).lines[level]} ${t}`);
    }
  }
  lines.push('# TYPE process_cpu_seconds counter');
  for (const node of nodes) for (const t of times) lines.push(`process_cpu_seconds_total${labels(node)} ${at(node, t).cpuSeconds} ${t}`);
  lines.push('# TYPE process_resident_memory_bytes gauge');
  for (const node of nodes) for (const t of times) lines.push(`process_resident_memory_bytes${labels(node)} ${at(node, t).residentBytes} ${t}`);
  lines.push('# EOF', '');
  return lines.join('\n');
}
