/**
 * Which deployment jobs are the canary and which the production gate. GitLab has no such
 * notion: teams name stages, environments and tiers their own way, so the decision is a list
 * of patterns (first match wins) that settings can replace. Canary rules come first because
 * a canary environment often carries the production tier.
 */
import type { JobEnvironment } from '../../lanes/jobDeployment';
import type { GateKind } from '../../lanes/lanes';
import { compileSettingRegex } from '../../safeRegex';

/** One rule as written in settings: every field given must match (regexes, case-insensitive). */
export interface GatePatternSetting {
  readonly kind: GateKind;
  readonly environment?: string;
  readonly tier?: string;
  readonly stage?: string;
  readonly job?: string;
}

export interface GatePattern {
  readonly kind: GateKind;
  readonly environment?: RegExp;
  /** Exact tier name. */
  readonly tier?: string;
  readonly stage?: RegExp;
  readonly job?: RegExp;
}

export const DEFAULT_GATE_PATTERNS: readonly GatePatternSetting[] = [
  { kind: 'canary', environment: 'canary' },
  { kind: 'canary', stage: 'canary' },
  { kind: 'production', tier: 'production' },
  { kind: 'production', environment: '\\bprod(uction)?\\b' },
  { kind: 'production', stage: '\\bprod(uction)?\\b' },
];

export interface CompiledPatterns {
  readonly patterns: readonly GatePattern[];
  /** Rules that were skipped, in words for the log. */
  readonly problems: readonly string[];
}

const KINDS: ReadonlySet<string> = new Set<GateKind>(['canary', 'production']);
const FIELDS = ['environment', 'stage', 'job'] as const;

/** Turns the setting (anything a user typed) into rules; an empty or absent setting means the defaults. */
export function compileGatePatterns(setting: unknown): CompiledPatterns {
  const raw = Array.isArray(setting) && setting.length > 0 ? setting : DEFAULT_GATE_PATTERNS;
  const patterns: GatePattern[] = [];
  const problems: string[] = [];
  raw.forEach((entry: unknown, index) => {
    const rule = entry as Record<string, unknown> | null;
    if (!rule || typeof rule !== 'object' || typeof rule['kind'] !== 'string' || !KINDS.has(rule['kind'])) {
      problems.push(`gate pattern ${index + 1}: "kind" must be "canary" or "production"`);
      return;
    }
    const compiled: { -readonly [K in keyof GatePattern]: GatePattern[K] } = { kind: rule['kind'] as GateKind };
    for (const field of FIELDS) {
      const source = rule[field];
      if (source === undefined) continue;
      const result = compileSettingRegex(source, 'i');
      if (!result.ok) {
        problems.push(`gate pattern ${index + 1}: ${field} ${JSON.stringify(source).slice(0, 80)} ${result.problem}`);
        return;
      }
      compiled[field] = result.regex;
    }
    if (typeof rule['tier'] === 'string') compiled.tier = rule['tier'].toLowerCase();
    if (!compiled.environment && !compiled.stage && !compiled.job && !compiled.tier) {
      problems.push(`gate pattern ${index + 1}: give at least one of environment, tier, stage, job`);
      return;
    }
    patterns.push(compiled);
  });
  return { patterns, problems };
}

/** The gate kind of a job, or undefined when it is neither canary nor production. */
export function classifyJob(
  job: { readonly name: string; readonly stage: string },
  environment: JobEnvironment | undefined,
  patterns: readonly GatePattern[],
): GateKind | undefined {
  const matches = (p: GatePattern): boolean =>
    (!p.environment || (environment !== undefined && p.environment.test(environment.name)))
    && (!p.tier || environment?.tier?.toLowerCase() === p.tier)
    && (!p.stage || p.stage.test(job.stage))
    && (!p.job || p.job.test(job.name));
  return patterns.find(matches)?.kind;
}
