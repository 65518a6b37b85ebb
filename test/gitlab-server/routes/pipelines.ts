// Pipelines: list, latest, one, create, retry, cancel, variables, and their jobs and bridges.
import { cancelPipeline, retryPipeline } from '../actions';
import { apiError, forbidden, invalidParam } from '../errors';
import { projectFor } from '../http/access';
import { paginate } from '../http/pagination';
import { arrayParam, boolParam, enumParam, objectArrayParam, requiredString, scalarText, stringParam } from '../http/params';
import type { RequestContext, Route } from '../http/types';
import { created, ok } from '../http/types';
import type { Job, Pipeline, PipelineVariable, Project } from '../model';
import { JOB_STATUSES, PIPELINE_SOURCES } from '../model';
import { bridge, job as jobPayload, pipelineFull, pipelineListItem } from '../payloads/pipelines';
import { createPipeline, PipelineCreationError } from '../pipelineFactory';
import { tick } from '../simulation';
import { pipelineIn } from './lookup';

const SCOPES = ['running', 'pending', 'finished', 'branches', 'tags'] as const;
const ORDER_BY = ['id', 'status', 'ref', 'updated_at', 'user_id'] as const;
const FINISHED: ReadonlySet<string> = new Set(['success', 'failed', 'canceled', 'skipped']);

type PipelineFilter = (p: Pipeline, value: string, ctx: RequestContext) => boolean;

/** Query filters of GET /pipelines, each applied when its parameter is present. */
const FILTERS: Readonly<Record<string, PipelineFilter>> = {
  ref: (p, v) => p.ref === v,
  sha: (p, v) => p.sha === v,
  username: (p, v, ctx) => ctx.state.users.get(p.userId)?.username === v,
  name: (p, v) => p.name === v,
  yaml_errors: (_p, v) => v !== 'true',
  // GitLab's UpdatedAtFilterable: both bounds inclusive (lteq / gteq).
  updated_before: (p, v) => p.updatedAt <= Date.parse(v),
  updated_after: (p, v) => p.updatedAt >= Date.parse(v),
  created_before: (p, v) => p.createdAt < Date.parse(v),
  created_after: (p, v) => p.createdAt > Date.parse(v),
};

const SCOPE_FILTERS: Readonly<Record<(typeof SCOPES)[number], (p: Pipeline, all: readonly Pipeline[]) => boolean>> = {
  running: (p) => p.status === 'running',
  pending: (p) => p.status === 'pending',
  finished: (p) => FINISHED.has(p.status),
  branches: (p, all) => p.source !== 'merge_request_event' && !all.some((o) => o.ref === p.ref && o.id > p.id),
  tags: () => false,
};

const SORT_KEYS: Readonly<Record<(typeof ORDER_BY)[number], (p: Pipeline) => string | number>> = {
  id: (p) => p.id,
  status: (p) => p.status,
  ref: (p) => p.ref,
  updated_at: (p) => p.updatedAt,
  user_id: (p) => p.userId,
};

function listPipelines(ctx: RequestContext, project: Project): Pipeline[] {
  const scope = enumParam(ctx, 'scope', SCOPES);
  const status = enumParam(ctx, 'status', JOB_STATUSES);
  const source = enumParam(ctx, 'source', PIPELINE_SOURCES);
  const orderBy = enumParam(ctx, 'order_by', ORDER_BY, 'id');
  const sort = enumParam(ctx, 'sort', ['asc', 'desc'] as const, 'desc');
  boolParam(ctx, 'yaml_errors', false);
  const all = ctx.state.pipelinesOf(project);
  let list = all.filter((p) => (status === undefined || p.status === status) && (source === undefined || p.source === source));
  if (scope) list = list.filter((p) => SCOPE_FILTERS[scope](p, all));
  for (const [name, filter] of Object.entries(FILTERS)) {
    const value = stringParam(ctx, name);
    if (value !== undefined) list = list.filter((p) => filter(p, value, ctx));
  }
  const key = SORT_KEYS[orderBy];
  const direction = sort === 'asc' ? 1 : -1;
  return list.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (x < y ? -1 : x > y ? 1 : a.id - b.id) * direction;
  });
}

