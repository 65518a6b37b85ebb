import { DEFAULT_JOB_STAGE, DEFAULT_STAGES, RUNNABLE_KEYS, TOP_LEVEL_KEYWORDS, isHiddenJobName } from '../ci';
import type { LaneId } from '../lanes/lanes';
import { evaluateExpression, parseExpression } from '../preview';

/** The event a pipeline is created for, as the predefined variables GitLab sets for it. */
export interface PipelineContext {
  /** For messages, e.g. `merge request into dev`. */
  readonly label: string;
  readonly variables: Readonly<Record<string, string>>;
}

/** A merge-request pipeline (`merge_request_event`): CI_COMMIT_BRANCH is not set. */
export function mergeRequestContext(targetBranch: string, sourceBranch = 'feature/change', defaultBranch = 'master'): PipelineContext {
  return {
    label: `merge request ${sourceBranch} into ${targetBranch}`,
    variables: {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: targetBranch,
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: sourceBranch,
      CI_MERGE_REQUEST_IID: '1',
      CI_COMMIT_REF_NAME: sourceBranch,
      CI_DEFAULT_BRANCH: defaultBranch,
    },
  };
}

/** A branch pipeline started by a push (or a merge landing on the branch). */
export function pushContext(branch: string, defaultBranch = 'master'): PipelineContext {
  return {
    label: `push to ${branch}`,
    variables: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: branch, CI_COMMIT_REF_NAME: branch, CI_DEFAULT_BRANCH: defaultBranch },
  };
}

/** The event behind each lane of the release flow. */
export function laneContexts(devBranch = 'dev', masterBranch = 'master'): Record<LaneId, PipelineContext> {
  return { mr: mergeRequestContext(devBranch, 'feature/change', masterBranch), dev: pushContext(devBranch, masterBranch), master: pushContext(masterBranch, masterBranch) };
}

export type JobWhen = 'on_success' | 'on_failure' | 'always' | 'manual' | 'delayed';

export interface LaneJob {
  readonly name: string;
  readonly stage: string;
  readonly when: JobWhen;
  /** Environment name, when the job deploys. */
  readonly environment?: string;
}

export interface LaneEvaluation {
  /** False when `workflow:rules` create no pipeline for the event. */
  readonly created: boolean;
  /** Jobs that run, in stage order then file order. */
  readonly jobs: readonly LaneJob[];
  /** Rules this model cannot judge (`changes`, `exists`, unparsable `if`): the result may be off. */
  readonly problems: readonly string[];
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `variables:` as name -> string, accepting `{ value: ... }` entries. */
function variablesOf(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlain(node)) return out;
  for (const [name, raw] of Object.entries(node)) {
    const v = isPlain(raw) ? raw['value'] : raw;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
  }
  return out;
}

type RuleOutcome = { readonly matched: false } | { readonly matched: true; readonly when: string | undefined };

/** First matching rule, as GitLab picks it. */
function firstMatch(rules: readonly unknown[], lookup: (name: string) => string | undefined, where: string, problems: string[]): RuleOutcome {
  for (const rule of rules) {
    if (!isPlain(rule)) continue;
    for (const unsupported of ['changes', 'exists']) {
      if (unsupported in rule) problems.push(`${where}: \`${unsupported}\` depends on the repository; treated as matching`);
    }
    const raw = rule['if'];
    if (raw !== undefined) {
      const condition = typeof raw === 'string' ? raw : JSON.stringify(raw);
      const parsed = parseExpression(condition);
      if (!parsed.ok) {
        problems.push(`${where}: cannot read \`${condition}\` (${parsed.error} at ${parsed.offset}); treated as not matching`);
        continue;
      }
      if (!evaluateExpression(parsed.expression, lookup)) continue;
    }
    const when = rule['when'];
    return { matched: true, when: typeof when === 'string' ? when : undefined };
  }
  return { matched: false };
}

/**
 * Which jobs of a configuration run for an event: `workflow:rules` first, then each visible job's
 * `rules` (first match wins, `when: never` or no match drops the job). Variables come from the
 * job, then the top level, then the event. `config` is the merged configuration as plain data
 * (the validator's `mergedValue`, or `yaml.parse` of a self-contained file). Never throws.
 */
export function evaluatePipeline(config: unknown, context: PipelineContext): LaneEvaluation {
  const problems: string[] = [];
  if (!isPlain(config)) return { created: false, jobs: [], problems: ['the configuration is not a mapping'] };
  const topVariables = variablesOf(config['variables']);
  const lookupWith = (local: Record<string, string>) => (name: string) => local[name] ?? topVariables[name] ?? context.variables[name];
  const workflowRules = isPlain(config['workflow']) ? config['workflow']['rules'] : undefined;
  if (Array.isArray(workflowRules)) {
    const outcome = firstMatch(workflowRules, lookupWith({}), 'workflow:rules', problems);
    if (!outcome.matched || outcome.when === 'never') return { created: false, jobs: [], problems };
  }
  const stages = Array.isArray(config['stages']) ? ['.pre', ...config['stages'].map(String), '.post'] : [...DEFAULT_STAGES];
  const jobs: LaneJob[] = [];
  for (const [name, job] of Object.entries(config)) {
    if (TOP_LEVEL_KEYWORDS.has(name) || isHiddenJobName(name) || !isPlain(job) || !RUNNABLE_KEYS.some((k) => k in job)) continue;
    const jobWhen = typeof job['when'] === 'string' ? job['when'] : 'on_success';
    let when: string = jobWhen;
    if (Array.isArray(job['rules'])) {
      const outcome = firstMatch(job['rules'], lookupWith(variablesOf(job['variables'])), `job ${name}`, problems);
      if (!outcome.matched || outcome.when === 'never') continue;
      when = outcome.when ?? jobWhen;
    }
    const env = job['environment'];
    const environment = isPlain(env) ? env['name'] : env;
    jobs.push({
      name,
      stage: typeof job['stage'] === 'string' ? job['stage'] : DEFAULT_JOB_STAGE,
      when: when as JobWhen,
      ...(typeof environment === 'string' ? { environment } : {}),
    });
  }
  const order = (job: LaneJob): number => {
    const index = stages.indexOf(job.stage);
    return index < 0 ? stages.length : index;
  };
  const sorted = jobs.map((job, index) => ({ job, index })).sort((a, b) => order(a.job) - order(b.job) || a.index - b.index);
  return { created: true, jobs: sorted.map((s) => s.job), problems };
}
