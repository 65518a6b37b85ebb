import type { CiMap, CiNode } from '../ci';
import { getChild, scalarString } from '../ci';
import type { PreviewScope, Variables } from './scope';
import { expandExisting, stringList, variablesOf } from './scope';

/** The attributes of the first rule whose clauses all hold (`Gitlab::Ci::Build::Rules::Result`). */
export interface RuleMatch {
  readonly when?: string;
  readonly allowFailure?: boolean;
  readonly startIn?: string;
  readonly variables: Variables;
  /** `rules:needs`, which replaces the job's `needs`. */
  readonly needs?: CiNode;
}

/** The rules of a list, flattened one level as GitLab flattens `!reference` rules. */
export function ruleList(node: CiNode): CiNode[] {
  if (node.kind !== 'seq') return [node];
  return node.items.flatMap((item) => (item.kind === 'seq' ? item.items : [item]));
}

/** Whether every clause (`if`, `changes`, `exists`) of one rule holds; a rule without clauses always holds. */
function holds(rule: CiMap, variables: Variables, scope: PreviewScope): boolean {
  const condition = getChild(rule, 'if');
  if (condition && !scope.expression(condition, variables)) return false;
  const changes = getChild(rule, 'changes');
  if (changes) {
    // `changes: {paths, compare_to}`: `compare_to` needs the repository history, so the given changed files stand in.
    const paths = changes.kind === 'map' ? stringList(getChild(changes, 'paths')) : stringList(changes);
    const globs = [...new Set(paths.map((p) => expandExisting(p, variables)))];
    if (!scope.changesMatch(globs)) return false;
  }
  const exists = getChild(rule, 'exists');
  if (exists) {
    const paths = exists.kind === 'map' ? stringList(getChild(exists, 'paths')) : stringList(exists);
    const project = exists.kind === 'map' ? scalarString(getChild(exists, 'project')) : undefined;
    if (paths.length === 0) return false;
    if (project !== undefined) scope.report('preview-exists-other-project', { project }, exists);
    else if (!scope.existsMatch(paths.map((p) => expandExisting(p, variables)), exists)) return false;
  }
  return true;
}

/**
 * The first matching rule of `rules` (GitLab's `Rules#evaluate`), or undefined when none matches.
 * Rules that are not mappings are reported and skipped.
 */
export function matchRules(rules: CiNode, variables: Variables, scope: PreviewScope): RuleMatch | undefined {
  for (const rule of ruleList(rules)) {
    if (rule.kind !== 'map') {
      scope.report('preview-rule-invalid', {}, rule);
      continue;
    }
    if (!holds(rule, variables, scope)) continue;
    const when = scalarString(getChild(rule, 'when'));
    const allow = getChild(rule, 'allow_failure');
    const startIn = scalarString(getChild(rule, 'start_in'));
    const needs = getChild(rule, 'needs');
    return {
      ...(when === undefined ? {} : { when }),
      ...(allow?.kind === 'scalar' && typeof allow.value === 'boolean' ? { allowFailure: allow.value } : {}),
      ...(startIn === undefined ? {} : { startIn }),
      variables: variablesOf(getChild(rule, 'variables')),
      ...(needs ? { needs } : {}),
    };
  }
  return undefined;
}
