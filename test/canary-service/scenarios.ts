/**
 * What the test service reports, as deterministic functions of the seconds since it started:
 * the same inputs always give the same numbers, so tests can predict Prometheus' answers.
 */

export type Track = 'canary' | 'stable';
export type ScenarioName = 'healthy' | 'error-spike' | 'memory-leak';

export const SCENARIOS: readonly ScenarioName[] = ['healthy', 'error-spike', 'memory-leak'];

/** One node's counters and gauges at a moment. */
export interface NodeMetrics {
  /** Log lines written so far, by level (counters). */
  readonly lines: Readonly<Record<'error' | 'warn' | 'info', number>>;
  readonly cpuSeconds: number;
  readonly residentBytes: number;
}

/** Per-node rates and memory of one track; memory may grow linearly. */
export interface TrackProfile {
  readonly errorPerSecond: number;
  readonly warnPerSecond: number;
  readonly infoPerSecond: number;
  readonly cpuCores: number;
  readonly memoryBytes: number;
  readonly memoryGrowthBytesPerSecond: number;
}

export const MIB = 1024 * 1024;

const STABLE: TrackProfile = { errorPerSecond: 0.2, warnPerSecond: 1, infoPerSecond: 10, cpuCores: 0.05, memoryBytes: 100 * MIB, memoryGrowthBytesPerSecond: 0 };

/** The three scenarios: canary a little different but fine, canary throwing errors, canary leaking memory. */
export const PROFILES: Readonly<Record<ScenarioName, Readonly<Record<Track, TrackProfile>>>> = {
  healthy: { canary: { ...STABLE, errorPerSecond: 0.25, memoryBytes: 110 * MIB }, stable: STABLE },
  'error-spike': { canary: { ...STABLE, errorPerSecond: 4, warnPerSecond: 1.5 }, stable: STABLE },
  'memory-leak': { canary: { ...STABLE, memoryGrowthBytesPerSecond: 4 * MIB }, stable: STABLE },
};

/** A node's metrics `elapsedSeconds` after the service started. Counters grow linearly from 0. */
export function metricsAt(profile: TrackProfile, elapsedSeconds: number): NodeMetrics {
  const t = Math.max(0, elapsedSeconds);
  return {
    lines: { error: profile.errorPerSecond * t, warn: profile.warnPerSecond * t, info: profile.infoPerSecond * t },
    cpuSeconds: profile.cpuCores * t,
    residentBytes: Math.round(profile.memoryBytes + profile.memoryGrowthBytesPerSecond * t),
  };
}
