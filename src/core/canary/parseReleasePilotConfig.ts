import type { Node as YamlNode } from 'yaml';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Diagnostic, Range } from '../diagnostic';
import { ZERO_RANGE } from '../diagnostic';
import type { HealthMetric } from './healthSource';
import type { TrackLabels } from './prometheusQueries';
import { DEFAULT_TRACK_LABELS } from './prometheusQueries';
import type { FieldSpec } from './configSchema';
import { CONFIG_SCHEMA, SECRET_KEY, SECRET_VALUE } from './configSchema';
import type { HealthThresholds } from './thresholds';
import { withThresholds } from './thresholds';

export const RELEASE_PILOT_CONFIG_FILE = '.release-pilot.yml';

export interface PrometheusConfig {
  readonly url: string;
  readonly selector: string;
  readonly rateWindow: string;
  readonly minSamples: number;
  readonly labels: TrackLabels;
  /** Only the queries the file replaces. */
  readonly queries: Partial<Record<HealthMetric, string>>;
}

export interface CanaryConfig {
  readonly source: 'prometheus' | 'job-log';
  /** Present exactly when `source` is `prometheus`. */
  readonly prometheus?: PrometheusConfig;
  readonly thresholds: HealthThresholds;
}

export interface ReleasePilotConfig {
  readonly canary: CanaryConfig;
}

/** What applies when the project has no `.release-pilot.yml`: the job-log fallback, default thresholds. */
export const DEFAULT_RELEASE_PILOT_CONFIG: ReleasePilotConfig = { canary: { source: 'job-log', thresholds: withThresholds(undefined) } };

export interface ParsedReleasePilotConfig {
  /** Always usable: bad or secret entries are dropped and defaults fill in. */
  readonly config: ReleasePilotConfig;
  readonly diagnostics: readonly Diagnostic[];
}

/** Stable codes of the findings below. */
export type ConfigCode = 'config-yaml' | 'config-secret' | 'config-unknown-key' | 'config-type' | 'config-value';

const SECRET_ADVICE =
  '.release-pilot.yml is committed with the code, so it must not hold credentials: set them with "Release Pilot: Set Prometheus Credentials" ' +
  '(kept in the editor\'s secret storage). This entry is ignored.';

