/**
 * What the person is asked before a gate is passed. Production gets the full picture in a
 * modal (what ships, where, and whether approvals are still missing); canary a short modal;
 * other manual jobs go without asking. The editor side only shows what this returns.
 */
import type { Asker } from '../../asker';
import type { JobGateKind } from '../gates/actionTable';
import type { Gate } from '../gates/detectGates';
import type { ShipList } from './deploymentLookup';

export type ConfirmLevel = 'full' | 'short' | 'none';

export const CONFIRM_LEVEL: Readonly<Record<JobGateKind, ConfirmLevel>> = {
  production: 'full',
  canary: 'short',
  manual: 'none',
  none: 'none',
};

export type ConfirmVerb = 'play' | 'approve' | 'reject';

export interface Confirmation {
  readonly level: ConfirmLevel;
  readonly message: string;
  readonly detail: string;
  /** The label of the confirming button: says exactly what will happen. */
  readonly confirm: string;
}

/** At most this many commits are listed; the rest are counted. */
const MAX_COMMITS = 15;

const VERB_WORDS: Readonly<Record<ConfirmVerb, (what: string) => string>> = {
  play: (what) => `Deploy to ${what}`,
  approve: (what) => `Approve deployment to ${what}`,
  reject: (what) => `Reject deployment to ${what}`,
};

export interface ConfirmationInput {
  readonly gate: Gate;
  readonly verb: ConfirmVerb;
  /** Commits since the last successful deployment (production only). */
  readonly ship?: ShipList;
  /** Approval state in words, when the deployment needs approvals. */
  readonly approvals?: string;
  /** Job variables the play will pass (values hidden: they may be secrets). */
  readonly variableKeys?: readonly string[];
  /** Set when the canary looked suspect or failing: the numbers, shown first, and the button says so. */
  readonly canaryWarning?: string;
}

export function buildConfirmation(input: ConfirmationInput): Confirmation {
  const { gate, verb } = input;
  const level = verb === 'play' ? CONFIRM_LEVEL[gate.kind] : gate.kind === 'production' ? 'full' : 'short';
  const where = gate.deployment?.environment.name ?? gate.job.name;
  const shortSha = gate.sha.slice(0, 8);
  const title = gate.commit?.title ?? '';
  const message = `${VERB_WORDS[verb](where)}? ${gate.ref} @ ${shortSha}${title ? ` "${title}"` : ''}`;
  const lines: string[] = [
    `Environment: ${where}${gate.deployment?.environment.tier ? ` (${gate.deployment.environment.tier})` : ''}`,
    `Job: ${gate.job.name} (stage ${gate.job.stage}) in pipeline #${gate.pipelineId}`,
    `Ref: ${gate.ref} at ${shortSha}${title ? ` ${title}` : ''}`,
  ];
  if (input.variableKeys?.length) lines.push(`Job variables: ${input.variableKeys.join(', ')}`);
  if (level === 'full') {
    lines.push(approvalLine(gate, input.approvals));
    lines.push('', ...shipLines(input.ship));
  }
  // Going ahead against a bad canary verdict must be a decision, not a reflex: the numbers come
  // first and the button names what it does.
  const warned = input.canaryWarning !== undefined && gate.kind === 'production' && verb !== 'reject';
  if (warned) lines.unshift(`Canary: ${input.canaryWarning}`, '');
  const confirm = warned ? `Promote anyway: ${VERB_WORDS[verb](where)}` : VERB_WORDS[verb](where);
  return { level: warned ? 'full' : level, message: warned ? `Canary looked unhealthy. ${message}` : message, detail: lines.join('\n'), confirm };
}

function approvalLine(gate: Gate, words: string | undefined): string {
  switch (gate.approval) {
    case 'required':
      return `Approvals: still required${words ? ` (${words})` : ''}. Playing is refused until they are given.`;
    case 'approved':
      return `Approvals: given${words ? ` (${words})` : ''}.`;
    case 'rejected':
      return `Approvals: REJECTED${words ? ` (${words})` : ''}.`;
    case 'not-required':
      // Without GitLab's approval details "not required" and "all given" look alike: say only what is known.
      return 'Approvals: none pending (GitLab does not hold this deployment back).';
  }
}

function shipLines(ship: ShipList | undefined): string[] {
  if (!ship) return ['What ships: unknown (the deployment history could not be read).'];
  if (ship.since === undefined) return ['What ships: first deployment to this environment (no earlier successful deployment).'];
  if (ship.commits.length === 0) return [`What ships: nothing new: ${ship.since.slice(0, 8)} is already deployed there.`];
  const shown = ship.commits.slice(0, MAX_COMMITS).map((c) => `  ${c.short_id} ${c.title}${c.author_name ? ` (${c.author_name})` : ''}`);
  const more = ship.commits.length - shown.length;
  return [
    `What ships: ${ship.commits.length} commit${ship.commits.length === 1 ? '' : 's'} since ${ship.since.slice(0, 8)}${ship.truncated ? ' (GitLab stopped comparing: list incomplete)' : ''}:`,
    ...shown,
    ...(more > 0 ? [`  ... and ${more} more`] : []),
  ];
}

/** Asks the person when the level calls for it; true when they confirmed or nothing needed asking. */
export function confirmed(ask: Asker, confirmation: Confirmation): Promise<boolean> {
  if (confirmation.level === 'none') return Promise.resolve(true);
  return ask.confirm(confirmation);
}
