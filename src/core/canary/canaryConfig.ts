/** The canary settings that apply to one repository: `.release-pilot.yml`, then the editor's overrides. Pure. */
import type { CanaryConfig, ReleasePilotConfig } from './parseReleasePilotConfig';
import { DEFAULT_TRACK_LABELS } from './prometheusQueries';

/** Editor settings (`releasePilot.canary.*`) that change what the file says. */
export interface CanarySettings {
  /** Prometheus to ask instead of (or when the file names none) the file's. */
  readonly prometheusUrl?: string;
}

/** A usable Prometheus URL: http(s), no credentials in it (they belong in the secret storage). */
export function checkPrometheusUrl(text: string): { readonly url: string } | { readonly problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    return { problem: `"${text}" is not a URL.` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: 'The Prometheus URL must start with http:// or https://.' };
  if (parsed.username || parsed.password) return { problem: 'Leave credentials out of the URL: set them with "Release Pilot: Set Prometheus Credentials".' };
  return { url: parsed.toString().replace(/\/$/, '') };
}

/**
 * The file's canary config with the settings applied: a Prometheus URL from settings switches
 * the source to Prometheus (keeping the file's queries, labels and selector when it has them).
 * An unusable URL is ignored and reported in `problems`.
 */
export function effectiveCanaryConfig(file: ReleasePilotConfig, settings: CanarySettings): { readonly config: CanaryConfig; readonly problems: readonly string[] } {
  const override = settings.prometheusUrl?.trim();
  if (!override) return { config: file.canary, problems: [] };
  const checked = checkPrometheusUrl(override);
  if ('problem' in checked) return { config: file.canary, problems: [`releasePilot.canary.prometheusUrl: ${checked.problem}`] };
  const base = file.canary.prometheus ?? { selector: '', rateWindow: '1m', minSamples: 2, labels: DEFAULT_TRACK_LABELS, queries: {} };
  return { config: { ...file.canary, source: 'prometheus', prometheus: { ...base, url: checked.url } }, problems: [] };
}

/** Key under which Prometheus credentials are kept in the secret storage: one set per server. */
export function prometheusSecretKey(url: string): string {
  return `releasePilot.prometheus:${url.replace(/\/$/, '')}`;
}
