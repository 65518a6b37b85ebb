import type { Logger } from '../logger';
import type { HealthSource } from './healthSource';
import type { JobLogLoader } from './jobLogSource';
import { JobLogSource } from './jobLogSource';
import type { CanaryConfig } from './parseReleasePilotConfig';
import type { FetchLike, PrometheusAuth } from './prometheusClient';
import { PrometheusSource } from './prometheusSource';

/** Collaborators a source may need; the editor passes the real ones, tests pass doubles. */
export interface HealthSourceDeps {
  readonly fetch: FetchLike;
  /** Prometheus credentials from SecretStorage, if the user set any. */
  readonly prometheusAuth?: PrometheusAuth;
  /** Loads the canary job's log and the last successful canary run's (job-log fallback). */
  readonly loadJobLogs: JobLogLoader;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

/** The source a project's canary config asks for. */
export function createHealthSource(config: CanaryConfig, deps: HealthSourceDeps): HealthSource {
  const prom = config.prometheus;
  if (config.source === 'prometheus' && prom) {
    return new PrometheusSource({
      url: prom.url,
      fetch: deps.fetch,
      labels: prom.labels,
      queries: prom.queries,
      selector: prom.selector,
      rateWindow: prom.rateWindow,
      minSamples: prom.minSamples,
      ...(deps.prometheusAuth ? { auth: deps.prometheusAuth } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    });
  }
  return new JobLogSource(deps.loadJobLogs);
}