/** `scope` of the jobs lists: one status or several; unknown values are a 400. */
export function jobScope(ctx: RequestContext): ReadonlySet<string> | undefined {
  const scope = arrayParam(ctx, 'scope');
  if (scope === undefined) return undefined;
  if (scope.some((s) => !(JOB_STATUSES as readonly string[]).includes(s))) throw invalidParam('scope', 'does not have a valid value');
  return new Set(scope);
}

function variablesOf(ctx: RequestContext): PipelineVariable[] {
  return (objectArrayParam(ctx, 'variables') ?? []).map((v, i) => {
    const type = v['variable_type'] ?? 'env_var';
    if (type !== 'env_var' && type !== 'file') throw invalidParam(`variables[${i}][variable_type]`, 'does not have a valid value');
    return { key: scalarText(v['key'] ?? '', `variables[${i}][key]`), value: scalarText(v['value'] ?? '', `variables[${i}][value]`), variable_type: type };
  });
}

function pipelineJobs(kind: Job['kind']): Route['handler'] {
  return (c) => {
    const project = projectFor(c, 'read_build');
    const pipeline = pipelineIn(c, project);
    const includeRetried = kind === 'build' && boolParam(c, 'include_retried', false);
    const scope = jobScope(c);
    const jobs = c.state.jobsOf(pipeline, { includeRetried })
      .filter((j) => j.kind === kind && (scope === undefined || scope.has(j.status)));
    return paginate(c, jobs, (j) => (kind === 'bridge' ? bridge(c.state, j) : jobPayload(c.state, j)));
  };
}

export function createPipelineOrFail(ctx: RequestContext, project: Project, create: () => Pipeline): Pipeline {
  try {
    const pipeline = create();
    tick(ctx.state);
    return pipeline;
  } catch (error) {
    if (error instanceof PipelineCreationError) throw apiError(400, { base: [error.message] });
    throw error;
  }
}

export const pipelineRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/projects/:id/pipelines',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      return paginate(ctx, listPipelines(ctx, project), (p) => pipelineListItem(ctx.state, p));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/pipelines/latest',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const ref = stringParam(ctx, 'ref') ?? project.defaultBranch;
      const sha = project.branches.get(ref);
      const latest = ctx.state.pipelinesOf(project).filter((p) => p.ref === ref && p.sha === sha).sort((a, b) => b.id - a.id)[0];
      // GitLab authorizes the (missing) pipeline, so "no pipeline" reads as 403.
      if (!latest) throw forbidden();
      return ok(pipelineFull(ctx.state, latest));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/pipelines/:pipeline_id',
    handler: (ctx) => ok(pipelineFull(ctx.state, pipelineIn(ctx, projectFor(ctx, 'read_build')))),
  },
  {
    method: 'POST',
    pattern: '/projects/:id/pipeline',
    handler: (ctx) => {
      const project = projectFor(ctx, 'developer');
      const ref = requiredString(ctx, 'ref');
      const variables = variablesOf(ctx);
      const pipeline = createPipelineOrFail(ctx, project, () => {
        if (!project.branches.has(ref)) throw new PipelineCreationError('Reference not found');
        return createPipeline(ctx.state, project, { ref, user: ctx.user, source: 'api', variables });
      });
      return created(pipelineFull(ctx.state, pipeline));
    },
  },
  {
    method: 'POST',
    pattern: '/projects/:id/pipelines/:pipeline_id/retry',
    handler: (ctx) => {
      const project = projectFor(ctx, 'developer');
      const pipeline = retryPipeline(ctx.state, ctx.user, pipelineIn(ctx, project));
      tick(ctx.state);
      return created(pipelineFull(ctx.state, pipeline));
    },
  },
  {
    method: 'POST',
    pattern: '/projects/:id/pipelines/:pipeline_id/cancel',
    handler: (ctx) => {
      const project = projectFor(ctx, 'developer');
      const pipeline = cancelPipeline(ctx.state, pipelineIn(ctx, project));
      tick(ctx.state);
      return ok(pipelineFull(ctx.state, pipeline));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/pipelines/:pipeline_id/variables',
    handler: (ctx) => ok(pipelineIn(ctx, projectFor(ctx, 'developer')).variables.map((v) => ({ ...v }))),
  },
  { method: 'GET', pattern: '/projects/:id/pipelines/:pipeline_id/jobs', handler: pipelineJobs('build') },
  { method: 'GET', pattern: '/projects/:id/pipelines/:pipeline_id/bridges', handler: pipelineJobs('bridge') },
];
