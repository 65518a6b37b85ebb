import type { CiMap, CiNode } from '../model/ciNode';
import { getChild, getEntry, scalarString } from '../model/ciNode';
import type { CiJob } from '../jobs/jobs';
import type { CheckContext } from './checkContext';
import { durationSeconds } from './durations';
import { jobRefs } from './jobRefs';
import { instanceNames } from './matrix';

/*
 * Rules GitLab's server checks in its configuration entries (`lib/gitlab/ci/config/entry/*.rb`) that
 * the keyword schema cannot say: conditions between keys, limits on list sizes, and value formats
 * GitLab writes as Ruby regular expressions. docs/ci-conformance.md maps each to its GitLab class.
 */

/** `Processable`: `validates :name, length: { maximum: 255 }`. */
const MAX_JOB_NAME = 255;
/** `Entry::Tags::TAGS_LIMIT`: GitLab refuses a list of this many tags or more. */
const TAGS_LIMIT = 50;
/** `Rules::Rule::Changes` and `Rules::Rule::Exists::MAX_PATHS`. */
const MAX_RULE_PATHS = 50;
/** `Entry::Artifacts`: `validates :expose_as, length: { maximum: 100 }`. */
const MAX_EXPOSE_AS = 100;
/** `Entry::Artifacts::EXPOSE_AS_REGEX` (Ruby's `\w` is ASCII). */
const EXPOSE_AS = /^\w[-\w ]*$/;
/** `Gitlab::Regex.environment_name_regex`: no `/` at either end. */
const ENVIRONMENT_NAME = /^[a-zA-Z0-9_${}. -]([a-zA-Z0-9_/${}. -]*[a-zA-Z0-9_${}. -])?$/;
/** `Entry::Environment`: `validates :url, length: { maximum: 255 }`. */
const MAX_ENVIRONMENT_URL = 255;
/** `start_in` (job and rule): `duration: { limit: '1 week' }`. */
const START_IN_LIMIT = { seconds: 7 * 86400, text: '1 week' };
/** `Entry::Timeout`: `Project::MAX_BUILD_TIMEOUT`, ActiveSupport's month (30.436875 days). */
const TIMEOUT_LIMIT = { seconds: 2629746, text: '1 month' };
/** Top-level keywords `Entry::Default` refuses to have twice (`overwrite_entry` raises `InheritError`). */
const LEGACY_DEFAULTS = ['before_script', 'image', 'services', 'after_script', 'cache'] as const;

/** Every rule below, run over the visible jobs (GitLab does not validate hidden ones) and the globals. */
export function checkEntryRules(ctx: CheckContext): void {
  checkVariableOptions(ctx, getChild(ctx.config, 'variables'));
  checkRulePaths(ctx, getChild(getChild(ctx.config, 'workflow'), 'rules'));
  checkDefaultTwice(ctx);
  checkCacheKeys(ctx);
  const workflowRules = getChild(getChild(ctx.config, 'workflow'), 'rules') !== undefined;
  for (const job of ctx.visible.values()) {
    if (job.name.length > MAX_JOB_NAME) ctx.report('job-name-too-long', { job: `${job.name.slice(0, 40)}...`, max: MAX_JOB_NAME }, job.keyLoc);
    const node = job.effective;
    if (!node || ctx.incomplete.has(job.name)) continue;
    checkDependenciesInNeeds(ctx, job);
    checkTags(ctx, getChild(node, 'tags'));
    checkRulePaths(ctx, getChild(node, 'rules'));
    checkExposeAs(ctx, getChild(node, 'artifacts'));
    checkEnvironmentName(ctx, getChild(node, 'environment'));
    checkEnvironmentUrl(ctx, getChild(getChild(node, 'environment'), 'url'));
    if (!workflowRules && !ctx.hasUnresolvedIncludes) checkLastRuleWhen(ctx, job, getChild(node, 'rules'));
    checkTriggerParallel(ctx, job, node);
    checkMatrixEntries(ctx, getChild(getChild(node, 'parallel'), 'matrix'));
    if (job.name.length <= MAX_JOB_NAME) checkInstanceNames(ctx, job, node);
    if (scalarString(getChild(node, 'when')) === 'delayed') checkDurationLimit(ctx, 'start_in', getChild(node, 'start_in'), START_IN_LIMIT);
    for (const rule of flatten(getChild(node, 'rules'))) {
      if (scalarString(getChild(rule, 'when')) === 'delayed') checkDurationLimit(ctx, 'rules:start_in', getChild(rule, 'start_in'), START_IN_LIMIT);
    }
    checkDurationLimit(ctx, 'timeout', getChild(node, 'timeout'), TIMEOUT_LIMIT);
  }
}

