/**
 * Which earlier deployments an environment can be rolled back to. GitLab's rollback is a re-run
 * of the target deployment's job (its "Re-deploy"/"Rollback" buttons retry that job), so a target
 * needs a job GitLab can retry. One table: the first rule that matches decides; warnings add up.
 * What only GitLab knows (the job is archived, the person may not deploy there) is its refusal to
 * word, after the fact (refusals.ts).
 */
import type { Deployment } from '../gitlab/models';

export type TargetVerdict =
  | { readonly eligible: true; readonly warnings: readonly string[] }
  | { readonly eligible: false; readonly why: string };

interface TargetRule {
  readonly applies: (target: Deployment, current: Deployment) => boolean;
  readonly effect: 'refuse' | 'warn';
  readonly words: (target: Deployment) => string;
}

const FINISHED = new Set(['success', 'failed', 'canceled']);

export const TARGET_RULES: readonly TargetRule[] = [
  { applies: (t) => !t.deployable, effect: 'refuse', words: () => 'its job no longer exists (the pipeline was deleted), so GitLab has nothing to run again' },
  { applies: (t, c) => t.sha === c.sha, effect: 'refuse', words: () => 'that commit is what runs there now' },
  { applies: (t) => !FINISHED.has(t.deployable?.status ?? ''), effect: 'refuse', words: (t) => `its job is ${t.deployable?.status ?? 'unknown'}: only a finished job can be run again` },
  {
    applies: (t) => typeof t.deployable?.erased_at === 'string', effect: 'warn',
    words: () => 'its job was erased (log and artifacts gone): GitLab runs it again from its definition, so a deploy that needs the old artifacts may fail',
  },
];

export function judgeTarget(target: Deployment, current: Deployment): TargetVerdict {
  const warnings: string[] = [];
  for (const rule of TARGET_RULES) {
    if (!rule.applies(target, current)) continue;
    if (rule.effect === 'refuse') return { eligible: false, why: rule.words(target) };
    warnings.push(rule.words(target));
  }
  return { eligible: true, warnings };
}

export interface RollbackTarget {
  readonly deployment: Deployment;
  readonly verdict: TargetVerdict;
}

/**
 * The earlier successful deployments of an environment (given newest first, the first being what
 * runs there now), one per commit: a commit deployed several times (a rollback re-runs a job, making
 * a new deployment) is offered through its newest deployment, whose job is the latest attempt
 * GitLab will still retry. The previous deployment comes first: the default.
 */
export function rollbackTargets(successes: readonly Deployment[]): { readonly current?: Deployment; readonly targets: readonly RollbackTarget[] } {
  const [current, ...earlier] = successes;
  if (!current) return { targets: [] };
  const seen = new Set<string>([current.sha]);
  const targets: RollbackTarget[] = [];
  for (const deployment of earlier) {
    if (seen.has(deployment.sha)) continue;
    seen.add(deployment.sha);
    targets.push({ deployment, verdict: judgeTarget(deployment, current) });
  }
  return { current, targets };
}
