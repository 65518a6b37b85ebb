/** Job keywords, and the subsets that `default:` and trigger jobs accept. */
import { bool, kw, list, mapping, oneOfStrings, str, union } from '../shapes';
import type { Keyword, ObjectShape } from '../shapes';
import { artifactsShape } from './artifacts';
import {
  cacheShape, durationShape, hooksShape, idTokensShape, imageShape, jobVariables, requiredScriptShape, retryShape,
  scriptShape, secretsShape, servicesShape, tagsShape,
} from './common';
import {
  dastConfigurationShape, environmentShape, jobInputsShape, needsShape, pagesShape, parallelShape, releaseShape,
  stepsShape, triggerShape,
} from './jobParts';
import { allowFailureShape, jobRulesShape, onlyExceptShape } from './rules';

/** `never` is only meaningful in `rules`; GitLab rejects it as a job's own `when`. */
const JOB_LEVEL_WHEN = ['on_success', 'on_failure', 'always', 'manual', 'delayed'] as const;

const DURATION = 'a duration written as text, such as `30 minutes` or `1h 30m`';
const COVERAGE_HINT = 'a regular expression between slashes, such as `/Total: \\d+\\.\\d+%/`';

/** Keys `default:` may set; `inherit:default` lists are checked against the same names. */
const DEFAULTABLE = ['after_script', 'artifacts', 'before_script', 'cache', 'hooks', 'id_tokens', 'identity', 'image', 'interruptible', 'retry', 'services', 'tags', 'timeout'] as const;

