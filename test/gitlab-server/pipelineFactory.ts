// Turns a pipeline spec (stages + jobs) into a pipeline with its jobs and deployments.
import { requiredApprovals } from './approvals';
import type { FakeGitLabState } from './state';
import type { Job, JobPlan, JobSpec, Pipeline, PipelineSource, PipelineSpec, PipelineVariable, Project, User } from './model';

/** What a job runs when its spec does not say, by stage. */
const SCRIPT_BY_STAGE: Readonly<Record<string, readonly string[]>> = {
  build: ['npm ci', 'npm run build', 'npm test'],
  package: ['docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA .', 'docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA'],
  deploy: ['helm upgrade --install demo-service ./chart --set image.tag=$CI_COMMIT_SHORT_SHA'],
  test: ['npm run test:integration'],
  canary: ['helm upgrade --install demo-service-canary ./chart --set replicas=2'],
  clear: ['git fetch origin dev', 'git merge --no-edit origin/master', 'git push origin HEAD:dev'],
  prod: ['helm upgrade --install demo-service ./chart --set image.tag=$CI_COMMIT_SHORT_SHA'],
};

export const DEFAULT_QUEUE_SEC = 2;
export const DEFAULT_DURATION_SEC = 20;

export interface NewPipeline {
  readonly ref: string;
  readonly user: User;
  readonly source?: PipelineSource;
  readonly sha?: string;
  readonly variables?: readonly PipelineVariable[];
  /** Defaults to the project's spec for this ref and source. */
  readonly spec?: PipelineSpec;
  readonly mergeRequestIid?: number;
  readonly parent?: { readonly pipelineId: number; readonly bridgeId: number };
}

export class PipelineCreationError extends Error {}

export function createPipeline(state: FakeGitLabState, project: Project, input: NewPipeline): Pipeline {
  const source = input.source ?? 'push';
  const sha = input.sha ?? state.resolveRef(project, input.ref);
  if (!sha) throw new PipelineCreationError('Reference not found');
  const spec = input.spec ?? project.resolveSpec(input.ref, source);
  if (!spec) throw new PipelineCreationError('Missing CI config file');
  const now = state.clock.now();
  const parentSha = project.commits.get(sha)?.parentIds[0];
  const pipeline: Pipeline = {
    id: state.nextId('pipeline'),
    iid: state.nextId(`pipeline:${project.id}`),
    projectId: project.id,
    ref: input.ref,
    sha,
    beforeSha: parentSha ?? '0000000000000000000000000000000000000000',
    source,
    userId: input.user.id,
    createdAt: now,
    stages: spec.stages,
    variables: input.variables ?? [],
    name: spec.name ?? null,
    mergeRequestIid: input.mergeRequestIid ?? null,
    parent: input.parent ?? null,
    status: 'created',
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  };
  state.pipelines.set(pipeline.id, pipeline);
  for (const jobSpec of spec.jobs) addJob(state, project, pipeline, jobSpec);
  return pipeline;
}

function planOf(spec: JobSpec): JobPlan {
  return {
    queueSec: spec.queueSec ?? DEFAULT_QUEUE_SEC,
    durationSec: spec.durationSec ?? DEFAULT_DURATION_SEC,
    result: spec.result ?? 'success',
    failureReason: 'script_failure',
    script: spec.script ?? SCRIPT_BY_STAGE[spec.stage] ?? [`echo "running ${spec.name}"`],
  };
}

function addJob(state: FakeGitLabState, project: Project, pipeline: Pipeline, spec: JobSpec): Job {
  const stageIdx = pipeline.stages.indexOf(spec.stage);
  if (stageIdx < 0) throw new PipelineCreationError(`${spec.name} job: chosen stage does not exist; available stages are ${pipeline.stages.join(', ')}`);
  const when = spec.when ?? 'on_success';
  return insertJob(state, project, pipeline, {
    id: state.nextId('job'),
    pipelineId: pipeline.id,
    projectId: project.id,
    name: spec.name,
    stage: spec.stage,
    stageIdx,
    kind: spec.trigger ? 'bridge' : 'build',
    when,
    allowFailure: spec.allowFailure ?? when === 'manual',
    needs: spec.needs ?? null,
    environment: spec.environment ?? null,
    plan: planOf(spec),
    childSpec: spec.trigger ?? null,
    ...(spec.outputs ? { outputs: spec.outputs } : {}),
    createdAt: state.clock.now(),
    status: 'created',
    userId: pipeline.userId,
    retried: false,
    played: false,
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    failureReason: null,
    trace: '',
    logCursor: 0,
    jobVariables: [],
    downstreamPipelineId: null,
    updatedAt: state.clock.now(),
  });
}

/** Stores a job and, when it deploys somewhere, its environment and deployment. */
export function insertJob(state: FakeGitLabState, project: Project, pipeline: Pipeline, job: Job): Job {
  state.storeJob(job);
  if (job.environment) {
    const env = state.ensureEnvironment(project, job.environment.name, job.environment.tier, job.environment.url);
    const now = state.clock.now();
    const id = state.nextId('deployment');
    state.deployments.set(id, {
      id,
      iid: state.nextId(`deployment:${project.id}`),
      projectId: project.id,
      environmentId: env.id,
      jobId: job.id,
      ref: pipeline.ref,
      sha: pipeline.sha,
      userId: job.userId,
      createdAt: now,
      status: 'created',
      updatedAt: now,
      finishedAt: null,
      approvals: [],
    });
  }
  return job;
}

/** A fresh attempt of a job, as GitLab's retry makes it: new id, same definition. */
export function cloneJob(state: FakeGitLabState, job: Job, user: User): Job {
  const pipeline = state.pipelineOf(job);
  const now = state.clock.now();
  const approvalsFirst = needsApproval(state, job);
  return insertJob(state, state.projectOf(job), pipeline, {
    ...job,
    id: state.nextId('job'),
    when: approvalsFirst ? 'manual' : job.when,
    createdAt: now,
    status: 'created',
    userId: user.id,
    retried: false,
    // A deployment job to an environment that needs approvals waits for them again (EE ProcessBuildService).
    played: (job.played || job.when !== 'manual') && !approvalsFirst,
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    failureReason: null,
    trace: '',
    logCursor: 0,
    downstreamPipelineId: null,
    updatedAt: now,
    erasedAt: null,
  });
}

function needsApproval(state: FakeGitLabState, job: Job): boolean {
  const env = job.environment ? state.findEnvironment(state.projectOf(job), job.environment.name) : undefined;
  return env !== undefined && requiredApprovals(state.findProtectedEnvironment(job.projectId, env.name)) > 0;
}
