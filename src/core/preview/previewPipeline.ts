import type { CiAnalysis, CiJob, CiMap, CiNode } from '../ci';
import { DEFAULT_JOB_STAGE, RUNNABLE_KEYS, getChild, scalarString } from '../ci';
import type { Diagnostic } from '../diagnostic';
import { byPositionThenCode, validateExpressions } from './validateExpressions';
import { defaultOnlyHolds, keptByOnlyExcept } from './onlyExcept';
import type { PipelineEvent } from './predefinedVariables';
import { resolveEvent } from './predefinedVariables';
import { matchRules } from './rules';
import type { Variables } from './scope';
import { PreviewScope, variablesOf } from './scope';

export type JobWhen = 'on_success' | 'on_failure' | 'always' | 'manual' | 'delayed';

export interface PreviewContext extends PipelineEvent {
  /** Changed files, root-relative; undefined when unknown (every `changes` is then true, as in GitLab). */
  readonly changed?: readonly string[];
  /** Repository files, root-relative, for `exists`; undefined when unknown (every `exists` is then true). */
  readonly repositoryFiles?: readonly string[];
}

export interface PreviewJob {
  readonly name: string;
  readonly stage: string;
  readonly when: JobWhen;
  readonly allowFailure: boolean;
  /** `start_in` of a delayed job. */
  readonly startIn?: string;
}

export interface PipelinePreview {
  /** Whether GitLab would create the pipeline. */
  readonly created: boolean;
  /** Why (or why not), in one sentence. */
  readonly reason: string;
  /** The jobs it would hold, in stage order then file order (also when not created, as far as they can be told). */
  readonly jobs: readonly PreviewJob[];
  /** The analysis' errors and warnings, then the preview's own findings. */
  readonly diagnostics: readonly Diagnostic[];
}

/** GitLab's messages for the pipelines it does not create. */
export const REASONS = {
  filtered: 'Pipeline filtered out by workflow rules.',
  empty: 'No stages / jobs for this pipeline.',
  unreadable: 'The configuration cannot be read.',
} as const;

const JOB_WHEN: ReadonlySet<string> = new Set<JobWhen>(['on_success', 'on_failure', 'always', 'manual', 'delayed']);

/** Which `variables:` of the top level a job takes (`inherit:variables`: true, false or a list of names). */
function inheritedRoot(job: CiMap, root: Variables): Variables {
  const setting = getChild(getChild(job, 'inherit'), 'variables');
  if (setting?.kind === 'scalar') return setting.value === false ? {} : root;
  if (setting?.kind === 'seq') {
    const allowed = new Set(setting.items.map(scalarString));
    return Object.fromEntries(Object.entries(root).filter(([name]) => allowed.has(name)));
  }
  return root;
}

/** `allow_failure` as written on the job: a boolean, `false` for `exit_codes` (decided at run time), undefined when absent. */
function staticAllowFailure(job: CiMap): boolean | undefined {
  const node = getChild(job, 'allow_failure');
  if (!node) return undefined;
  return node.kind === 'scalar' && typeof node.value === 'boolean' ? node.value : false;
}

interface NeedRef {
  readonly name: string;
  readonly optional: boolean;
  readonly at: CiNode;
}

/** The same-pipeline jobs a `needs` list names (cross-project and parent-pipeline needs are not jobs here). */
function needsOf(node: CiNode | undefined): NeedRef[] {
  if (node?.kind !== 'seq') return [];
  return node.items.flatMap((item): NeedRef[] => {
    const plain = scalarString(item);
    if (plain !== undefined) return [{ name: plain, optional: false, at: item }];
    if (item.kind !== 'map' || item.entries.has('project') || item.entries.has('pipeline')) return [];
    const name = scalarString(getChild(item, 'job'));
    const optional = getChild(item, 'optional');
    return name === undefined ? [] : [{ name, optional: optional?.kind === 'scalar' && optional.value === true, at: item }];
  });
}

interface Included {
  readonly job: PreviewJob;
  readonly order: number;
  readonly needs: readonly NeedRef[];
}

/**
 * Which pipeline GitLab would create for an event: `workflow:rules`, then each visible job's `rules`
 * (or `only`/`except`, with GitLab's default `only: [branches, tags]`), with the variables of the
 * file, of the matching workflow rule and of the event. Pure; never throws on user content.
 */
