/**
 * Which group an environment is shown in: dev, production/canary, production, review apps and
 * the rest. One table; the first rule that matches decides, so review apps (`review/*`) are
 * never mistaken for dev by their tier, and a canary is not production although its tier may be.
 */
import type { Environment } from '../gitlab/models';

export type EnvironmentGroupId = 'dev' | 'canary' | 'production' | 'review' | 'other';

interface GroupRule {
  readonly group: EnvironmentGroupId;
  readonly matches: (env: Pick<Environment, 'name' | 'tier'>) => boolean;
}

const lastPart = (name: string): string => name.slice(name.lastIndexOf('/') + 1).toLowerCase();

/** Tested in this order. */
export const GROUP_RULES: readonly GroupRule[] = [
  { group: 'review', matches: (e) => /^review\//i.test(e.name) },
  { group: 'canary', matches: (e) => /canary/i.test(e.name) },
  { group: 'production', matches: (e) => ['production', 'prod'].includes(lastPart(e.name)) || e.tier === 'production' },
  { group: 'dev', matches: (e) => ['dev', 'develop', 'development', 'staging', 'stage'].includes(lastPart(e.name)) || e.tier === 'development' || e.tier === 'staging' },
  { group: 'other', matches: () => true },
];

/** Shown in this order, with these titles. */
export const GROUP_ORDER: readonly { readonly group: EnvironmentGroupId; readonly title: string }[] = [
  { group: 'dev', title: 'dev' },
  { group: 'canary', title: 'production/canary' },
  { group: 'production', title: 'production' },
  { group: 'review', title: 'review apps' },
  { group: 'other', title: 'others' },
];

export function groupOf(env: Pick<Environment, 'name' | 'tier'>): EnvironmentGroupId {
  return GROUP_RULES.find((r) => r.matches(env))?.group ?? 'other';
}

/** Non-empty groups in display order, members sorted by name. */
export function groupEnvironments<T extends { readonly environment: Pick<Environment, 'name' | 'tier'> }>(rows: readonly T[]): { readonly group: EnvironmentGroupId; readonly title: string; readonly rows: readonly T[] }[] {
  return GROUP_ORDER
    .map(({ group, title }) => ({ group, title, rows: rows.filter((r) => groupOf(r.environment) === group).sort((a, b) => a.environment.name.localeCompare(b.environment.name)) }))
    .filter((g) => g.rows.length > 0);
}

/** The environments compared by default: the canary against production, when both exist. */
export function defaultComparison<T extends { readonly environment: Pick<Environment, 'name' | 'tier'> }>(rows: readonly T[]): { readonly from: T; readonly to: T } | undefined {
  const production = rows.find((r) => groupOf(r.environment) === 'production');
  const canary = rows.find((r) => groupOf(r.environment) === 'canary');
  return production && canary ? { from: production, to: canary } : undefined;
}
