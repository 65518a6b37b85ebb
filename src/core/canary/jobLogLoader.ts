/**
 * The job-log fallback's loader over the GitLab client: the canary job's log, and the log of
 * the last successful canary job on the same ref as the baseline. Pure apart from the injected
 * API and clock.
 */
import type { GitLabApi, ProjectRef } from '../gitlab/client';
import type { Job } from '../gitlab/models';
import type { CanaryContext } from './healthSource';
import type { JobLog, JobLogLoader } from './jobLogSource';
import { isCanaryJob } from './canaryJobRule';

export type JobLogApi = Pick<GitLabApi, 'job' | 'jobTrace' | 'pipelines' | 'pipelineJobs'>;

export interface JobLogLoaderOptions {
  readonly api: JobLogApi;
  readonly project: ProjectRef;
  /** Epoch ms; a running job's duration so far is measured against it. */
  readonly now: () => number;
  /** Earlier pipelines of the ref to look through for a baseline (default 10). */
  readonly maxPipelines?: number;
}

/** How long a job has run: GitLab's figure once it finished, else since it started. */
export function jobDurationSeconds(job: Pick<Job, 'duration' | 'started_at'>, nowMs: number): number {
  if (typeof job.duration === 'number' && job.duration > 0) return job.duration;
  const started = job.started_at ? Date.parse(job.started_at) : Number.NaN;
  return Number.isFinite(started) ? Math.max(0, (nowMs - started) / 1000) : 0;
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('the check was cancelled');
}

export function createJobLogLoader(options: JobLogLoaderOptions): JobLogLoader {
  const { api, project, now } = options;
  const maxPipelines = options.maxPipelines ?? 10;

  const logOf = async (job: Job, signal: AbortSignal | undefined): Promise<JobLog> => {
    checkAborted(signal);
    const text = (await api.jobTrace(project, job.id)).data;
    return { text, durationSeconds: jobDurationSeconds(job, now()) };
  };

  /** Newest earlier pipeline of `ref` with a successful canary job (same name preferred). */
  const baselineJob = async (current: Job, ref: string, signal: AbortSignal | undefined): Promise<Job | undefined> => {
    const currentPipeline = current.pipeline?.id;
    const pipelines = (await api.pipelines(project, { ref, perPage: maxPipelines + 1, maxPages: 1 })).data;
    for (const pipeline of pipelines) {
      if (currentPipeline !== undefined && pipeline.id >= currentPipeline) continue;
      checkAborted(signal);
      const jobs = (await api.pipelineJobs(project, pipeline.id)).data.filter((j) => j.status === 'success' && j.id !== current.id && isCanaryJob(j));
      const match = jobs.find((j) => j.name === current.name) ?? jobs[0];
      if (match) return match;
    }
    return undefined;
  };

  return async (context: CanaryContext, signal?: AbortSignal) => {
    if (context.jobId === undefined) return undefined;
    const current = (await api.job(project, context.jobId)).data;
    const baseline = await baselineJob(current, context.ref ?? current.ref, signal);
    const [currentLog, baselineLog] = await Promise.all([logOf(current, signal), baseline ? logOf(baseline, signal) : Promise.resolve(undefined)]);
    return baselineLog ? { current: currentLog, baseline: baselineLog } : { current: currentLog };
  };
}
