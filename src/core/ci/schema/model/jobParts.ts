/** The larger job keyword values: needs, parallel, environment, release, trigger, pages, run. */
import { anything, bool, dict, int, kw, list, mapping, nul, num, oneOfStrings, str, union } from '../shapes';
import type { Keyword, ObjectShape, Shape, UnionShape } from '../shapes';

const matrixValue: Shape = union(str(), num(), list(anything));
const matrixShape: Shape = list(dict(matrixValue, 'mapping'), { maxItems: 200 });

const matrixOnly = (docs: string, summary: string): ObjectShape => mapping('parallel', [
  kw('matrix', docs, matrixShape, summary),
], { required: ['matrix'] });

export const parallelShape: Shape = union(
  int(1, 200),
  matrixOnly('#parallelmatrix', 'A list of variable sets; one job runs for every combination of values in each set.'),
);

const needsParallel = kw('parallel', '#needsparallelmatrix', matrixOnly('#needsparallelmatrix', 'The variable values of the matrix job(s) to wait for.'), 'Waits only for the matrix jobs with these variable values.');
const needsArtifacts = kw('artifacts', '#needsartifacts', bool, 'Whether to download the artifacts of that job (default `true`).');

const needsItem: UnionShape = {
  kind: 'union',
  // A list of job names stands for a `!reference` that GitLab expands in place.
  options: [str(), list(str({ minLength: 1 }))],
  discriminated: [
    { key: 'project', shape: mapping('needs item', [
      kw('project', '#needsproject', str(), 'Full path of the other project.'),
      kw('job', '#needsproject', str(), 'Job in that project whose artifacts to download.'),
      kw('ref', '#needsproject', str(), 'Branch or tag of that project.'),
      needsArtifacts,
      needsParallel,
    ], { required: ['project', 'job', 'ref'] }) },
    { key: 'pipeline', shape: mapping('needs item', [
      kw('pipeline', '#needspipelinejob', str(), 'ID of the parent pipeline, usually `$PARENT_PIPELINE_ID`.'),
      kw('job', '#needspipelinejob', str(), 'Job of that pipeline whose artifacts to download.'),
      needsArtifacts,
      kw('optional', '#needsoptional', bool, 'Whether the job may be missing from that pipeline.'),
      needsParallel,
    ], { required: ['pipeline', 'job'] }) },
  ],
  fallback: mapping('needs item', [
    kw('job', '#needs', str(), 'Name of the job to wait for.'),
    needsArtifacts,
    kw('optional', '#needsoptional', bool, 'Whether the job may be missing from the pipeline (for example because its rules left it out).'),
    needsParallel,
  ], { required: ['job'] }),
};

export const needsShape: Shape = union(
  list(needsItem),
  mapping('needs item', [
    kw('pipeline', '#needspipeline', str(), 'Upstream project whose pipeline status this job mirrors.'),
  ], { required: ['pipeline'] }),
);

/** A real calendar date and time (leap years included), as GitLab's schema checks it. */
const RELEASED_AT = '^(?:[1-9]\\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:Z|[+-][01]\\d:[0-5]\\d)$';

const DEPLOYMENT_TIERS = ['production', 'staging', 'testing', 'development', 'other'] as const;
const ENV_ACTIONS = ['start', 'prepare', 'stop', 'verify', 'access'] as const;

const kubernetesDashboard: Keyword[] = [
  kw('namespace', '#environmentkubernetes', str({ minLength: 1 }), 'Kubernetes namespace shown on the environment\'s dashboard.'),
  kw('flux_resource_path', '#environmentkubernetes', str(), 'Full path of the Flux resource shown on the dashboard.'),
];

