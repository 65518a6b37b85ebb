/**
 * Payload builders for every test level: GitLab-shaped objects (as the REST API returns them)
 * with sensible defaults, overridden per test.
 */
import type { ReadResult } from '../../src/core/gitlab/client';
import type { Bridge, CiStatus, Deployment, Environment, Job, MergeRequest, Pipeline, PipelineBasic } from '../../src/core/gitlab/models';

export const PROJECT_ID = 42;

export function pipelineBasic(id: number, overrides: Partial<PipelineBasic> = {}): PipelineBasic {
  return {
    id,
    project_id: PROJECT_ID,
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    ref: 'dev',
    status: 'success',
    source: 'push',
    created_at: '2026-11-29T17:00:00Z',
    updated_at: '2026-11-29T17:05:00Z',
    web_url: `https://gitlab.example.com/g/p/-/pipelines/${id}`,
    ...overrides,
  };
}

export function pipeline(id: number, overrides: Partial<Pipeline> = {}): Pipeline {
  return {
    ...pipelineBasic(id),
    user: { id: 1, username: 'alice', name: 'Alice' },
    started_at: '2026-11-29T17:00:10Z',
    finished_at: '2026-11-29T17:02:20Z',
    duration: 130,
    ...overrides,
  };
}

export function job(id: number, name: string, stage: string, status: CiStatus = 'success', overrides: Partial<Job> = {}): Job {
  return {
    id,
    name,
    stage,
    status,
    ref: 'dev',
    allow_failure: false,
    created_at: '2026-11-29T17:00:00Z',
    started_at: status === 'created' || status === 'manual' ? null : '2026-11-29T17:00:10Z',
    duration: status === 'success' || status === 'failed' ? 30 : null,
    commit: { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', short_id: 'a1b2c3d4', title: 'Fix login' },
    pipeline: { id: 12, project_id: PROJECT_ID, ref: 'dev', sha: 'a1b2c3d4', status: 'running' },
    web_url: `https://gitlab.example.com/g/p/-/jobs/${id}`,
    ...overrides,
  };
}

export function bridge(id: number, name: string, stage: string, downstream: PipelineBasic | null, status: CiStatus = 'success'): Bridge {
  return { ...job(id, name, stage, status), downstream_pipeline: downstream };
}

export function mergeRequest(iid: number, sourceBranch: string, overrides: Partial<MergeRequest> = {}): MergeRequest {
  return {
    id: 1000 + iid,
    iid,
    title: `MR ${iid}`,
    state: 'opened',
    source_branch: sourceBranch,
    target_branch: 'dev',
    sha: 'ffff',
    web_url: `https://gitlab.example.com/g/p/-/merge_requests/${iid}`,
    ...overrides,
  };
}

export function deployment(id: number, deployable: Job, environment: string, overrides: Partial<Deployment> = {}): Deployment {
  return {
    id,
    iid: id,
    ref: deployable.ref,
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    status: 'created',
    created_at: '2026-11-29T17:00:00Z',
    deployable,
    environment: { id: id * 10, name: environment },
    ...overrides,
  };
}

export function environment(id: number, name: string, tier?: string): Environment {
  return { id, name, state: 'available', ...(tier ? { tier } : {}) };
}

export function read<T>(data: T, unchanged = false): ReadResult<T> {
  return { data, unchanged };
}
