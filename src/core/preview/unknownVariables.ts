/**
 * The variables a job's conditions read that nothing offline can know: neither predefined by
 * GitLab nor set anywhere in the file. They are the project's or group's CI/CD variables (the
 * scaffold's SonarQube job runs only `if: $SONAR_HOST_URL && $SONAR_TOKEN`), set in GitLab's
 * settings, so a preview that takes them as unset must say so instead of calling the job dead.
 */
import type { CiAnalysis, CiJob, CiNode, ExpressionNode } from '../ci';
import { getChild, parseExpression, PREDEFINED_VARIABLES, scalarString } from '../ci';

const PREDEFINED = new Set(PREDEFINED_VARIABLES.map((v) => v.name));

/** Names of the CI/CD variables `job`'s `rules:if`, `only:variables` and `except:variables` read that the file does not set, sorted. */
export function unknownVariables(analysis: CiAnalysis, job: CiJob): string[] {
  const defined = definedVariables(analysis, job);
  const read = new Set<string>();
  for (const text of conditionTexts(job.node)) {
    const parsed = parseExpression(text);
    if (parsed.ok) collectVariables(parsed.expression, read);
  }
  return [...read].filter((name) => !PREDEFINED.has(name) && !defined.has(name)).sort();
}

/** Every variable the file can set for the job: its own and inherited `variables`, and those of `workflow:rules`. */
function definedVariables(analysis: CiAnalysis, job: CiJob): Set<string> {
  const names = new Set<string>();
  const addKeys = (node: CiNode | undefined): void => {
    if (node?.kind === 'map') for (const key of node.entries.keys()) names.add(key);
  };
  addKeys(job.effective ? getChild(job.effective, 'variables') : getChild(job.node, 'variables'));
  if (analysis.merged) {
    addKeys(getChild(analysis.merged, 'variables'));
    const workflowRules = getChild(getChild(analysis.merged, 'workflow'), 'rules');
    if (workflowRules?.kind === 'seq') for (const rule of workflowRules.items) addKeys(getChild(rule, 'variables'));
  }
  return names;
}

/** The expression texts of a job's conditions. */
function conditionTexts(job: CiNode): string[] {
  const texts: string[] = [];
  const rules = getChild(job, 'rules');
  if (rules?.kind === 'seq') {
    for (const rule of rules.items) {
      const text = scalarString(getChild(rule, 'if'));
      if (text !== undefined) texts.push(text);
    }
  }
  for (const clause of ['only', 'except']) {
    const variables = getChild(getChild(job, clause), 'variables');
    if (variables?.kind === 'seq') {
      for (const item of variables.items) {
        const text = scalarString(item);
        if (text !== undefined) texts.push(text);
      }
    }
  }
  return texts;
}

function collectVariables(node: ExpressionNode, into: Set<string>): void {
  if (node.kind === 'variable') into.add(node.name);
  else if (node.kind === 'binary') {
    collectVariables(node.left, into);
    collectVariables(node.right, into);
  }
}
