/**
 * The Environments view as plain data: per repository (when several are open), the groups of
 * environmentGroups.ts, each environment with the deployment running there (ref, short SHA, commit
 * title, who, when, status) and, under it, a newer deployment that has not succeeded (running,
 * waiting for approvals, failed). The editor turns each node into a TreeItem one to one.
 */
import type { Deployment, DeploymentStatus } from '../gitlab/models';
import { formatAgo } from '../lanes/format';
import type { EnvironmentGroupId } from './environmentGroups';
import { groupEnvironments } from './environmentGroups';
import type { EnvironmentRow } from './readEnvironments';

export interface EnvironmentTreeIcon {
  readonly id: string;
  readonly color?: string;
}

export interface EnvironmentNode {
  readonly id: string;
  readonly kind: 'repo' | 'group' | 'environment' | 'deployment' | 'state';
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: EnvironmentTreeIcon;
  /** Tags for `when` clauses: the kind, `group-<group>`, `deployed` when something runs there. */
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  readonly children: readonly EnvironmentNode[];
  readonly webUrl?: string;
  /** What the Compare and Roll Back commands act on. */
  readonly target?: { readonly repoKey: string; readonly environment?: string };
}

export type RepoEnvironments =
  | { readonly kind: 'ready'; readonly rows: readonly EnvironmentRow[] }
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly message: string };

export interface EnvironmentTreeInput {
  readonly repoKey: string;
  readonly label: string;
  readonly projectPath: string;
  readonly state: RepoEnvironments;
}

/** Deployment status -> icon, colour and word. */
export const DEPLOYMENT_LOOK: Readonly<Record<DeploymentStatus, { readonly icon: string; readonly color: string; readonly word: string }>> = {
  success: { icon: 'pass-filled', color: 'testing.iconPassed', word: 'deployed' },
  running: { icon: 'sync~spin', color: 'charts.blue', word: 'deploying' },
  // A deployment is created with its pipeline: its job may be manual or simply not reached yet.
  created: { icon: 'circle-outline', color: 'disabledForeground', word: 'not started yet' },
  blocked: { icon: 'shield', color: 'charts.yellow', word: 'waiting for approval' },
  failed: { icon: 'error', color: 'testing.iconFailed', word: 'failed' },
  canceled: { icon: 'circle-slash', color: 'disabledForeground', word: 'canceled' },
  skipped: { icon: 'debug-step-over', color: 'disabledForeground', word: 'skipped' },
};

const GROUP_ICONS: Readonly<Record<EnvironmentGroupId, string>> = {
  dev: 'beaker', canary: 'flame', production: 'rocket', review: 'git-pull-request', other: 'server-environment',
};

export function buildEnvironmentTree(repos: readonly EnvironmentTreeInput[], now: number): EnvironmentNode[] {
  if (repos.length === 1) return repoChildren(repos[0]!, `env:${repos[0]!.repoKey}`, now);
  return repos.map((repo) => {
    const id = `env:${repo.repoKey}`;
    return { id, kind: 'repo', label: repo.label, description: repo.projectPath, icon: { id: 'repo' }, contextValue: 'repo', collapsible: 'expanded', children: repoChildren(repo, id, now), target: { repoKey: repo.repoKey } };
  });
}

function repoChildren(repo: EnvironmentTreeInput, parent: string, now: number): EnvironmentNode[] {
  const { state } = repo;
  if (state.kind === 'loading') return [stateNode(`${parent}/loading`, 'Loading environments...', 'loading~spin')];
  if (state.kind === 'error') return [stateNode(`${parent}/error`, 'Environments could not be read', 'warning', state.message)];
  if (state.rows.length === 0) return [stateNode(`${parent}/none`, 'No environments yet', 'info', 'GitLab creates an environment when a job with `environment:` runs.')];
  return groupEnvironments(state.rows).map(({ group, title, rows }) => {
    const id = `${parent}/${group}`;
    return {
      id, kind: 'group', label: title, description: String(rows.length), icon: { id: GROUP_ICONS[group] }, contextValue: `group group-${group}`,
      collapsible: group === 'review' || group === 'other' ? 'collapsed' : 'expanded',
      children: rows.map((row) => environmentNode(repo.repoKey, id, group, row, now)),
    };
  });
}

function environmentNode(repoKey: string, parent: string, group: EnvironmentGroupId, row: EnvironmentRow, now: number): EnvironmentNode {
  const { environment, deployed, latest } = row;
  const id = `${parent}/${environment.id}`;
  const look = deployed ? DEPLOYMENT_LOOK[deployed.status] : undefined;
  const children = latest ? [deploymentNode(id, 'next', latest, row.pendingApprovals, now)] : [];
  return {
    id, kind: 'environment', label: environment.name,
    description: deployed ? summary(deployed, now) : 'nothing deployed yet',
    tooltip: [environment.name, environment.external_url ?? undefined, deployed ? `Now: ${details(deployed)}` : 'Nothing deployed successfully yet.', latest ? `Next: ${details(latest)}${pendingWords(row.pendingApprovals)}` : undefined].filter(Boolean).join('\n'),
    icon: latest?.status === 'blocked' ? { id: DEPLOYMENT_LOOK.blocked.icon, color: DEPLOYMENT_LOOK.blocked.color } : look ? { id: look.icon, color: look.color } : { id: 'circle-large-outline' },
    contextValue: ['environment', `group-${group}`, deployed ? 'deployed' : undefined].filter(Boolean).join(' '),
    collapsible: children.length > 0 ? 'expanded' : 'none',
    children,
    ...(environment.external_url ? { webUrl: environment.external_url } : {}),
    target: { repoKey, environment: environment.name },
  };
}

function deploymentNode(parent: string, slot: string, d: Deployment, pending: number | undefined, now: number): EnvironmentNode {
  const look = DEPLOYMENT_LOOK[d.status];
  return {
    id: `${parent}/${slot}`, kind: 'deployment', label: `next: ${look.word}${pendingWords(pending)}`,
    description: summary(d, now), tooltip: details(d), icon: { id: look.icon, color: look.color },
    contextValue: `deployment status-${d.status}`, collapsible: 'none', children: [],
    ...(d.deployable?.web_url ? { webUrl: d.deployable.web_url } : {}),
  };
}

/** "master @ 1a2b3c4d Fix checkout · @dana · 2 h ago". */
function summary(d: Deployment, now: number): string {
  const title = d.deployable?.commit?.title;
  return [`${d.ref} @ ${d.sha.slice(0, 8)}${title ? ` ${title}` : ''}`, d.user ? `@${d.user.username}` : undefined, formatAgo(d.finished_at ?? d.created_at, now) || undefined].filter(Boolean).join(' · ');
}

function details(d: Deployment): string {
  return `${DEPLOYMENT_LOOK[d.status].word}: ${d.ref} @ ${d.sha.slice(0, 8)}${d.deployable?.commit?.title ? ` "${d.deployable.commit.title}"` : ''} by ${d.user ? `@${d.user.username}` : 'someone'} at ${d.finished_at ?? d.created_at} (deployment #${d.iid}${d.deployable ? `, job ${d.deployable.name} #${d.deployable.id}` : ''})`;
}

function pendingWords(pending: number | undefined): string {
  return pending ? ` (${pending} approval${pending === 1 ? '' : 's'} missing)` : '';
}

function stateNode(id: string, label: string, icon: string, tooltip?: string): EnvironmentNode {
  return { id, kind: 'state', label, icon: { id: icon }, contextValue: 'state', collapsible: 'none', children: [], ...(tooltip ? { tooltip, description: tooltip } : {}) };
}