class Walker {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly lines: LineCounter) {}

  range(node: YamlNode | null | undefined): Range {
    const r = node?.range;
    if (!r) return ZERO_RANGE;
    const at = (offset: number) => {
      const p = this.lines.linePos(offset);
      return { line: p.line - 1, character: p.col - 1 };
    };
    return { start: at(r[0]), end: at(r[1]) };
  }

  report(code: ConfigCode, message: string, node: YamlNode | null | undefined, severity: Diagnostic['severity'] = 'error'): void {
    this.diagnostics.push({ severity, code, message, range: this.range(node) });
  }

  /** Plain value of `node` checked against `spec`, or undefined when it is wrong (and reported). */
  value(node: YamlNode | null | undefined, spec: FieldSpec, path: string): unknown {
    if (spec.type === 'map') return this.map(node, spec, path);
    if (!isScalar(node)) {
      this.report('config-type', `\`${path}\` must be a single value, not a ${isSeq(node) ? 'list' : 'mapping'}.`, node);
      return undefined;
    }
    const v = node.value;
    if (typeof v === 'string' && SECRET_VALUE.test(v)) {
      this.report('config-secret', `\`${path}\` looks like a credential. ${SECRET_ADVICE}`, node);
      return undefined;
    }
    switch (spec.type) {
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.min || (spec.integer === true && !Number.isInteger(v))) {
          this.report('config-value', `\`${path}\` must be ${spec.integer ? 'a whole number' : 'a number'} of at least ${spec.min}.`, node);
          return undefined;
        }
        return v;
      case 'enum':
        if (typeof v !== 'string' || !spec.values.includes(v)) {
          this.report('config-value', `\`${path}\` must be one of ${spec.values.join(', ')}.`, node);
          return undefined;
        }
        return v;
      case 'url':
        return this.url(node, v, path);
      case 'string':
        if (typeof v !== 'string' || (spec.pattern && !spec.pattern.test(v))) {
          this.report('config-value', `\`${path}\` must be ${spec.hint ?? 'a string'}.`, node);
          return undefined;
        }
        return v;
    }
  }

  private url(node: YamlNode, v: unknown, path: string): string | undefined {
    let parsed: URL | undefined;
    try {
      parsed = typeof v === 'string' ? new URL(v) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      this.report('config-value', `\`${path}\` must be an http:// or https:// URL.`, node);
      return undefined;
    }
    if (parsed.username || parsed.password) {
      this.report('config-secret', `\`${path}\` carries a user name or password. ${SECRET_ADVICE}`, node);
      return undefined;
    }
    return parsed.toString().replace(/\/$/, '');
  }

  private map(node: YamlNode | null | undefined, spec: Extract<FieldSpec, { type: 'map' }>, path: string): Record<string, unknown> | undefined {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return {};
    if (!isMap(node)) {
      this.report('config-type', `\`${path || 'the file'}\` must be a mapping.`, node);
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const full = path ? `${path}.${key}` : key;
      if (SECRET_KEY.test(key)) {
        this.report('config-secret', `\`${full}\` looks like a secret. ${SECRET_ADVICE}`, keyNode);
        continue;
      }
      const child = spec.fields[key];
      if (!child) {
        if (!spec.open) this.report('config-unknown-key', `Unknown key \`${full}\`; expected ${Object.keys(spec.fields).join(', ')}.`, keyNode, 'warning');
        continue;
      }
      const value = this.value(pair.value as YamlNode | null, child, full);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
}

type Plain = Record<string, unknown>;

function section(value: unknown, key: string): Plain {
  const child = (value as Plain | undefined)?.[key];
  return typeof child === 'object' && child !== null ? (child as Plain) : {};
}

/**
 * Reads `.release-pilot.yml`. Never throws: problems come back as diagnostics (secrets are
 * errors and are dropped), and the config falls back to defaults wherever the file is wrong.
 */
export function parseReleasePilotConfig(text: string): ParsedReleasePilotConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const walker = new Walker(lines);
  for (const e of doc.errors) {
    const at = lines.linePos(e.pos[0]);
    const start = { line: at.line - 1, character: at.col - 1 };
    walker.diagnostics.push({ severity: 'error', code: 'config-yaml', message: e.message.split('\n')[0] ?? e.message, range: { start, end: start } });
  }
  if (doc.errors.length > 0) return { config: DEFAULT_RELEASE_PILOT_CONFIG, diagnostics: walker.diagnostics };
  const nodeAt = (...path: string[]): YamlNode | null => (doc.getIn(path, true) as YamlNode | undefined) ?? doc.contents;
  const plain = walker.value(doc.contents, CONFIG_SCHEMA, '') ?? {};
  const canary = section(plain, 'canary');
  const prom = section(canary, 'prometheus');
  const thresholds = withThresholds(section(canary, 'thresholds'));
  for (const name of Object.keys(thresholds) as (keyof HealthThresholds)[]) {
    const limits = thresholds[name];
    if (limits.suspect > limits.failing) {
      walker.report('config-value', `\`canary.thresholds.${name}\`: suspect (${limits.suspect}) must not exceed failing (${limits.failing}).`, nodeAt('canary', 'thresholds', name));
    }
  }
  const url = typeof prom['url'] === 'string' ? prom['url'] : undefined;
  const wanted = canary['source'] ?? (url ? 'prometheus' : 'job-log');
  if (wanted === 'prometheus' && !url) walker.report('config-value', '`canary.source` is prometheus but `canary.prometheus.url` is missing or invalid; the job-log fallback is used.', nodeAt('canary', 'source'));
  const prometheus: PrometheusConfig | undefined =
    wanted === 'prometheus' && url
      ? {
          url,
          selector: (prom['selector'] as string | undefined) ?? '',
          rateWindow: (prom['rateWindow'] as string | undefined) ?? '1m',
          minSamples: (prom['minSamples'] as number | undefined) ?? 2,
          labels: { ...DEFAULT_TRACK_LABELS, ...section(prom, 'labels') },
          queries: section(prom, 'queries'),
        }
      : undefined;
  const config: ReleasePilotConfig = { canary: prometheus ? { source: 'prometheus', prometheus, thresholds } : { source: 'job-log', thresholds } };
  return { config, diagnostics: walker.diagnostics };
}
