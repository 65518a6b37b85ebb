/**
 * The full confirmation of a rollback: where, from what to what, the commits that leave the
 * environment, who deployed the target and when, and whether approvals hold the re-run back.
 * Always a modal (the same level as playing production): going back is a release too.
 */
import type { Deployment } from '../../gitlab/models';
import type { CommitRange } from '../../environments/compareEnvironments';
import type { Confirmation } from './confirmation';

const MAX_COMMITS = 15;

export interface RollbackFacts {
  readonly environment: string;
  readonly current: Deployment;
  readonly target: Deployment;
  /** Commits in the current deployment and not in the target: what leaves. Undefined when they could not be read. */
  readonly leaving?: CommitRange;
  /** Approvals the environment requires for a deployment; undefined when GitLab did not say (Free, or the read failed). */
  readonly requiredApprovals?: number;
  readonly warnings: readonly string[];
}

const short = (sha: string): string => sha.slice(0, 8);
const who = (d: Deployment): string => (d.user ? `@${d.user.username}` : 'someone');
const when = (d: Deployment): string => d.finished_at ?? d.created_at;

export function buildRollbackConfirmation(facts: RollbackFacts): Confirmation {
  const { environment, current, target } = facts;
  const title = target.deployable?.commit?.title;
  const message = `Roll back ${environment} to ${target.ref} @ ${short(target.sha)}${title ? ` "${title}"` : ''}?`;
  const lines = [
    `Environment: ${environment}`,
    `Now: ${current.ref} @ ${short(current.sha)}${current.deployable?.commit?.title ? ` ${current.deployable.commit.title}` : ''}, deployed by ${who(current)} at ${when(current)}`,
    `Back to: ${target.ref} @ ${short(target.sha)}${title ? ` ${title}` : ''}, deployed by ${who(target)} at ${when(target)} (deployment #${target.iid})`,
    `How: GitLab runs job ${target.deployable?.name ?? ''} #${target.deployable?.id ?? '?'} of pipeline #${target.deployable?.pipeline?.id ?? '?'} again, once (GitLab's own rollback).`,
    approvalLine(facts.requiredApprovals),
    ...facts.warnings.map((w) => `Warning: ${w}.`),
    '',
    ...leavingLines(facts.leaving),
  ];
  return { level: 'full', message, detail: lines.join('\n'), confirm: `Roll back ${environment}` };
}

function approvalLine(required: number | undefined): string {
  if (required === undefined) return 'Approvals: unknown (GitLab did not say whether this environment requires them).';
  if (required === 0) return 'Approvals: none required; the job starts at once.';
  return `Approvals: ${required} required. The re-run waits until they are given, like any deployment there.`;
}

function leavingLines(range: CommitRange | undefined): string[] {
  if (!range) return ['What goes back: unknown (the commits could not be compared).'];
  if (range.commits.length === 0) return [`What goes back: no commit leaves (${short(range.to)} holds nothing that ${short(range.from)} does not).`];
  const shown = range.commits.slice(0, MAX_COMMITS).map((c) => `  ${c.short_id} ${c.title}${c.author_name ? ` (${c.author_name})` : ''}`);
  const more = range.commits.length - shown.length;
  return [
    `What goes back: ${range.commits.length} commit${range.commits.length === 1 ? '' : 's'} leave${range.commits.length === 1 ? 's' : ''} ${environment(range)}${range.truncated ? ' (GitLab stopped comparing: list incomplete)' : ''}:`,
    ...shown,
    ...(more > 0 ? [`  ... and ${more} more`] : []),
  ];
}

function environment(range: CommitRange): string {
  return `the environment (from ${range.source === 'local' ? 'your clone' : 'GitLab'})`;
}
