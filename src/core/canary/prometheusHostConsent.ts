/**
 * A workspace may name the Prometheus the canary check asks (`releasePilot.canary.prometheusUrl`
 * in its settings, `canary.prometheus.url` in `.release-pilot.yml`): a repository could send the
 * queries, with the person's stored credentials and the project's labels, to a host of its
 * choosing. So a host the workspace names is asked about once, the answer remembered per host
 * (in the editor's global memory, outside any repository), and nothing is sent before a yes.
 */
import type { Asker } from '../asker';
import { checkPrometheusUrl } from './canaryConfig';
import type { CanaryConfig } from './parseReleasePilotConfig';

/** Who chose the URL in effect: the person (user settings) or the workspace (its settings or files). */
export type PrometheusUrlOrigin = 'user' | 'workspace';

export interface ConsentMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface ConsentOutcome {
  /** The configuration to check with: unchanged, or the job-log fallback when the host was not allowed. */
  readonly config: CanaryConfig;
  /** Why Prometheus was not asked, in words for the log and the report. */
  readonly problem?: string;
}

/** The memory key of a host's answer: scheme, host and port, so http and https are separate answers. */
export function prometheusHostKey(origin: string): string {
  return `releasePilot.prometheusHostAllowed:${origin}`;
}

export class PrometheusHostConsent {
  /** One question per host at a time, however many checks want the answer. */
  private readonly asking = new Map<string, Promise<boolean>>();
  /** Hosts the person said no to in this session. */
  private readonly refused = new Set<string>();

  constructor(private readonly memory: ConsentMemory, private readonly ask: Asker) {}

  /** The config to use: Prometheus only when its URL is http(s) and its host was chosen or allowed by the person. */
  async apply(config: CanaryConfig, origin: PrometheusUrlOrigin): Promise<ConsentOutcome> {
    const url = config.prometheus?.url;
    if (!url) return { config };
    const fallback = (problem: string): ConsentOutcome => ({ config: { source: 'job-log', thresholds: config.thresholds }, problem });
    const checked = checkPrometheusUrl(url);
    if ('problem' in checked) return fallback(`Prometheus was not asked: ${checked.problem}`);
    if (origin === 'user') return { config };
    const host = new URL(checked.url).origin;
    const allowed = await this.allowed(host);
    return allowed ? { config } : fallback(`Prometheus at ${host} was not asked: the workspace named it and it was not allowed (job logs were read instead).`);
  }

  private allowed(host: string): Promise<boolean> {
    const key = prometheusHostKey(host);
    if (this.memory.get<boolean>(key) === true) return Promise.resolve(true);
    if (this.refused.has(host)) return Promise.resolve(false);
    const pending = this.asking.get(host);
    if (pending) return pending;
    const question = this.ask
      .confirm({
        message: `This workspace asks Release Pilot to query Prometheus at ${host} for canary health. Allow queries to ${host}?`,
        detail: [
          'The address comes from the workspace (releasePilot.canary.prometheusUrl in its settings, or .release-pilot.yml), not from your user settings.',
          `Queries name the project's jobs and environments, and carry the Prometheus credentials you set for that address. Nothing has been sent to ${host} yet.`,
          'A yes is remembered for this host in every workspace; a no until the window closes.',
        ].join('\n'),
        confirm: `Allow ${host}`,
      })
      .then(async (yes) => {
        // A yes is kept for good; a no only for this session, so automatic checks do not ask
        // again and again, while a later window can still be allowed.
        if (yes) await this.memory.update(key, true);
        else this.refused.add(host);
        return yes;
      })
      .finally(() => this.asking.delete(host));
    this.asking.set(host, question);
    return question;
  }
}