export const environmentShape: Shape = union(
  str(),
  mapping('environment', [
    kw('name', '#environmentname', str({ minLength: 1 }), 'Name of the environment the job deploys to, such as `production` or `review/$CI_COMMIT_REF_SLUG`.'),
    kw('url', '#environmenturl', str({ pattern: '^(https?://.+|\\$[A-Za-z]+|\\$\\{[A-Za-z_])', patternHint: 'an `http(s)://` URL or a `$VARIABLE`' }), 'Link to the deployed application, shown in merge requests and on the environment page.'),
    kw('on_stop', '#environmenton_stop', str(), 'The job that stops (tears down) this environment.'),
    kw('action', '#environmentaction', oneOfStrings(ENV_ACTIONS), 'What the job does to the environment: `start` (default), `prepare`, `stop`, `verify` or `access`.'),
    kw('auto_stop_in', '#environmentauto_stop_in', str(), 'Stops the environment after this long, such as `1 week`; `never` keeps it.'),
    kw('kubernetes', '#environmentkubernetes', mapping('environment:kubernetes', [
      kw('agent', '#environmentkubernetes', str(), 'The GitLab agent for Kubernetes, as `path/to/agent/project:agent-name`.'),
      ...kubernetesDashboard,
      kw('managed_resources', '#environmentkubernetes', mapping('environment:kubernetes', [
        kw('enabled', '#environmentkubernetes', bool, 'Whether GitLab manages Kubernetes resources for this environment.'),
      ]), 'Settings for Kubernetes resources GitLab manages.'),
      kw('dashboard', '#environmentkubernetes', mapping('environment:kubernetes', kubernetesDashboard), 'What the environment\'s Kubernetes dashboard shows.'),
    ]), 'Kubernetes settings for the environment\'s dashboard.'),
    kw('deployment_tier', '#environmentdeployment_tier', oneOfStrings(DEPLOYMENT_TIERS), 'Tier of the environment when its name does not tell: `production`, `staging`, `testing`, `development` or `other`.'),
  ], { required: ['name'] }),
);

export const releaseShape: Shape = mapping('release', [
  kw('tag_name', '#releasetag_name', str({ minLength: 1 }), 'Tag of the release; created from `ref` when it does not exist yet.'),
  kw('tag_message', '#releasetag_message', str(), 'Message of the annotated tag created for the release.'),
  kw('name', '#releasename', str(), 'Title of the release; the tag name when omitted.'),
  kw('description', '#releasedescription', str({ minLength: 1 }), 'Release notes (Markdown), or the path of a file holding them.'),
  kw('ref', '#releaseref', str(), 'Commit, branch or tag the new tag points at.'),
  kw('milestones', '#releasemilestones', list(str()), 'Titles of the milestones linked to the release.'),
  kw('released_at', '#releasereleased_at', str({ pattern: RELEASED_AT, patternHint: 'a date and time in ISO 8601, such as `2024-05-01T12:00:00Z`' }), 'Date and time of the release in ISO 8601, such as `2024-05-01T12:00:00Z`.'),
  kw('assets', '#releaseassetslinks', mapping('release:assets', [
    kw('links', '#releaseassetslinks', list(mapping('release:assets:links item', [
      kw('name', '#releaseassetslinks', str({ minLength: 1 }), 'Text of the link.'),
      kw('url', '#releaseassetslinks', str({ minLength: 1 }), 'Where the asset is downloaded from.'),
      kw('filepath', '#releaseassetslinks', str(), 'Older name of `direct_asset_path`.', { deprecated: 'use `direct_asset_path`' }),
      kw('direct_asset_path', '#releaseassetslinks', str(), 'Permanent path under the release that redirects to `url`.'),
      kw('link_type', '#releaseassetslinks', oneOfStrings(['other', 'runbook', 'image', 'package']), 'Kind of asset: `other` (default), `runbook`, `image` or `package`.'),
    ], { required: ['name', 'url'] }), { minItems: 1 }), 'Links listed as release assets.'),
  ], { required: ['links'] }), 'Files or links attached to the release.'),
], { required: ['tag_name', 'description'] });

/** `group/project`, `group/sub/project` or a variable: GitLab refuses a bare name or a path with slashes at either end. */
const PROJECT_PATH = { pattern: '(?:\\S/\\S|\\$\\S+)', patternHint: 'a full project path such as `group/project`, or a `$VARIABLE`' } as const;
const YAML_FILE = { pattern: '\\.ya?ml$', patternHint: 'the path of a `.yml` or `.yaml` file' } as const;
export const projectPath = (): Shape => str(PROJECT_PATH);
export const yamlFile = (): Shape => str(YAML_FILE);
export const REMOTE_URL = { pattern: '^https?://.+\\.ya?ml$', patternHint: 'an `http(s)://` URL of a `.yml` or `.yaml` file' } as const;

