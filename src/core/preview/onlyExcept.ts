import type { CiNode } from '../ci';
import { compileRe2, getChild } from '../ci';
import type { PreviewScope, Variables } from './scope';
import { stringList } from './scope';

/** GitLab's `only` when a job sets neither `rules` nor `only` and there are no `workflow:rules`. */
export const DEFAULT_ONLY_REFS: readonly string[] = ['branches', 'tags'];

/** Ruby's `pluralize` for the pipeline source names GitLab has (`push` -> `pushes`, `merge_request` -> `merge_requests`). */
function pluralize(word: string): string {
  return /(?:s|sh|ch|x)$/.test(word) ? `${word}es` : `${word}s`;
}

/** One policy key (`refs`, `variables`, `changes`, `kubernetes`) and whether it is satisfied. */
type Spec = (node: CiNode, variables: Variables, scope: PreviewScope) => boolean;

function refMatches(pattern: string, scope: PreviewScope, at: CiNode): boolean {
  const { refKind, ref } = scope.event;
  if (refKind === 'tag' && pattern === 'tags') return true;
  if (refKind === 'branch' && pattern === 'branches') return true;
  const source = scope.event.pipelineSource.replace(/_event$/, '');
  if (source === pattern || pluralize(source) === pattern) return true;
  // Ref names and patterns only apply to branch and tag pipelines, not to merge request pipelines.
  if (refKind === 'merge_request') return false;
  const literal = /^\/(.*)\/([ismU]*)$/s.exec(pattern);
  if (!literal) return pattern === ref;
  const compiled = compileRe2(literal[1] ?? '', literal[2] ?? '');
  if (compiled.ok) return ref !== '' && compiled.regexp.test(ref);
  // GitLab retries patterns RE2 rejects with Ruby's own engine (`fabricate(pattern, fallback: true)`).
  scope.report('preview-ref-regex-fallback', { ref: pattern, error: compiled.error }, at);
  try {
    return ref !== '' && new RegExp(literal[1] ?? '', (literal[2] ?? '').replace(/[^ims]/g, '')).test(ref);
  } catch {
    scope.report('preview-ref-regex-invalid', { ref: pattern }, at);
    return pattern === ref;
  }
}

const SPECS: Readonly<Record<string, Spec>> = {
  refs: (node, _variables, scope) =>
    stringList(node).some((entry) => {
      const at = entry.indexOf('@');
      if (at < 0) return refMatches(entry, scope, node);
      const project = entry.slice(at + 1);
      const known = scope.event.variables['CI_PROJECT_PATH'];
      if (known === undefined) scope.report('preview-ref-project-unknown', { ref: entry, project }, node);
      return known === project && refMatches(entry.slice(0, at), scope, node);
    }),
  variables: (node, variables, scope) => (node.kind === 'seq' ? node.items : [node]).some((expression) => scope.expression(expression, variables)),
  changes: (node, _variables, scope) => scope.changesMatch(node.kind === 'map' ? stringList(getChild(node, 'paths')) : stringList(node)),
  kubernetes: (node, _variables, scope) => {
    scope.report('preview-kubernetes-unknown', {}, node);
    return false;
  },
};

/** The specs of an `only`/`except` value: a list is `refs`, a mapping names its keys. */
function specsOf(policy: CiNode): [Spec, CiNode][] {
  if (policy.kind !== 'map') return [[SPECS['refs'] as Spec, policy]];
  const out: [Spec, CiNode][] = [];
  for (const [key, entry] of policy.entries) {
    const spec = SPECS[key];
    if (spec) out.push([spec, entry.node]);
  }
  return out;
}

/**
 * Whether `only`/`except` keep a job (`Seed::Build#included?` without rules): every `only` key
 * holds and no `except` key does. `only` undefined means no restriction (the caller passes the
 * default `refs: [branches, tags]` where GitLab applies it).
 */
export function keptByOnlyExcept(only: CiNode | undefined, except: CiNode | undefined, variables: Variables, scope: PreviewScope): boolean {
  const onlyHolds = only ? specsOf(only).every(([spec, node]) => spec(node, variables, scope)) : true;
  if (!onlyHolds) return false;
  return except ? !specsOf(except).some(([spec, node]) => spec(node, variables, scope)) : true;
}

/** `only: [branches, tags]` evaluated without a node (GitLab's default policy). */
export function defaultOnlyHolds(scope: PreviewScope, at: CiNode): boolean {
  return DEFAULT_ONLY_REFS.some((pattern) => refMatches(pattern, scope, at));
}
