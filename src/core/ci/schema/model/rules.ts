/** `rules` (job, workflow and include flavours), their conditions, and the legacy `only`/`except`. */
import { bool, int, kw, list, mapping, oneOfStrings, ref, str, union } from '../shapes';
import type { Keyword, Shape, UnionShape } from '../shapes';
import { plainVariables } from './common';

const RULE_WHEN = ['on_success', 'on_failure', 'always', 'manual', 'delayed', 'never'] as const;

export const JOB_RULE = 'jobRule';
export const WORKFLOW_RULE = 'workflowRule';
export const INCLUDE_RULE = 'includeRule';

export const allowFailureShape: Shape = union(
  bool,
  mapping('allow_failure', [
    kw('exit_codes', '#allow_failureexit_codes', union(int(), list(int(), { minItems: 1, uniqueItems: true })), 'Exit codes that count as an allowed failure; any other code fails the job.'),
  ], { required: ['exit_codes'] }),
);

const ifKeyword = kw('if', '#rulesif', str(), 'A CI/CD variable expression, such as `$CI_COMMIT_BRANCH == "main"`; the rule matches when it is true.');

const regexpKeyword = (docs: string, what: string): Keyword => kw('regexp', docs, str({ maxLength: 255 }), `A regular expression on file paths; the rule matches when ${what}.`);

/** `paths` or `regexp`, exactly one: the variant is chosen by which of them is there. */
const pathsOrRegexp = (context: 'changes' | 'exists', own: (first: Keyword) => Keyword[], paths: Keyword, regexp: Keyword, dependencies?: Readonly<Record<string, readonly string[]>>): UnionShape => ({
  kind: 'union',
  options: [list(str())],
  discriminated: [
    { key: 'paths', shape: mapping(context, own(paths), { required: ['paths'], ...(dependencies ? { dependencies } : {}) }) },
    { key: 'regexp', shape: mapping(context, own(regexp), { required: ['regexp'], ...(dependencies ? { dependencies } : {}) }) },
  ],
});

const compareTo = kw('compare_to', '#ruleschangescompare_to', str(), 'Branch, tag or commit to compare against instead of the default.');
const changesKeyword = kw('changes', '#ruleschanges', pathsOrRegexp(
  'changes',
  (first) => [first, compareTo],
  kw('paths', '#ruleschangespaths', list(str()), 'Files or globs; the rule matches when any of them changed.'),
  regexpKeyword('#ruleschanges', 'a changed file matches it'),
), 'The rule matches when a file matching one of these paths changed.');

const existsKeyword = kw('exists', '#rulesexists', pathsOrRegexp(
  'exists',
  (first) => [
    first,
    kw('project', '#rulesexistsproject', str(), 'Look for the files in this project instead of the current one.'),
    kw('ref', '#rulesexistsref', str(), 'Branch, tag or commit of `project` to look in.'),
  ],
  kw('paths', '#rulesexistspaths', list(str()), 'Files or globs; the rule matches when any of them exists.'),
  regexpKeyword('#rulesexists', 'an existing file matches it'),
  { ref: ['project'] },
), 'The rule matches when a file matching one of these paths exists in the repository.');

const ruleNeedsItem: Shape = union(
  str(),
  mapping('needs item', [
    kw('job', '#needs', str({ minLength: 1 }), 'Name of the job to wait for.'),
    kw('artifacts', '#needsartifacts', bool, 'Whether to download that job\'s artifacts.'),
    kw('optional', '#needsoptional', bool, 'Whether the job may be absent from the pipeline.'),
  ], { required: ['job'] }),
);

const AUTO_CANCEL: readonly Keyword[] = [
  kw('on_new_commit', '#workflowauto_cancelon_new_commit', oneOfStrings(['conservative', 'interruptible', 'none']), 'Which jobs a newer pipeline on the same branch cancels: `conservative`, `interruptible` or `none`.'),
  kw('on_job_failure', '#workflowauto_cancelon_job_failure', oneOfStrings(['none', 'all']), 'Set to `all` to cancel the rest of the pipeline as soon as one job fails.'),
];
export const autoCancelShape: Shape = mapping('workflow:auto_cancel', AUTO_CANCEL);

const jobRule = mapping('rules item', [
  ifKeyword,
  changesKeyword,
  existsKeyword,
  kw('when', '#ruleswhen', oneOfStrings(RULE_WHEN), 'What happens to the job when this rule matches; `never` leaves it out of the pipeline.'),
  kw('start_in', '#rulesstart_in', str({ minLength: 1 }), 'Delay before a `when: delayed` job starts, such as `30 minutes` (at most one week).'),
  kw('allow_failure', '#rulesallow_failure', bool, 'Overrides the job\'s `allow_failure` when this rule matches.'),
  kw('variables', '#rulesvariables', plainVariables, 'Variables set for the job when this rule matches.'),
  kw('needs', '#rulesneeds', list(ruleNeedsItem), 'Replaces the job\'s `needs` when this rule matches.'),
  kw('interruptible', '#rulesinterruptible', bool, 'Overrides the job\'s `interruptible` when this rule matches.'),
]);

const workflowRule = mapping('workflow:rules item', [
  ifKeyword,
  changesKeyword,
  existsKeyword,
  kw('when', '#workflowrules', oneOfStrings(['always', 'never']), '`never` stops the pipeline from being created; `always` (default) lets it run.'),
  kw('variables', '#workflowrulesvariables', plainVariables, 'Variables set for the whole pipeline when this rule matches.'),
  kw('auto_cancel', '#workflowrulesauto_cancel', autoCancelShape, 'Overrides `workflow:auto_cancel` when this rule matches.'),
]);

const includeRule = mapping('include:rules item', [
  ifKeyword,
  changesKeyword,
  existsKeyword,
  kw('when', 'includes/#include-with-rulesif', oneOfStrings(['always', 'never']), '`never` skips the file when this rule matches.'),
]);

/** Rules lists may nest (from `!reference`); GitLab flattens them. */
export const ruleDefinitions: Readonly<Record<string, Shape>> = {
  [JOB_RULE]: union(jobRule, list(ref(JOB_RULE))),
  [WORKFLOW_RULE]: union(workflowRule, list(ref(WORKFLOW_RULE))),
  [INCLUDE_RULE]: union(includeRule, list(ref(INCLUDE_RULE))),
};

export const jobRulesShape: Shape = list(ref(JOB_RULE));
export const workflowRulesShape: Shape = list(ref(WORKFLOW_RULE));
export const includeRulesShape: Shape = list(ref(INCLUDE_RULE));

export const ONLY_REFS_SUGGESTIONS = ['branches', 'tags', 'merge_requests', 'api', 'external', 'external_pull_requests', 'pipelines', 'pushes', 'schedules', 'triggers', 'web', 'chat'] as const;

const refsList: Shape = list(str({ suggest: ONLY_REFS_SUGGESTIONS }));

export const onlyExceptShape: Shape = union(
  refsList,
  mapping('only/except', [
    kw('refs', '#onlyrefs--exceptrefs', refsList, 'Branch names, regular expressions such as `/^release-.*$/`, or keywords like `branches`, `tags`, `merge_requests`.'),
    kw('variables', '#onlyvariables--exceptvariables', list(str()), 'Variable expressions; the condition holds when any of them is true.'),
    kw('changes', '#onlychanges--exceptchanges', list(str()), 'Files or globs; the condition holds when any of them changed.'),
    kw('kubernetes', '#onlykubernetes--exceptkubernetes', oneOfStrings(['active']), '`active` when the project has an active Kubernetes integration.'),
  ]),
);
