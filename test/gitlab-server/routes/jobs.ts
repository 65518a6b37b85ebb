// Jobs: project list (paginated without counts), one job, its trace, play, retry, cancel.
import { cancelJob, playJob, retryJob } from '../actions';
import { invalidParam } from '../errors';
import { projectFor } from '../http/access';
import { paginate } from '../http/pagination';
import { objectArrayParam } from '../http/params';
import type { RequestContext, Route } from '../http/types';
import { created, ok } from '../http/types';
import { anyJob, job as jobPayload } from '../payloads/pipelines';
import { tick } from '../simulation';
import { buildIn, jobIn } from './lookup';
import { jobScope } from './pipelines';

function jobVariables(ctx: RequestContext): { key: string; value: string }[] {
  return (objectArrayParam(ctx, 'job_variables_attributes') ?? []).map((v, i) => {
    for (const field of ['key', 'value'] as const) {
      if (v[field] === undefined || v[field] === null) throw invalidParam(`job_variables_attributes[${i}][${field}]`, 'is missing');
    }
    return { key: String(v['key']), value: String(v['value']) };
  });
}

export const jobRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/projects/:id/jobs',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const scope = jobScope(ctx);
      const jobs = [...ctx.state.jobs.values()]
        .filter((j) => j.projectId === project.id && j.kind === 'build' && (scope === undefined || scope.has(j.status)))
        .sort((a, b) => b.id - a.id);
      return paginate(ctx, jobs, (j) => jobPayload(ctx.state, j), { withCount: false });
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/jobs/:job_id',
    handler: (ctx) => ok(jobPayload(ctx.state, buildIn(ctx, projectFor(ctx, 'read_build')))),
  },
  {
    method: 'GET',
    pattern: '/projects/:id/jobs/:job_id/trace',
    handler: (ctx) => {
      const job = buildIn(ctx, projectFor(ctx, 'read_build'));
      return {
        status: 200,
        text: job.trace,
        headers: { 'Content-Type': 'text/plain', 'Content-Disposition': `infile; filename="${job.id}.log"` },
      };
    },
  },
  {
    method: 'POST',
    pattern: '/projects/:id/jobs/:job_id/play',
    handler: (ctx) => {
      const job = jobIn(ctx, projectFor(ctx, 'developer'));
      const played = playJob(ctx.state, ctx.user, job, jobVariables(ctx));
      tick(ctx.state);
      return ok(anyJob(ctx.state, played));
    },
  },
  {
    method: 'POST',
    pattern: '/projects/:id/jobs/:job_id/retry',
    handler: (ctx) => {
      const job = jobIn(ctx, projectFor(ctx, 'developer'));
      const fresh = retryJob(ctx.state, ctx.user, job);
      tick(ctx.state);
      return created(anyJob(ctx.state, fresh));
    },
  },
  {
    method: 'POST',
    pattern: '/projects/:id/jobs/:job_id/cancel',
    handler: (ctx) => {
      const job = cancelJob(ctx.state, buildIn(ctx, projectFor(ctx, 'developer')));
      tick(ctx.state);
      return created(jobPayload(ctx.state, job));
    },
  },
];
