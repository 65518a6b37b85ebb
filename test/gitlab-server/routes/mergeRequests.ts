// Merge requests: list (state/source_branch/target_branch filters), one, and its pipelines.
import { notFound } from '../errors';
import { projectFor } from '../http/access';
import { paginate } from '../http/pagination';
import { enumParam, intPathParam, stringParam } from '../http/params';
import type { RequestContext, Route } from '../http/types';
import { created, ok } from '../http/types';
import type { MergeRequest, Pipeline, Project } from '../model';
import { mergeRequest, mergeRequestDetail } from '../payloads/mergeRequests';
import { pipelineBasic, pipelineFull } from '../payloads/pipelines';
import { createPipeline } from '../pipelineFactory';
import { createPipelineOrFail } from './pipelines';

const STATES = ['opened', 'closed', 'locked', 'merged', 'all'] as const;
const ORDER_BY = ['created_at', 'updated_at', 'title', 'merged_at'] as const;

function mergeRequestIn(ctx: RequestContext, project: Project): MergeRequest {
  const mr = ctx.state.findMergeRequest(project, intPathParam(ctx, 'merge_request_iid'));
  if (!mr) throw notFound();
  return mr;
}

/** MR pipelines, plus branch pipelines for commits of the MR, newest first (like merge_request.all_pipelines). */
function pipelinesOf(ctx: RequestContext, project: Project, mr: MergeRequest): Pipeline[] {
  const head = project.branches.get(mr.sourceBranch);
  const base = project.branches.get(mr.targetBranch);
  const known = new Set(base ? ctx.state.history(project, base).map((c) => c.sha) : []);
  const commits = new Set(head ? ctx.state.history(project, head).filter((c) => !known.has(c.sha)).map((c) => c.sha) : []);
  return ctx.state.pipelinesOf(project)
    .filter((p) => p.mergeRequestIid === mr.iid || (p.ref === mr.sourceBranch && p.parent === null && commits.has(p.sha)))
    .sort((a, b) => b.id - a.id);
}

export const mergeRequestRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/projects/:id/merge_requests',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_project');
      const state = enumParam(ctx, 'state', STATES, 'all');
      const orderBy = enumParam(ctx, 'order_by', ORDER_BY, 'created_at');
      const sort = enumParam(ctx, 'sort', ['asc', 'desc'] as const, 'desc');
      const source = stringParam(ctx, 'source_branch');
      const target = stringParam(ctx, 'target_branch');
      const list = [...ctx.state.mergeRequests.values()]
        .filter((m) => m.projectId === project.id && (state === 'all' || m.state === state))
        .filter((m) => (source === undefined || m.sourceBranch === source) && (target === undefined || m.targetBranch === target))
        .sort((a, b) => {
          const key = orderBy === 'updated_at' ? b.updatedAt - a.updatedAt : orderBy === 'title' ? b.title.localeCompare(a.title) : b.createdAt - a.createdAt;
          return (key === 0 ? b.id - a.id : key) * (sort === 'desc' ? 1 : -1);
        });
      return paginate(ctx, list, (m) => mergeRequest(ctx.state, m));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/merge_requests/:merge_request_iid',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_project');
      const mr = mergeRequestIn(ctx, project);
      return ok(mergeRequestDetail(ctx.state, mr, pipelinesOf(ctx, project, mr)[0]));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/merge_requests/:merge_request_iid/pipelines',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const mr = mergeRequestIn(ctx, project);
      return paginate(ctx, pipelinesOf(ctx, project, mr), (p) => pipelineBasic(ctx.state, p));
    },
  },
  {
    method: 'POST',
    pattern: '/projects/:id/merge_requests/:merge_request_iid/pipelines',
    handler: (ctx) => {
      const project = projectFor(ctx, 'developer');
      const mr = mergeRequestIn(ctx, project);
      const pipeline = createPipelineOrFail(ctx, project, () => createPipeline(ctx.state, project, {
        ref: `refs/merge-requests/${mr.iid}/head`,
        user: ctx.user,
        source: 'merge_request_event',
        mergeRequestIid: mr.iid,
      }));
      return created(pipelineFull(ctx.state, pipeline));
    },
  },
];