/** `Entry::Job`: "dependencies the X should be part of needs" when a job has both lists. */
function checkDependenciesInNeeds(ctx: CheckContext, job: CiJob): void {
  const needs = getChild(job.node, 'needs');
  const dependencies = getChild(job.node, 'dependencies');
  if (needs?.kind !== 'seq' || needs.items.length === 0 || dependencies?.kind !== 'seq') return;
  // Only job needs count; cross-project and parent-pipeline needs are other kinds of `needs`.
  const refs = jobRefs(job);
  const needed = new Set(refs.filter((r) => r.kind === 'needs' && r.list === 0).map((r) => r.name));
  if (needed.size === 0) return;
  for (const ref of refs) {
    if (ref.kind === 'dependencies' && !needed.has(ref.name)) ctx.report('dependencies-not-in-needs', { job: job.name, target: ref.name }, ref.loc);
  }
}

/** Nested lists (from `!reference`) count as GitLab flattens them. */
function flatten(node: CiNode | undefined): CiNode[] {
  if (node?.kind !== 'seq') return node ? [node] : [];
  return node.items.flatMap((item) => (item.kind === 'seq' ? flatten(item) : [item]));
}

/** `Entry::Tags`: "must be less than the limit of 50 tags". */
function checkTags(ctx: CheckContext, tags: CiNode | undefined): void {
  if (tags?.kind !== 'seq') return;
  const count = flatten(tags).length;
  if (count >= TAGS_LIMIT) ctx.report('tags-too-many', { count, max: TAGS_LIMIT }, tags.loc);
}

/** `Rules::Rule::Changes` (both forms) and `Rules::Rule::Exists` (the `paths:` form): at most 50 paths. */
function checkRulePaths(ctx: CheckContext, rules: CiNode | undefined): void {
  for (const rule of flatten(rules)) {
    for (const kind of ['changes', 'exists'] as const) {
      const value = getChild(rule, kind);
      // A plain `exists:` list is exempt on GitLab's side behind an option; only its `paths:` form is always held.
      const paths = value?.kind === 'map' ? getChild(value, 'paths') : kind === 'changes' ? value : undefined;
      if (paths?.kind === 'seq' && paths.items.length > MAX_RULE_PATHS) {
        ctx.report('rules-too-many-paths', { kind, count: paths.items.length, max: MAX_RULE_PATHS }, paths.loc);
      }
    }
  }
}

/** `Entry::Artifacts`: `expose_as` format and length, `paths` required beside it and without `*`. */
function checkExposeAs(ctx: CheckContext, artifacts: CiNode | undefined): void {
  const exposeAs = getChild(artifacts, 'expose_as');
  const label = scalarString(exposeAs);
  if (!exposeAs || label === undefined) return;
  if (label.length > MAX_EXPOSE_AS) ctx.report('artifacts-expose-as-invalid', { reason: `is too long (maximum is ${MAX_EXPOSE_AS} characters)` }, exposeAs.loc);
  else if (!EXPOSE_AS.test(label)) ctx.report('artifacts-expose-as-invalid', { reason: 'can contain only letters, digits, \'-\', \'_\' and spaces' }, exposeAs.loc);
  const paths = getChild(artifacts, 'paths');
  if (paths?.kind !== 'seq' || paths.items.length === 0) {
    ctx.report('artifacts-expose-as-no-paths', {}, getEntry(artifacts, 'expose_as')?.keyLoc ?? exposeAs.loc);
    return;
  }
  for (const path of paths.items) {
    if (scalarString(path)?.includes('*')) ctx.report('artifacts-expose-as-glob', { path: scalarString(path) ?? '' }, path.loc);
  }
}

/** `Entry::Environment`: the name (as written, before variables are expanded) must match GitLab's pattern. */
function checkEnvironmentName(ctx: CheckContext, environment: CiNode | undefined): void {
  const nameNode = environment?.kind === 'map' ? getChild(environment, 'name') : environment;
  const name = nameNode?.kind === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : undefined;
  if (!nameNode || name === undefined || name === '' || ENVIRONMENT_NAME.test(name)) return;
  ctx.report('environment-name-invalid', { name }, nameNode.loc);
}

/** `Entry::Bridge` allows only the matrix strategy of `Product::Parallel`: "cannot use "parallel: <number>"". */
function checkTriggerParallel(ctx: CheckContext, job: CiJob, node: CiMap): void {
  const parallel = getChild(node, 'parallel');
  if (!node.entries.has('trigger') || parallel?.kind !== 'scalar' || typeof parallel.value !== 'number') return;
  ctx.report('trigger-parallel-number', { job: job.name }, parallel.loc);
}

