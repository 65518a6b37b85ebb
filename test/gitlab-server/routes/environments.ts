// Environments, protected environments, deployments and deployment approvals.
import { approveDeployment } from '../actions';
import { invalidParam, notFound } from '../errors';
import { projectFor } from '../http/access';
import { paginate } from '../http/pagination';
import { enumParam, intPathParam, stringParam } from '../http/params';
import type { RequestContext, Route } from '../http/types';
import { created, ok } from '../http/types';
import type { Deployment, Project } from '../model';
import { DEPLOYMENT_STATUSES } from '../model';
import { approval, deployment, deploymentExtended, environment, environmentWithLastDeployment, protectedEnvironment } from '../payloads/deployments';
import { tick } from '../simulation';
import { deploymentIn } from './lookup';

const ENV_STATES = ['available', 'stopping', 'stopped'] as const;
const DEPLOYMENT_ORDER = ['id', 'iid', 'created_at', 'updated_at', 'finished_at', 'ref'] as const;

const DEPLOYMENT_SORT_KEYS: Readonly<Record<(typeof DEPLOYMENT_ORDER)[number], (d: Deployment) => string | number>> = {
  id: (d) => d.id,
  iid: (d) => d.iid,
  created_at: (d) => d.createdAt,
  updated_at: (d) => d.updatedAt,
  finished_at: (d) => d.finishedAt ?? 0,
  ref: (d) => d.ref,
};

function listDeployments(ctx: RequestContext, project: Project): Deployment[] {
  const status = enumParam(ctx, 'status', DEPLOYMENT_STATUSES);
  const orderBy = enumParam(ctx, 'order_by', DEPLOYMENT_ORDER, 'id');
  const sort = enumParam(ctx, 'sort', ['asc', 'desc'] as const, 'asc');
  const envName = stringParam(ctx, 'environment');
  const updatedAfter = stringParam(ctx, 'updated_after');
  const updatedBefore = stringParam(ctx, 'updated_before');
  const key = DEPLOYMENT_SORT_KEYS[orderBy];
  const direction = sort === 'asc' ? 1 : -1;
  return [...ctx.state.deployments.values()]
    .filter((d) => d.projectId === project.id && (status === undefined || d.status === status))
    .filter((d) => envName === undefined || ctx.state.environments.get(d.environmentId)?.name === envName)
    // GitLab's UpdatedAtFilterable: both bounds inclusive (lteq / gteq).
    .filter((d) => updatedAfter === undefined || d.updatedAt >= Date.parse(updatedAfter))
    .filter((d) => updatedBefore === undefined || d.updatedAt <= Date.parse(updatedBefore))
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * direction;
    });
}

export const environmentRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/projects/:id/environments',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const name = stringParam(ctx, 'name');
      const search = stringParam(ctx, 'search');
      const states = enumParam(ctx, 'states', ENV_STATES);
      if (name !== undefined && search !== undefined) throw invalidParam('name, search', 'are mutually exclusive');
      const envs = [...ctx.state.environments.values()]
        .filter((e) => e.projectId === project.id && (name === undefined || e.name === name))
        .filter((e) => search === undefined || e.name.includes(search))
        .filter((e) => states === undefined || e.state === states);
      return paginate(ctx, envs, (e) => environment(ctx.state, e));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/environments/:environment_id',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const env = ctx.state.environments.get(intPathParam(ctx, 'environment_id'));
      if (!env || env.projectId !== project.id) throw notFound();
      return ok(environmentWithLastDeployment(ctx.state, env));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/protected_environments',
    handler: (ctx) => {
      const project = projectFor(ctx, 'maintainer');
      return paginate(ctx, ctx.state.protectedEnvironments.filter((p) => p.projectId === project.id), protectedEnvironment);
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/deployments',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      return paginate(ctx, listDeployments(ctx, project), (d) => deployment(ctx.state, d));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/deployments/:deployment_id',
    handler: (ctx) => ok(deploymentExtended(ctx.state, deploymentIn(ctx, projectFor(ctx, 'read_build')))),
  },
  {
    method: 'POST',
    pattern: '/projects/:id/deployments/:deployment_id/approval',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const target = deploymentIn(ctx, project);
      const status = enumParam(ctx, 'status', ['approved', 'rejected'] as const);
      if (status === undefined) throw invalidParam('status', 'is missing');
      const given = approveDeployment(ctx.state, ctx.user, target, status, stringParam(ctx, 'comment') ?? null);
      tick(ctx.state);
      return created(approval(ctx.state, given));
    },
  },
];
