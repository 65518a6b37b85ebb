import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import type { CanaryContext, HealthMetric, HealthResult, HealthSource, HealthWindow, MetricReading } from './healthSource';
import { HEALTH_METRICS } from './healthSource';
import type { FetchLike, PromOutcome, PromMatrixSeries, PrometheusAuth } from './prometheusClient';
import { PrometheusClient } from './prometheusClient';
import type { TrackLabels } from './prometheusQueries';
import { DEFAULT_QUERIES, DEFAULT_TRACK_LABELS, expandQuery, parsePromDuration } from './prometheusQueries';
import { splitByTrack } from './splitByTrack';
import { METRIC_INFO } from './thresholds';
import { trimWarmup } from './trimWarmup';

export interface PrometheusSourceOptions {
  /** Base URL of the Prometheus server (or of a compatible API: Thanos, Mimir, VictoriaMetrics). */
  readonly url: string;
  readonly fetch: FetchLike;
  /** From the user's settings / SecretStorage, never from the repository. */
  readonly auth?: PrometheusAuth;
  readonly labels?: Partial<TrackLabels>;
  /** Replacements for {@link DEFAULT_QUERIES}, per metric. */
  readonly queries?: Partial<Record<HealthMetric, string>>;
  /** Extra label matchers put in every default query, e.g. `app="shop",namespace="prod"`. */
  readonly selector?: string;
  /** `rate()` range (default `1m`); at least two scrape intervals. */
  readonly rateWindow?: string;
  /** Points each track needs in the window before it is judged (default 2). */
  readonly minSamples?: number;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** Prometheus refuses ranges with more points than this. */
const MAX_POINTS = 11_000;

/** Failures that make every query fail the same way: reported once, for the whole source. */
const WHOLE_SOURCE_FAILURES = new Set(['unreachable', 'unauthorized']);

/** Canary health from Prometheus: one range query per metric, split by the track label. */
export class PrometheusSource implements HealthSource {
  readonly id = 'prometheus';
  private readonly client: PrometheusClient;
  private readonly labels: TrackLabels;
  private readonly logger: Logger;

  constructor(private readonly options: PrometheusSourceOptions) {
    this.client = new PrometheusClient({ url: options.url, fetch: options.fetch, ...(options.auth ? { auth: options.auth } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
    this.labels = { ...DEFAULT_TRACK_LABELS, ...options.labels };
    this.logger = options.logger ?? silentLogger;
  }

  /** The PromQL sent for a metric, placeholders filled (for display and for "open in Prometheus"). */
  queryFor(metric: HealthMetric): string {
    const template = this.options.queries?.[metric] ?? DEFAULT_QUERIES[metric];
    return expandQuery(template, { labels: this.labels, rateWindow: this.options.rateWindow ?? '1m', selector: this.options.selector ?? '' });
  }

  async read(window: HealthWindow, _context: CanaryContext, signal?: AbortSignal): Promise<HealthResult> {
    if (!(window.end > window.start) || !(window.stepSeconds > 0)) {
      return { kind: 'unknown', source: this.id, reason: 'the time window is empty' };
    }
    const step = Math.max(window.stepSeconds, (window.end - window.start) / MAX_POINTS);
    const outcomes = await Promise.all(
      HEALTH_METRICS.map(async (metric) => [metric, await this.client.queryRange(this.queryFor(metric), window.start, window.end, step, signal)] as const),
    );
    const failures = outcomes.flatMap(([, o]) => (o.ok ? [] : [o]));
    const first = failures[0];
    if (first && failures.length === outcomes.length && WHOLE_SOURCE_FAILURES.has(first.kind)) {
      this.logger.warn(`canary health: ${first.reason}`);
      return { kind: 'unknown', source: this.id, reason: first.reason };
    }
    const metrics = Object.fromEntries(outcomes.map(([metric, outcome]) => [metric, this.toReading(metric, outcome, window.start, step)])) as Record<HealthMetric, MetricReading>;
    return { kind: 'reading', reading: { source: this.id, baseline: 'stable nodes', metrics } };
  }

  private toReading(metric: HealthMetric, outcome: PromOutcome<PromMatrixSeries[]>, start: number, step: number): MetricReading {
    if (!outcome.ok) {
      this.logger.warn(`canary health: ${METRIC_INFO[metric].label}: ${outcome.reason}`);
      return { status: 'unknown', reason: outcome.reason };
    }
    for (const warning of outcome.warnings) this.logger.info(`canary health: Prometheus warns about ${metric}: ${warning}`);
    const rateWindow = parsePromDuration(this.options.rateWindow ?? '1m');
    const series = METRIC_INFO[metric].compareBy === 'mean' && rateWindow ? trimWarmup(outcome.data, start, step, rateWindow) : outcome.data;
    return splitByTrack(series, this.labels, this.options.minSamples ?? 2);
  }
}
