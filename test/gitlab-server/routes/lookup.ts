// Finding records inside a project; a miss is GitLab's generic "404 Not found".
import { notFound } from '../errors';
import { intPathParam } from '../http/params';
import type { RequestContext } from '../http/types';
import type { Deployment, Job, Pipeline, Project } from '../model';

export function pipelineIn(ctx: RequestContext, project: Project): Pipeline {
  const pipeline = ctx.state.pipelines.get(intPathParam(ctx, 'pipeline_id'));
  if (!pipeline || pipeline.projectId !== project.id) throw notFound();
  return pipeline;
}

/** Any job, build or bridge (GitLab's `find_job!`). */
export function jobIn(ctx: RequestContext, project: Project): Job {
  const job = ctx.state.jobs.get(intPathParam(ctx, 'job_id'));
  if (!job || job.projectId !== project.id) throw notFound();
  return job;
}

/** Builds only (GitLab's `find_build!`): a bridge id is not found here. */
export function buildIn(ctx: RequestContext, project: Project): Job {
  const job = jobIn(ctx, project);
  if (job.kind !== 'build') throw notFound();
  return job;
}

export function deploymentIn(ctx: RequestContext, project: Project): Deployment {
  const deployment = ctx.state.deployments.get(intPathParam(ctx, 'deployment_id'));
  if (!deployment || deployment.projectId !== project.id) throw notFound();
  return deployment;
}
