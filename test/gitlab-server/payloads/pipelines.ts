// Pipelines, jobs and bridges as GitLab renders them (Entities::Ci::PipelineBasic, Pipeline,
// JobBasic, Job, Bridge). Jobs carry no `when`/`manual` field: a manual job is `status: manual`.
import { iso } from '../clock';
import { artifactList } from '../jobOutputs';
import type { Job, Pipeline } from '../model';
import type { FakeGitLabState } from '../state';
import { DETAILED_STATUS, FINAL_STATUSES } from '../statusRules';
import { commit, projectUrl } from './projects';
import { userBasic } from './users';

const seconds = (from: number | null, to: number | null): number | null =>
  from === null || to === null ? null : Math.max(0, to - from) / 1000;

export function pipelineWebUrl(state: FakeGitLabState, p: Pipeline): string {
  return `${projectUrl(state, state.projectOf(p))}/-/pipelines/${p.id}`;
}

export function pipelineBasic(state: FakeGitLabState, p: Pipeline): Record<string, unknown> {
  return {
    id: p.id,
    iid: p.iid,
    project_id: p.projectId,
    sha: p.sha,
    ref: p.ref,
    status: p.status,
    source: p.source,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
    web_url: pipelineWebUrl(state, p),
  };
}

/** The list entity (PipelineBasicWithMetadata) adds the pipeline's name. */
export function pipelineListItem(state: FakeGitLabState, p: Pipeline): Record<string, unknown> {
  return { ...pipelineBasic(state, p), name: p.name };
}

export function detailedStatus(state: FakeGitLabState, status: Job['status'], detailsPath: string): Record<string, unknown> {
  const look = DETAILED_STATUS[status];
  return {
    icon: look.icon,
    text: look.text,
    label: look.label,
    group: status,
    tooltip: look.label,
    has_details: true,
    details_path: detailsPath,
    illustration: null,
    favicon: `/assets/ci_favicons/favicon_${look.icon}.png`,
  };
}

export function pipelineFull(state: FakeGitLabState, p: Pipeline): Record<string, unknown> {
  const project = state.projectOf(p);
  const finished = FINAL_STATUSES.has(p.status);
  return {
    ...pipelineListItem(state, p),
    before_sha: p.beforeSha,
    tag: false,
    yaml_errors: null,
    user: userBasic(state, state.userOf(p.userId)),
    started_at: iso(p.startedAt),
    finished_at: iso(p.finishedAt),
    committed_at: iso(project.commits.get(p.sha)?.createdAt ?? null),
    duration: finished ? seconds(p.startedAt, p.finishedAt) : null,
    queued_duration: seconds(p.createdAt, p.startedAt ?? state.clock.now()),
    coverage: null,
    detailed_status: detailedStatus(state, p.status, new URL(pipelineWebUrl(state, p)).pathname),
    archived: false,
  };
}

export function jobWebUrl(state: FakeGitLabState, job: Job): string {
  return `${projectUrl(state, state.projectOf(job))}/-/jobs/${job.id}`;
}

function jobBasic(state: FakeGitLabState, job: Job): Record<string, unknown> {
  const pipeline = state.pipelineOf(job);
  const project = state.projectOf(job);
  const now = state.clock.now();
  const head = project.commits.get(pipeline.sha);
  const basic: Record<string, unknown> = {
    id: job.id,
    status: job.status,
    stage: job.stage,
    name: job.name,
    ref: pipeline.ref,
    tag: false,
    coverage: null,
    allow_failure: job.allowFailure,
    created_at: iso(job.createdAt),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    erased_at: iso(job.erasedAt ?? null),
    duration: job.startedAt === null ? null : seconds(job.startedAt, job.finishedAt ?? now),
    queued_duration: job.queuedAt === null ? null : seconds(job.queuedAt, job.startedAt ?? now),
    user: userBasic(state, state.userOf(job.userId)),
    commit: head ? commit(state, project, head) : null,
    pipeline: pipelineBasic(state, pipeline),
    web_url: jobWebUrl(state, job),
    project: { ci_job_token_scope_enabled: false },
  };
  if (job.status === 'failed') basic['failure_reason'] = job.failureReason ?? 'unknown_failure';
  return basic;
}

export function job(state: FakeGitLabState, j: Job): Record<string, unknown> {
  return {
    ...jobBasic(state, j),
    artifacts: artifactList(j),
    runner: j.startedAt === null ? null : { id: 1, description: 'fake-runner-1', ip_address: null, active: true, paused: false, is_shared: true, runner_type: 'instance_type', name: 'gitlab-runner', online: true, status: 'online' },
    runner_manager: null,
    artifacts_expire_at: null,
    archived: false,
    tag_list: [],
  };
}

export function bridge(state: FakeGitLabState, j: Job): Record<string, unknown> {
  const downstream = j.downstreamPipelineId === null ? undefined : state.pipelines.get(j.downstreamPipelineId);
  return { ...jobBasic(state, j), downstream_pipeline: downstream ? pipelineBasic(state, downstream) : null };
}

/** Play and retry answer with the job or bridge entity, whichever the job is. */
export function anyJob(state: FakeGitLabState, j: Job): Record<string, unknown> {
  return j.kind === 'bridge' ? bridge(state, j) : job(state, j);
}
