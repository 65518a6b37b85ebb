/**
 * What each GitLab answer must look like before the rest of Release Pilot may read it: the
 * fields of `models.ts` that the lanes, gates and actions use, with their JSON types, as
 * GitLab's `lib/api/entities/` exposes them. One table, checked in one place (the adapter),
 * so `null`, `{}` or a half answer becomes a worded error instead of a `TypeError` or a
 * request to `.../merge_requests/undefined/pipelines`.
 *
 * Required fields must be present and non-null; optional ones may be absent or null but,
 * when present, must have the right type. Unknown fields and unknown status values pass.
 */
import type {
  Branch, Bridge, CiLintResult, CompareResult, CurrentUser, Deployment, DeploymentApproval, Environment, Job, MergeRequest,
  Pipeline, PipelineBasic, Project, TestReport, TokenInfo, RepositoryFile, Release, CiTemplate, CommitBasic, GraphqlAnswer,
} from './models';

type Scalar = 'string' | 'number' | 'boolean';

interface FieldRule {
  readonly required: boolean;
  readonly type: Scalar | Shape | { readonly listOf: Scalar | Shape };
}

interface Shape {
  /** How a person would name it: "a pipeline". */
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldRule>>;
}

/** What one call expects; `T` ties the check to the model it vouches for. */
export interface Expected<T> {
  readonly name: string;
  readonly list: boolean;
  readonly text: boolean;
  readonly shape?: Shape;
  /** Never set: carries `T` so a call cannot vouch for the wrong model. */
  readonly model?: T;
}

const req = (type: FieldRule['type']): FieldRule => ({ required: true, type });
const opt = (type: FieldRule['type']): FieldRule => ({ required: false, type });
const shape = (name: string, fields: Record<string, FieldRule>): Shape => ({ name, fields });

const USER = shape('a user', { id: req('number'), username: req('string'), name: req('string') });
const COMMIT = shape('a commit', { id: req('string'), short_id: opt('string'), title: opt('string') });
const PIPELINE_BASIC_FIELDS = {
  id: req('number'), project_id: opt('number'), sha: req('string'), ref: req('string'), status: req('string'),
  created_at: opt('string'), web_url: req('string'), source: opt('string'),
};
const PIPELINE = shape('a pipeline', { ...PIPELINE_BASIC_FIELDS, user: opt(USER), duration: opt('number') });
const PIPELINE_BASIC = shape('a pipeline', PIPELINE_BASIC_FIELDS);
const JOB_FIELDS = {
  id: req('number'), name: req('string'), stage: req('string'), status: req('string'), ref: opt('string'),
  allow_failure: opt('boolean'), created_at: opt('string'), web_url: opt('string'), user: opt(USER), commit: opt(COMMIT),
  pipeline: opt(shape('a pipeline', { id: req('number'), status: opt('string'), ref: opt('string'), sha: opt('string') })),
  duration: opt('number'),
  artifacts: opt({ listOf: shape('a job artifact', { file_type: req('string'), size: opt('number'), filename: opt('string') }) }),
};
const JOB = shape('a job', JOB_FIELDS);
const BRIDGE = shape('a trigger job', { ...JOB_FIELDS, downstream_pipeline: opt(PIPELINE_BASIC) });
const TEST_CASE = shape('a test case', {
  status: req('string'), name: req('string'), classname: opt('string'), file: opt('string'),
  execution_time: opt('number'), system_output: opt('string'), stack_trace: opt('string'),
});
const TEST_SUITE = shape('a test suite', {
  name: req('string'), total_count: opt('number'), failed_count: opt('number'), error_count: opt('number'),
  suite_error: opt('string'), test_cases: req({ listOf: TEST_CASE }),
});
const APPROVAL = shape('a deployment approval', { user: req(USER), status: req('string'), comment: opt('string') });
const ENVIRONMENT = shape('an environment', { id: req('number'), name: req('string'), state: opt('string'), tier: opt('string'), external_url: opt('string') });
const DEPLOYMENT = shape('a deployment', {
  id: req('number'), iid: opt('number'), ref: opt('string'), sha: opt('string'), status: req('string'),
  environment: req(shape('an environment', { id: req('number'), name: req('string') })),
  deployable: opt(JOB), user: opt(USER), pending_approval_count: opt('number'), approvals: opt({ listOf: APPROVAL }),
  approval_summary: opt(shape('an approval summary', {
    rules: req({ listOf: shape('an approval rule', { required_approvals: req('number'), deployment_approvals: opt({ listOf: APPROVAL }) }) }),
  })),
});

function one<T>(s: Shape): Expected<T> {
  return { name: s.name, list: false, text: false, shape: s };
}

function many<T>(s: Shape, plural: string): Expected<T> {
  return { name: `a list of ${plural}`, list: true, text: false, shape: s };
}