/** Values passed to `spec:inputs`: names of letters, digits, `_` and `-`; strings of at most 1024 characters. */
export const inputValues: Shape = dict(
  union(str({ maxLength: 1024 }), num(), bool, list(anything), dict(anything, 'mapping'), nul),
  'mapping',
  { keyPattern: { pattern: '^[a-zA-Z0-9_-]+$', hint: 'input names use letters, digits, `_` and `-`' } },
);

const strategy = kw('strategy', '#triggerstrategy', oneOfStrings(['depend', 'mirror']), '`depend` makes the trigger job wait for the downstream pipeline and take its status; `mirror` does the same and mirrors it.');
const forward = kw('forward', '#triggerforward', mapping('trigger:forward', [
  kw('yaml_variables', '#triggerforward', bool, 'Pass the trigger job\'s variables downstream (default `true`).'),
  kw('pipeline_variables', '#triggerforward', bool, 'Pass variables of the upstream pipeline run (manual, scheduled or API) downstream (default `false`).'),
]), 'Which variables the downstream pipeline receives.');
const inputsKeyword = kw('inputs', '../inputs/', inputValues, 'Values for the `spec:inputs` of the configuration being started or included.');

const childInclude = (key: string, extra: Keyword[], required: string[]): { key: string; shape: ObjectShape } => ({
  key,
  shape: mapping('trigger:include item', [...extra, inputsKeyword], { required }),
});

const triggerIncludeItem: UnionShape = {
  kind: 'union',
  options: [],
  discriminated: [
    childInclude('local', [kw('local', '#triggerinclude', yamlFile(), 'Configuration file in this repository.')], ['local']),
    childInclude('template', [kw('template', '#triggerinclude', yamlFile(), 'A GitLab CI/CD template.')], ['template']),
    childInclude('artifact', [
      kw('artifact', '#triggerinclude', yamlFile(), 'Configuration file generated by another job, taken from its artifacts.'),
      kw('job', '#triggerinclude', str(), 'The job that generated the file.'),
    ], ['artifact', 'job']),
    childInclude('project', [
      kw('project', '#triggerinclude', projectPath(), 'Project holding the configuration file.'),
      kw('ref', '#triggerinclude', str({ minLength: 1 }), 'Branch, tag or commit of that project.'),
      kw('file', '#triggerinclude', yamlFile(), 'Path of the configuration file in that project.'),
    ], ['project', 'file']),
    childInclude('component', [kw('component', '#triggerinclude', str(), 'A CI/CD component.')], ['component']),
    childInclude('remote', [kw('remote', '#triggerinclude', str(REMOTE_URL), 'URL of a configuration file.')], ['remote']),
  ],
};

export const triggerShape: UnionShape = {
  kind: 'union',
  options: [projectPath()],
  discriminated: [
    { key: 'include', shape: mapping('trigger', [
      kw('include', '#triggerinclude', union(yamlFile(), list(triggerIncludeItem, { maxItems: 3 })), 'The child pipeline\'s configuration: a file path or up to three include entries.'),
      strategy,
      forward,
    ]) },
  ],
  fallback: mapping('trigger', [
    kw('project', '#triggerproject', projectPath(), 'Full path of the project whose pipeline to start.'),
    kw('branch', '#triggerproject', str(), 'Branch of that project to run the pipeline on.'),
    strategy,
    forward,
    inputsKeyword,
  ], { required: ['project'] }),
};

export const pagesShape: Shape = union(
  bool,
  mapping('pages', [
    kw('publish', '#pagespublish', str(), 'Directory whose content is published; `public` by default.'),
    kw('path_prefix', '#pagespath_prefix', str(), 'Publishes this deployment as a parallel version under that URL prefix.'),
    kw('expire_in', '#pagesexpire_in', str(), 'How long this deployment stays online, such as `1 week`; `never` keeps it.'),
  ]),
);