export function previewPipeline(analysis: CiAnalysis, context: PreviewContext): PipelinePreview {
  const event = resolveEvent({ ...context, variables: {} });
  const cli: Variables = context.variables ?? {};
  const scope = new PreviewScope(event, context.changed, context.repositoryFiles, analysis.path);
  // The analysis reports invalid expressions too (`expression-invalid`); the preview's own finding says it once.
  const fileFindings = analysis.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'expression-invalid');
  const finish = (created: boolean, reason: string, jobs: readonly PreviewJob[]): PipelinePreview => ({
    created,
    reason,
    jobs,
    diagnostics: [...fileFindings, ...dedupe(scope.diagnostics)],
  });
  const merged = analysis.merged;
  if (!merged) return finish(false, REASONS.unreadable, []);

  validateExpressions(merged, analysis.jobs, scope);
  const configRefusal = scope.refusals[0];

  let root: Variables = variablesOf(getChild(merged, 'variables'));
  const workflowRules = getChild(getChild(merged, 'workflow'), 'rules');
  let workflowReason = 'No workflow:rules; the pipeline is created.';
  if (workflowRules) {
    const match = matchRules(workflowRules, { ...event.variables, ...root, ...cli }, scope);
    if (!match || (match.when ?? 'always') === 'never') return finish(false, REASONS.filtered, []);
    root = { ...root, ...match.variables };
    workflowReason = 'A workflow:rules rule matched; the pipeline is created.';
  }

  const included: Included[] = [];
  analysis.jobs.forEach((job, order) => {
    const entry = evaluateJob(job, root, cli, workflowRules !== undefined, scope);
    if (entry) included.push({ ...entry, order });
  });

  const names = new Set(included.map((i) => i.job.name));
  const needsRefusals: string[] = [];
  for (const { job, needs } of included) {
    for (const need of needs) {
      if (need.optional || names.has(need.name)) continue;
      scope.report('preview-needs-missing', { job: job.name, target: need.name }, need.at);
      needsRefusals.push(`'${job.name}' job needs '${need.name}' job, but '${need.name}' does not exist in the pipeline.`);
    }
  }

  const stageIndex = new Map(analysis.stages.map((s, i) => [s.name, i]));
  const rank = (stage: string): number => stageIndex.get(stage) ?? analysis.stages.length;
  const jobs = included.sort((a, b) => rank(a.job.stage) - rank(b.job.stage) || a.order - b.order).map((i) => i.job);

  if (configRefusal !== undefined) return finish(false, `The configuration is invalid: ${configRefusal}.`, jobs);
  if (jobs.every((j) => j.stage === '.pre' || j.stage === '.post')) return finish(false, REASONS.empty, jobs);
  const needsRefusal = needsRefusals[0];
  if (needsRefusal !== undefined) return finish(false, needsRefusal, jobs);
  return finish(true, workflowReason, jobs);
}

function evaluateJob(job: CiJob, root: Variables, cli: Variables, hasWorkflowRules: boolean, scope: PreviewScope): Omit<Included, 'order'> | undefined {
  const node = job.node;
  if (job.hidden || node.kind !== 'map' || !RUNNABLE_KEYS.some((k) => node.entries.has(k))) return undefined;
  const stage = scalarString(getChild(node, 'stage')) ?? DEFAULT_JOB_STAGE;
  // Job-level predefined variables, then the file's (job over top level), then the event's own `--var`s.
  const variables: Variables = {
    ...scope.event.variables,
    CI_JOB_NAME: job.name,
    CI_JOB_STAGE: stage,
    ...inheritedRoot(node, root),
    ...variablesOf(getChild(node, 'variables')),
    ...cli,
  };
  const jobWhen = scalarString(getChild(node, 'when')) ?? 'on_success';
  const staticAllow = staticAllowFailure(node);
  const rules = getChild(node, 'rules');
  let when = jobWhen;
  let allowFailure = staticAllow ?? jobWhen === 'manual';
  let startIn = scalarString(getChild(node, 'start_in'));
  let needs = getChild(node, 'needs');
  if (rules) {
    const match = matchRules(rules, variables, scope);
    if (!match) return undefined;
    when = match.when ?? jobWhen;
    // A rule's allow_failure wins; else the job's own; else true only for a job that is manual outside its rules.
    allowFailure = match.allowFailure ?? allowFailure;
    startIn = match.startIn ?? startIn;
    needs = match.needs ?? needs;
  } else {
    const only = getChild(node, 'only');
    const except = getChild(node, 'except');
    const onlyHolds = only !== undefined || hasWorkflowRules ? true : defaultOnlyHolds(scope, node);
    if (!onlyHolds || !keptByOnlyExcept(only, except, variables, scope)) return undefined;
  }
  if (when === 'never' || !JOB_WHEN.has(when)) return undefined;
  return {
    job: { name: job.name, stage, when: when as JobWhen, allowFailure, ...(when === 'delayed' && startIn !== undefined ? { startIn } : {}) },
    needs: needsOf(needs),
  };
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const id = JSON.stringify([d.code, d.file ?? '', d.range, d.message]);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(d);
  }
  return out.sort(byPositionThenCode);
}
