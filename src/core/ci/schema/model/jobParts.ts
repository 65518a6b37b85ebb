/** The larger job keyword values: needs, parallel, environment, release, trigger, pages, run. */
import { anything, bool, dict, int, kw, list, mapping, num, oneOfStrings, str, union } from '../shapes';
import type { Keyword, ObjectShape, Shape, UnionShape } from '../shapes';

const matrixValue: Shape = union(str(), num(), list(union(str(), num())));
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
  options: [str()],
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
      needsParallel,
    ], { required: ['pipeline', 'job'] }) },
  ],
  fallback: mapping('needs item', [
    kw('job', '#needs', str({ minLength: 1 }), 'Name of the job to wait for.'),
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
    kw('url', '#environmenturl', str(), 'Link to the deployed application, shown in merge requests and on the environment page.'),
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
  kw('released_at', '#releasereleased_at', str(), 'Date and time of the release in ISO 8601, such as `2024-05-01T12:00:00Z`.'),
  kw('assets', '#releaseassetslinks', mapping('release:assets', [
    kw('links', '#releaseassetslinks', list(mapping('release:assets:links item', [
      kw('name', '#releaseassetslinks', str({ minLength: 1 }), 'Text of the link.'),
      kw('url', '#releaseassetslinks', str({ minLength: 1 }), 'Where the asset is downloaded from.'),
      kw('filepath', '#releaseassetslinks', str(), 'Older name of `direct_asset_path`.', { deprecated: 'use `direct_asset_path`' }),
      kw('direct_asset_path', '#releaseassetslinks', str(), 'Permanent path under the release that redirects to `url`.'),
      kw('link_type', '#releaseassetslinks', oneOfStrings(['other', 'runbook', 'image', 'package']), 'Kind of asset: `other` (default), `runbook`, `image` or `package`.'),
    ], { required: ['name', 'url'] }), { minItems: 1 }), 'Links listed as release assets.'),
  ], { required: ['links'] }), 'Files or links attached to the release.'),
], { required: ['tag_name'] });

const triggerInputs: Shape = dict(anything, 'mapping');
const strategy = kw('strategy', '#triggerstrategy', oneOfStrings(['depend', 'mirror']), '`depend` makes the trigger job wait for the downstream pipeline and take its status; `mirror` does the same and mirrors it.');
const forward = kw('forward', '#triggerforward', mapping('trigger:forward', [
  kw('yaml_variables', '#triggerforward', bool, 'Pass the trigger job\'s variables downstream (default `true`).'),
  kw('pipeline_variables', '#triggerforward', bool, 'Pass variables of the upstream pipeline run (manual, scheduled or API) downstream (default `false`).'),
]), 'Which variables the downstream pipeline receives.');
const inputsKeyword = kw('inputs', '../inputs/', triggerInputs, 'Values for the `spec:inputs` of the configuration being started or included.');

const childInclude = (key: string, extra: Keyword[], required: string[]): { key: string; shape: ObjectShape } => ({
  key,
  shape: mapping('trigger:include item', [...extra, inputsKeyword], { required }),
});

const triggerIncludeItem: UnionShape = {
  kind: 'union',
  options: [str()],
  discriminated: [
    childInclude('local', [kw('local', '#triggerinclude', str(), 'Configuration file in this repository.')], ['local']),
    childInclude('template', [kw('template', '#triggerinclude', str(), 'A GitLab CI/CD template.')], ['template']),
    childInclude('artifact', [
      kw('artifact', '#triggerinclude', str(), 'Configuration file generated by another job, taken from its artifacts.'),
      kw('job', '#triggerinclude', str(), 'The job that generated the file.'),
    ], ['artifact', 'job']),
    childInclude('project', [
      kw('project', '#triggerinclude', str(), 'Project holding the configuration file.'),
      kw('ref', '#triggerinclude', str({ minLength: 1 }), 'Branch, tag or commit of that project.'),
      kw('file', '#triggerinclude', str(), 'Path of the configuration file in that project.'),
    ], ['project', 'file']),
    childInclude('component', [kw('component', '#triggerinclude', str(), 'A CI/CD component.')], ['component']),
    childInclude('remote', [kw('remote', '#triggerinclude', str(), 'URL of a configuration file.')], ['remote']),
  ],
};

export const triggerShape: UnionShape = {
  kind: 'union',
  options: [str({ minLength: 1 })],
  discriminated: [
    { key: 'include', shape: mapping('trigger', [
      kw('include', '#triggerinclude', union(str(), list(triggerIncludeItem, { maxItems: 3 })), 'The child pipeline\'s configuration: a file path or up to three include entries.'),
      strategy,
      forward,
    ]) },
  ],
  fallback: mapping('trigger', [
    kw('project', '#triggerproject', str(), 'Full path of the project whose pipeline to start.'),
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

export const stepsShape: Shape = list(mapping('step', [
  kw('name', '#run', str(), 'Name of the step; other steps refer to its outputs by it.'),
  kw('script', '#run', str(), 'Shell command the step runs.'),
  kw('step', '#run', anything, 'Reference to a reusable step, in Git or an OCI registry.'),
  kw('action', '#run', str(), 'A GitHub action to run.'),
  kw('exec', '#run', anything, 'A program to execute directly, without a shell.'),
  kw('env', '#run', dict(str(), 'mapping'), 'Environment variables for the step.'),
  kw('inputs', '#run', dict(anything, 'mapping'), 'Inputs passed to the step.'),
], { additional: anything }));

export const jobInputsShape: Shape = dict(anything, 'mapping');