/** The expectation of every read and write of {@link GitLabApi}. */
export const EXPECTED = {
  currentUser: one<CurrentUser>(shape('a user', { ...USER.fields, state: opt('string') })),
  tokenInfo: one<TokenInfo>(shape('a token', { id: opt('number'), scopes: req({ listOf: 'string' }), active: opt('boolean'), revoked: opt('boolean'), expires_at: opt('string') })),
  project: one<Project>(shape('a project', { id: req('number'), name: opt('string'), path_with_namespace: req('string'), default_branch: opt('string'), web_url: opt('string') })),
  branches: many<Branch[]>(shape('a branch', { name: req('string'), default: opt('boolean'), protected: opt('boolean'), commit: opt(COMMIT) }), 'branches'),
  mergeRequests: many<MergeRequest[]>(shape('a merge request', {
    id: req('number'), iid: req('number'), title: opt('string'), state: opt('string'), source_branch: req('string'), target_branch: req('string'),
    sha: opt('string'), web_url: opt('string'), author: opt(USER),
  }), 'merge requests'),
  pipelines: many<PipelineBasic[]>(PIPELINE_BASIC, 'pipelines'),
  pipeline: one<Pipeline>(PIPELINE),
  jobs: many<Job[]>(JOB, 'jobs'),
  bridges: many<Bridge[]>(BRIDGE, 'trigger jobs'),
  job: one<Job>(JOB),
  jobLog: { name: 'a job log', list: false, text: true } as Expected<string>,
  environments: many<Environment[]>(ENVIRONMENT, 'environments'),
  deployments: many<Deployment[]>(DEPLOYMENT, 'deployments'),
  deployment: one<Deployment>(DEPLOYMENT),
  compare: one<CompareResult>(shape('a comparison', {
    commits: req({ listOf: COMMIT }), commit: opt(COMMIT), compare_timeout: opt('boolean'),
    diffs: opt({ listOf: shape('a file diff', { old_path: req('string'), new_path: req('string'), diff: req('string') }) }),
  })),
  approval: one<DeploymentApproval>(APPROVAL),
  commit: one<CommitBasic>(COMMIT),
  repositoryFile: one<RepositoryFile>(shape('a repository file', {
    file_path: req('string'), size: req('number'), encoding: req('string'), content: req('string'), commit_id: req('string'), blob_id: opt('string'), ref: opt('string'),
  })),
  releases: many<Release[]>(shape('a release', { tag_name: req('string'), released_at: opt('string'), upcoming_release: opt('boolean'), commit: opt(COMMIT) }), 'releases'),
  ciTemplate: one<CiTemplate>(shape('a CI template', { name: req('string'), content: req('string') })),
  testReport: one<TestReport>(shape('a test report', { total_count: req('number'), failed_count: opt('number'), error_count: opt('number'), test_suites: req({ listOf: TEST_SUITE }) })),
  artifactFile: { name: 'an artifact file', list: false, text: true } as Expected<string>,
  /** Only the envelope: what `data` holds depends on the query, and its reader checks it (lanes/gatesQuery.ts). */
  graphqlAnswer: one<GraphqlAnswer>(shape('a GraphQL answer', { errors: opt({ listOf: shape('a GraphQL error', { message: req('string') }) }) })),
  ciLint: one<CiLintResult>(shape('a lint result', { valid: req('boolean'), errors: req({ listOf: 'string' }), warnings: opt({ listOf: 'string' }), merged_yaml: opt('string') })),
} as const;

export type ShapeProblem = { readonly answer: 'empty' | 'wrong-shape'; readonly what: string };

/** Undefined when `value` is what `expected` promises; else what is wrong, in words. */
export function shapeProblem(expected: Expected<unknown>, value: unknown): ShapeProblem | undefined {
  if (value === null || value === undefined || value === '') {
    return expected.text && value === '' ? undefined : { answer: 'empty', what: expected.name };
  }
  if (expected.text) return typeof value === 'string' ? undefined : { answer: 'wrong-shape', what: `${expected.name} (text)` };
  if (expected.list && !Array.isArray(value)) return { answer: 'wrong-shape', what: `${expected.name} (${describe(value)})` };
  if (!expected.shape) return undefined;
  const fault = expected.list ? listFault(expected.shape, value as unknown[]) : valueFault(expected.shape, value);
  return fault ? { answer: 'wrong-shape', what: `${expected.list ? expected.name : expected.shape.name} (${fault})` } : undefined;
}

function listFault(s: Shape, items: readonly unknown[]): string | undefined {
  for (const [index, item] of items.entries()) {
    const fault = valueFault(s, item);
    if (fault) return `item ${index + 1}: ${fault}`;
  }
  return undefined;
}

function valueFault(s: Shape, value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `got ${describe(value)}`;
  const record = value as Readonly<Record<string, unknown>>;
  for (const [field, rule] of Object.entries(s.fields)) {
    const fieldValue = record[field];
    if (fieldValue === undefined || fieldValue === null) {
      if (rule.required) return `no "${field}"`;
      continue;
    }
    const fault = typeFault(rule.type, fieldValue);
    if (fault) return `"${field}" ${fault}`;
  }
  return undefined;
}

function typeFault(type: FieldRule['type'], value: unknown): string | undefined {
  if (typeof type === 'string') return typeof value === type ? undefined : `is ${describe(value)}, not a ${type}`;
  if ('listOf' in type) {
    if (!Array.isArray(value)) return `is ${describe(value)}, not a list`;
    for (const item of value) {
      const fault = typeFault(type.listOf, item);
      if (fault) return `has an item that ${fault}`;
    }
    return undefined;
  }
  const fault = valueFault(type, value);
  return fault ? `is not ${type.name}: ${fault}` : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length > 40 ? 'text' : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${value}`;
  return typeof value;
}
