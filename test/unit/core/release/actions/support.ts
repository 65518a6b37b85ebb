/** Builders for release-action tests: pipelines, deployments and a scripted API. */
import type { GitLabApi, ReadResult } from '../../../../../src/core/gitlab/client';
import type { Job } from '../../../../../src/core/gitlab/models';
import type { PipelineView } from '../../../../../src/core/lanes/snapshot';
import { buildStages, pipelineStatus } from '../../../../../src/core/lanes/snapshot';
import { job, pipeline } from '../../../../support/gitlabPayloads';

export { deployment, environment, job, pipeline, read } from '../../../../support/gitlabPayloads';

export function view(id: number, jobs: readonly Job[], overrides: Parameters<typeof pipeline>[1] = {}): PipelineView {
  const p = pipeline(id, overrides);
  const stages = buildStages(jobs, []);
  return { pipeline: p, stages, status: pipelineStatus(p, stages), commit: { id: p.sha, short_id: p.sha.slice(0, 8), title: 'Cache product lookups' } };
}

/** The dev and master pipelines of release-flow.md, at their gates. */
export function devAtCanary(): PipelineView {
  return view(12, [
    job(1, 'compile', 'build'),
    job(2, 'image', 'package'),
    job(3, 'deploy-staging', 'deploy'),
    job(4, 'smoke-tests', 'test'),
    job(5, 'deploy-canary', 'canary', 'manual'),
  ], { status: 'manual' });
}

export function masterAtProd(): PipelineView {
  return view(20, [
    job(21, 'compile', 'build', 'success', { ref: 'master' }),
    job(22, 'merge-back', 'clear', 'success', { ref: 'master' }),
    job(23, 'deploy-prod', 'prod', 'manual', { ref: 'master' }),
  ], { status: 'manual', ref: 'master' });
}

const API_METHODS: ReadonlySet<string> = new Set([
  'currentUser', 'tokenScopes', 'project', 'branches', 'mergeRequestsForBranch', 'mrPipelines', 'pipelines', 'pipeline', 'pipelineJobs',
  'pipelineBridges', 'job', 'jobTrace', 'environments', 'deployments', 'compare', 'playJob', 'retryJob', 'cancelJob', 'retryPipeline',
  'cancelPipeline', 'createPipeline', 'approveDeployment', 'rejectDeployment', 'ciLint',
]);

/** A GitLabApi whose methods are the given stubs; any other interface call fails the test loudly. */
export function scriptedApi(stubs: Partial<GitLabApi>): GitLabApi {
  return new Proxy(stubs as GitLabApi, {
    get(target, prop) {
      if (prop === 'instance') return { url: 'https://gitlab.example.com', hostname: 'gitlab.example.com' };
      const value = (target as unknown as Record<string | symbol, unknown>)[prop];
      if (value === undefined && typeof prop === 'string' && API_METHODS.has(prop)) {
        return () => Promise.reject(new Error(`unexpected API call ${prop}`));
      }
      return value;
    },
  });
}

export function ok<T>(data: T, unchanged = false): Promise<ReadResult<T>> {
  return Promise.resolve({ data, unchanged });
}