export const JOB_KEYWORDS: readonly Keyword[] = [
  kw('after_script', '#after_script', scriptShape, 'Commands run after `script`, also when the job failed or was cancelled, in a separate shell.'),
  kw('allow_failure', '#allow_failure', allowFailureShape, 'Lets the pipeline go on when this job fails; a list of `exit_codes` limits that to those codes.'),
  kw('artifacts', '#artifacts', artifactsShape, 'Files the job keeps and uploads when it ends, for download and for later jobs.'),
  kw('before_script', '#before_script', scriptShape, 'Commands run before `script`, in the same shell.'),
  kw('cache', '#cache', cacheShape, 'Files kept between pipelines (or jobs) to speed them up, such as dependency folders.'),
  kw('coverage', '#coverage', str({ pattern: '^/.+/$', patternHint: COVERAGE_HINT }), 'A regular expression that finds the code coverage percentage in the job log.'),
  kw('dast_configuration', '#dast_configuration', dastConfigurationShape, 'The DAST site and scanner profiles the job uses.'),
  kw('dependencies', '#dependencies', list(str()), 'Jobs from earlier stages whose artifacts this job downloads; an empty list downloads none.'),
  kw('environment', '#environment', environmentShape, 'The environment (such as `production`) the job deploys to.'),
  kw('extends', '#extends', union(str(), list(str(), { minItems: 1 })), 'Jobs or hidden templates whose configuration this job takes over and can override.'),
  kw('hooks', '#hooks', hooksShape, 'Commands the runner runs at fixed points of the job, such as before fetching sources.'),
  kw('id_tokens', '#id_tokens', idTokensShape, 'OpenID Connect tokens the job receives as variables, for signing in to other services.'),
  kw('identity', '#identity', oneOfStrings(['google_cloud']), 'A workload identity (such as `google_cloud`) the job authenticates with.'),
  kw('image', '#image', imageShape, 'The container image the job runs in.'),
  kw('inherit', '#inherit', mapping('inherit', [
    kw('default', '#inheritdefault', union(bool, list(oneOfStrings(DEFAULTABLE))), '`false` ignores `default:`; a list takes over only those keywords.'),
    kw('variables', '#inheritvariables', union(bool, list(str())), '`false` ignores top-level `variables:`; a list takes over only those variables.'),
  ]), 'Chooses which `default:` keywords and top-level variables the job takes over.'),
  kw('inputs', '#inputs', jobInputsShape, 'Inputs of the job, with defaults that can be changed when the job is run by hand.'),
  kw('interruptible', '#interruptible', bool, 'Whether a newer pipeline on the same ref may cancel this job while it runs.'),
  kw('manual_confirmation', '#manual_confirmation', str(), 'Text of the confirmation a person must accept before starting this manual job.'),
  kw('needs', '#needs', needsShape, 'Jobs to wait for (and take artifacts from) instead of waiting for the whole previous stage.'),
  kw('only', '#only--except', onlyExceptShape, 'Legacy conditions: create the job only for these refs, variables or changes.', { deprecated: 'use `rules`' }),
  kw('except', '#only--except', onlyExceptShape, 'Legacy conditions: do not create the job for these refs, variables or changes.', { deprecated: 'use `rules`' }),
  kw('pages', '#pages', pagesShape, 'Makes the job deploy a GitLab Pages site; a mapping sets where the site comes from and its URL prefix.'),
  kw('parallel', '#parallel', parallelShape, 'Runs several copies of the job at once: a count, or a `matrix` of variable values.', { expect: 'a number from 1 to 200 or a `matrix`' }),
  kw('publish', '#pagespublish', str(), 'Directory published by a Pages job.', { deprecated: 'use `pages:publish`' }),
  kw('release', '#release', releaseShape, 'Creates a GitLab release (and its tag) when the job succeeds.'),
  kw('resource_group', '#resource_group', str(), 'Name of a lock: jobs sharing it never run at the same time, across pipelines.'),
  kw('retry', '#retry', retryShape, 'How often (0 to 2) and for which failures GitLab retries the job.'),
  kw('rules', '#rules', jobRulesShape, 'Conditions checked in order; the first match decides whether and how the job runs.'),
  kw('run', '#run', stepsShape, 'Steps the job runs, as an alternative to `script`.'),
  kw('script', '#script', requiredScriptShape, 'The shell commands the runner executes for the job.'),
  kw('secrets', '#secrets', secretsShape, 'Secrets from an external manager (Vault, cloud secret managers) given to the job as variables.'),
  kw('services', '#services', servicesShape, 'Extra containers (such as a database) running next to the job.'),
  kw('stage', '#stage', str({ minLength: 1 }), 'The stage the job belongs to; `test` when omitted.'),
  kw('start_in', '#start_in', str({ minLength: 1 }), 'Delay before a `when: delayed` job starts, such as `30 minutes` (at most one week).', { expect: DURATION }),
  kw('tags', '#tags', tagsShape, 'Runner tags: only runners having all of them pick the job.'),
  kw('timeout', '#timeout', durationShape, 'Longest time the job may run, such as `1h 30m`.', { expect: DURATION }),
  kw('trigger', '#trigger', triggerShape, 'Starts a downstream pipeline, in another project or as a child pipeline, instead of running a script.'),
  kw('variables', '#variables', jobVariables, 'Variables set for this job, overriding top-level ones of the same name.'),
  kw('when', '#when', oneOfStrings(JOB_LEVEL_WHEN), 'When the job runs: `on_success` (default), `on_failure`, `always`, `manual` or `delayed`.'),
];

const byName = new Map(JOB_KEYWORDS.map((k) => [k.name, k]));

function pick(names: readonly string[]): Keyword[] {
  return names.map((n) => {
    const found = byName.get(n);
    if (!found) throw new Error(`unknown job keyword in model: ${n}`);
    return found;
  });
}

/** What GitLab accepts in a job with `trigger:` (a bridge to a downstream pipeline). */
export const TRIGGER_JOB_KEYS = [
  'allow_failure', 'environment', 'extends', 'inherit', 'interruptible', 'needs', 'only', 'except', 'parallel',
  'resource_group', 'rules', 'stage', 'trigger', 'variables', 'when',
] as const;

export const jobShape: ObjectShape = mapping('job', JOB_KEYWORDS);
/** Trigger jobs cannot be delayed; they keep every other keyword's meaning. */
const triggerWhen = kw('when', '#when', oneOfStrings(['on_success', 'on_failure', 'always', 'manual']), 'When the downstream pipeline starts: `on_success` (default), `on_failure`, `always` or `manual`.');
export const triggerJobShape: ObjectShape = mapping('trigger-job', pick(TRIGGER_JOB_KEYS).map((k) => (k.name === 'when' ? triggerWhen : k)));
export const defaultShape: ObjectShape = mapping('default', pick(DEFAULTABLE));
