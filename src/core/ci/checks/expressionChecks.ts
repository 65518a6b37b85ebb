import type { CiNode } from '../model/ciNode';
import { getChild, scalarString } from '../model/ciNode';
import { parseExpression } from '../expression/parser';
import type { CheckContext } from './checkContext';

/**
 * `Rules::Rule` (`if`: "invalid expression syntax") and `Policy` (`variables`: "contains invalid
 * expression"): GitLab parses every expression when it loads the configuration, with the lexer and
 * shunting-yard parser of `Gitlab::Ci::Pipeline::Expression` and RE2 for `/patterns/`, so one bad
 * expression refuses every pipeline. Checked in `workflow:rules` and in visible jobs, each node once.
 */
export function checkExpressions(ctx: CheckContext): void {
  const seen = new Set<CiNode>();
  const check = (node: CiNode | undefined, keyword: string): void => {
    const text = scalarString(node);
    // Not a string: the schema says so.
    if (!node || text === undefined || seen.has(node)) return;
    seen.add(node);
    const parsed = parseExpression(text);
    if (!parsed.ok) ctx.report('expression-invalid', { keyword, expression: text, error: parsed.error }, node.loc);
  };
  const checkRules = (rules: CiNode | undefined, keyword: string): void => {
    for (const rule of flattenRules(rules)) check(getChild(rule, 'if'), keyword);
  };
  checkRules(getChild(getChild(ctx.config, 'workflow'), 'rules'), 'workflow:rules:if');
  for (const job of ctx.visible.values()) {
    const node = job.effective;
    if (!node) continue;
    checkRules(getChild(node, 'rules'), 'rules:if');
    for (const key of ['only', 'except'] as const) {
      const variables = getChild(getChild(node, key), 'variables');
      for (const item of variables?.kind === 'seq' ? variables.items : variables ? [variables] : []) check(item, `${key}:variables`);
    }
  }
}

/** Nested lists (from `!reference`) count as GitLab flattens them. */
function flattenRules(node: CiNode | undefined): CiNode[] {
  if (node?.kind !== 'seq') return [];
  return node.items.flatMap((item) => (item.kind === 'seq' ? flattenRules(item) : [item]));
}