/** `Entry::Variable::ComplexVariable`: "value must be present in options". */
function checkVariableOptions(ctx: CheckContext, variables: CiNode | undefined): void {
  if (variables?.kind !== 'map') return;
  for (const [name, { node, keyLoc }] of variables.entries) {
    const options = getChild(node, 'options');
    if (options?.kind !== 'seq' || options.items.length === 0) continue;
    const value = getChild(node, 'value');
    const wanted = value?.kind === 'scalar' ? value.value : undefined;
    if (options.items.some((o) => o.kind === 'scalar' && o.value === wanted)) continue;
    ctx.report('variable-value-not-in-options', { name }, value?.loc ?? keyLoc);
  }
}

/** `Entry::Default`: "X is defined in top-level and `default:` entry". */
function checkDefaultTwice(ctx: CheckContext): void {
  const defaults = getChild(ctx.config, 'default');
  for (const key of LEGACY_DEFAULTS) {
    const top = getEntry(ctx.config, key);
    if (top && getEntry(defaults, key)) ctx.report('default-defined-twice', { key }, top.keyLoc);
  }
}

/** `Product::Variables`: each `parallel:matrix` entry "requires at least 1 items". */
function checkMatrixEntries(ctx: CheckContext, matrix: CiNode | undefined): void {
  if (matrix?.kind !== 'seq') return;
  for (const entry of matrix.items) if (entry.kind === 'map' && entry.entries.size === 0) ctx.report('matrix-entry-empty', {}, entry.loc);
}

/** The `duration: { limit: ... }` validator: "should not exceed the limit" (only durations we can read for sure). */
function checkDurationLimit(ctx: CheckContext, keyword: string, node: CiNode | undefined, limit: { seconds: number; text: string }): void {
  const text = node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
  const seconds = text === undefined ? undefined : durationSeconds(text);
  if (!node || seconds === undefined || seconds <= limit.seconds) return;
  ctx.report('duration-over-limit', { keyword, value: text ?? '', limit: limit.text }, node.loc);
}

/** `Entry::Environment`: the URL "is too long (maximum is 255 characters)". */
function checkEnvironmentUrl(ctx: CheckContext, url: CiNode | undefined): void {
  const text = scalarString(url);
  if (url && text !== undefined && text.length > MAX_ENVIRONMENT_URL) ctx.report('environment-url-too-long', { max: MAX_ENVIRONMENT_URL }, url.loc);
}

/**
 * `Processable#validate_against_warnings`: without `workflow:rules`, a last rule that is only `when:`
 * (other than `never`) lets branch and merge request pipelines both run. GitLab shows it as a warning.
 */
function checkLastRuleWhen(ctx: CheckContext, job: CiJob, rules: CiNode | undefined): void {
  const last = flatten(rules).at(-1);
  if (last?.kind !== 'map' || last.entries.size !== 1) return;
  const when = getChild(last, 'when');
  if (when && scalarString(when) !== 'never') ctx.report('rules-when-without-workflow', { job: job.name }, when.loc);
}

/**
 * The 255-character limit on job names (`Processable`) holds for the names `Config::Normalizer` makes
 * from `parallel` too (`job 1/2`, `job: [a, b]`): a long matrix value can push an instance past it.
 */
function checkInstanceNames(ctx: CheckContext, job: CiJob, node: CiMap): void {
  const parallel = getChild(node, 'parallel');
  if (!parallel) return;
  const long = instanceNames(job.name, node).find((n) => n.length > MAX_JOB_NAME);
  if (long !== undefined) ctx.report('matrix-job-name-too-long', { job: `${job.name.slice(0, 40)}`, name: `${long.slice(0, 60)}...`, max: MAX_JOB_NAME }, parallel.loc);
}

/**
 * `Key::ComplexKey`: a `cache:key` mapping computes the key from files, so it needs them: older GitLab
 * requires `files`, newer GitLab exactly one of `files` and `files_commits`. Neither, or both, is refused
 * by every version. Checked at the top level, under `default:` and in visible jobs, each mapping once.
 */
function checkCacheKeys(ctx: CheckContext): void {
  const seen = new Set<CiNode>();
  const check = (cache: CiNode | undefined): void => {
    for (const entry of cache?.kind === 'seq' ? cache.items : cache ? [cache] : []) {
      const key = getChild(entry, 'key');
      if (key?.kind !== 'map' || seen.has(key)) continue;
      seen.add(key);
      const count = (key.entries.has('files') ? 1 : 0) + (key.entries.has('files_commits') ? 1 : 0);
      if (count !== 1) ctx.report('cache-key-files-missing', { found: count === 0 ? 'this one has neither' : 'this one has both' }, getEntry(entry, 'key')?.keyLoc ?? key.loc);
    }
  };
  check(getChild(ctx.config, 'cache'));
  check(getChild(getChild(ctx.config, 'default'), 'cache'));
  for (const job of ctx.visible.values()) check(getChild(job.effective, 'cache'));
}
