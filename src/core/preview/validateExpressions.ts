import type { CiJob, CiMap, CiNode } from '../ci';
import { getChild } from '../ci';
import type { Diagnostic } from '../diagnostic';
import { ruleList } from './rules';
import type { PreviewScope } from './scope';

/**
 * GitLab checks every `rules:if` and `only/except:variables` expression when it loads the
 * configuration, not only those a pipeline reaches: one invalid expression refuses every pipeline.
 * Evaluating against no variables is enough to surface syntax and RE2 errors.
 */
export function validateExpressions(merged: CiMap, jobs: readonly CiJob[], scope: PreviewScope): void {
  const check = (node: CiNode | undefined): void => {
    if (node) scope.expression(node, {});
  };
  const checkRules = (rules: CiNode | undefined): void => {
    if (!rules) return;
    for (const rule of ruleList(rules)) check(getChild(rule, 'if'));
  };
  checkRules(getChild(getChild(merged, 'workflow'), 'rules'));
  for (const job of jobs) {
    if (job.hidden || job.node.kind !== 'map') continue;
    checkRules(getChild(job.node, 'rules'));
    for (const key of ['only', 'except']) {
      const variables = getChild(getChild(job.node, key), 'variables');
      if (variables) (variables.kind === 'seq' ? variables.items : [variables]).forEach(check);
    }
  }
}

/** Findings in file order (entry file first), then by code. */
export function byPositionThenCode(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file ?? '').localeCompare(b.file ?? '') ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.code.localeCompare(b.code)
  );
}
