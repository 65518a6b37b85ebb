import { countLogLevels } from './countLogLevels';
import type { CanaryContext, HealthReading, HealthResult, HealthSource, HealthWindow, MetricReading, NodeSeries } from './healthSource';

/** One job's log and how long the job ran. */
export interface JobLog {
  readonly text: string;
  readonly durationSeconds: number;
}

/** The canary job being judged and the last successful canary run (absent on the first canary). */
export interface JobLogPair {
  readonly current: JobLog;
  readonly baseline?: JobLog;
}

export const JOB_LOG_SOURCE_ID = 'job-log';
export const JOB_LOG_BASELINE = 'last successful canary run';

const NO_RESOURCES = 'job logs carry no CPU or memory figures; configure Prometheus in .release-pilot.yml to compare them';

function rateSeries(node: string, count: number, log: JobLog, at: number): NodeSeries[] {
  return [{ node, samples: [{ t: at, v: count / log.durationSeconds }] }];
}

/**
 * Warn and error line rates of the canary job's log against the last successful canary run's,
 * as a reading: each log is one "node" with one sample (lines per second of job time). CPU and
 * memory are unknown. Pure.
 */
export function compareJobLogs(pair: JobLogPair, at = 0): HealthReading {
  const { current, baseline } = pair;
  const unknown = (reason: string): MetricReading => ({ status: 'unknown', reason });
  const rates = (level: 'error' | 'warn'): MetricReading => {
    if (!(current.durationSeconds > 0)) return unknown('the canary job has not run for any time yet');
    if (!baseline) return unknown('there is no earlier successful canary run to compare with');
    if (!(baseline.durationSeconds > 0)) return unknown('the last successful canary run has no duration');
    return {
      status: 'ok',
      canary: rateSeries('canary job', countLogLevels(current.text)[level], current, at),
      stable: rateSeries(JOB_LOG_BASELINE, countLogLevels(baseline.text)[level], baseline, at),
    };
  };
  return {
    source: JOB_LOG_SOURCE_ID,
    baseline: JOB_LOG_BASELINE,
    metrics: { errorRate: rates('error'), warnRate: rates('warn'), cpu: unknown(NO_RESOURCES), memory: unknown(NO_RESOURCES) },
  };
}

/** Fetches the two logs for a canary; the editor side implements it over the GitLab client. */
export type JobLogLoader = (context: CanaryContext, signal?: AbortSignal) => Promise<JobLogPair | undefined>;

/** The fallback source when nothing is configured: compares job logs (see {@link compareJobLogs}). */
export class JobLogSource implements HealthSource {
  readonly id = JOB_LOG_SOURCE_ID;

  constructor(private readonly load: JobLogLoader) {}

  async read(window: HealthWindow, context: CanaryContext, signal?: AbortSignal): Promise<HealthResult> {
    let pair: JobLogPair | undefined;
    try {
      pair = await this.load(context, signal);
    } catch (e) {
      return { kind: 'unknown', source: this.id, reason: `the canary job log could not be read (${e instanceof Error ? e.message : String(e)})` };
    }
    if (!pair) return { kind: 'unknown', source: this.id, reason: 'no canary job log is available yet' };
    return { kind: 'reading', reading: compareJobLogs(pair, window.end) };
  }
}