export const dastConfigurationShape: Shape = mapping('dast_configuration', [
  kw('site_profile', '#dast_configuration', str(), 'Name of the DAST site profile.'),
  kw('scanner_profile', '#dast_configuration', str(), 'Name of the DAST scanner profile.'),
]);

/** Step names, and the names of their `env` and `inputs`: identifiers. */
const IDENTIFIER = { pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$', hint: 'names start with a letter or `_` and hold only letters, digits and `_`' } as const;
const stepName = kw('name', '#run', str({ pattern: IDENTIFIER.pattern, patternHint: 'a name of letters, digits and `_` that does not start with a digit' }), 'Name of the step; other steps refer to its outputs by it.');
const stepEnv = kw('env', '#run', dict(str(), 'mapping', { keyPattern: IDENTIFIER }), 'Environment variables for the step.');
const stepInputs = kw('inputs', '#run', dict(anything, 'mapping', { keyPattern: IDENTIFIER }), 'Inputs passed to the step.');

/** Where a step comes from: a name, a Git repository or an OCI image. */
const stepReference: UnionShape = {
  kind: 'union',
  options: [str()],
  discriminated: [
    { key: 'git', shape: mapping('step', [kw('git', '#run', mapping('step:git', [
      kw('url', '#run', str(), 'URL of the Git repository holding the step.'),
      kw('rev', '#run', str(), 'Branch, tag or commit of that repository.'),
      kw('dir', '#run', str(), 'Folder of the step in that repository.'),
      kw('file', '#run', str(), 'File of the step definition in that folder.'),
    ], { required: ['url', 'rev'] }), 'A step kept in a Git repository.')], { required: ['git'] }) },
    { key: 'oci', shape: mapping('step', [kw('oci', '#run', mapping('step:oci', [
      kw('registry', '#run', str(), 'Registry holding the step image.'),
      kw('repository', '#run', str(), 'Repository of the image in that registry.'),
      kw('tag', '#run', str(), 'Tag of the image.'),
      kw('dir', '#run', str(), 'Folder of the step in the image.'),
      kw('file', '#run', str(), 'File of the step definition in that folder.'),
    ], { required: ['registry', 'repository', 'tag'] }), 'A step published as an OCI image.')], { required: ['oci'] }) },
  ],
};

/** A step either runs a `script` or calls a `step` (or `func`); what it does decides which keywords it takes. */
const stepShape: UnionShape = {
  kind: 'union',
  options: [],
  discriminated: [
    { key: 'script', shape: mapping('step', [
      stepName, stepEnv,
      kw('script', '#run', str({ minLength: 1 }), 'Shell command the step runs.'),
    ], { required: ['name', 'script'] }) },
    { key: 'step', shape: mapping('step', [
      stepName, stepEnv, stepInputs,
      kw('step', '#run', stepReference, 'Reference to a reusable step, in Git or an OCI registry.'),
    ], { required: ['name', 'step'] }) },
    { key: 'func', shape: mapping('step', [
      stepName, stepEnv, stepInputs,
      kw('func', '#run', stepReference, 'Reference to a reusable function, in Git or an OCI registry.'),
    ], { required: ['name', 'func'] }) },
  ],
};

export const stepsShape: Shape = list(stepShape);

/** The types a job input may declare (a string when `type` is not given). */
const INPUT_TYPES = ['string', 'number', 'boolean', 'array'] as const;

const jobInput: ObjectShape = mapping('input', [
  kw('default', '#inputs', anything, 'Value of the input unless it is changed when the job is run by hand; required.'),
  kw('description', '#inputs', str({ maxLength: 1024 }), 'What the input is for.'),
  kw('options', '#inputs', list(union(str(), num(), bool)), 'The only values the input may take.'),
  kw('regex', '#inputs', str(), 'Regular expression a string input must match.'),
  kw('type', '#inputs', oneOfStrings(INPUT_TYPES), 'Type of the input: `string` (default), `number`, `boolean` or `array`.'),
], { required: ['default'] });

export const jobInputsShape: Shape = dict(jobInput, 'mapping', { maxProperties: 50 });
