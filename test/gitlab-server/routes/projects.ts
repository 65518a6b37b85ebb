// Projects and their repository: project, branches, one commit, compare.
import { invalidParam, notFound } from '../errors';
import { projectFor } from '../http/access';
import { paginate } from '../http/pagination';
import { stringParam } from '../http/params';
import type { RequestContext, Route } from '../http/types';
import { ok } from '../http/types';
import type { Project } from '../model';
import { pipelineBasic } from '../payloads/pipelines';
import { branch, commit, project as projectPayload, projectUrl } from '../payloads/projects';

function latestPipelineFor(ctx: RequestContext, project: Project, sha: string): ReturnType<typeof pipelineBasic> | null {
  const latest = ctx.state.pipelinesOf(project).filter((p) => p.sha === sha && p.parent === null).sort((a, b) => b.id - a.id)[0];
  return latest ? pipelineBasic(ctx.state, latest) : null;
}

function requiredRef(ctx: RequestContext, name: string): string {
  const value = stringParam(ctx, name);
  if (value === undefined) throw invalidParam(name, 'is missing');
  return value;
}

export const projectRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/projects/:id', handler: (ctx) => ok(projectPayload(ctx.state, projectFor(ctx, 'read_project'), ctx.user)) },
  {
    method: 'GET',
    pattern: '/projects/:id/repository/branches',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_project');
      const search = stringParam(ctx, 'search')?.toLowerCase();
      const names = [...project.branches.keys()].filter((n) => search === undefined || n.toLowerCase().includes(search)).sort();
      return paginate(ctx, names, (name) => branch(ctx.state, project, name, project.branches.get(name) ?? ''));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/repository/branches/:branch',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_project');
      const name = ctx.params['branch'] ?? '';
      const sha = project.branches.get(name);
      if (!sha) throw notFound('Branch');
      return ok(branch(ctx.state, project, name, sha));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/repository/commits/:sha',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_project');
      const sha = ctx.state.resolveRef(project, ctx.params['sha'] ?? '');
      const found = sha === undefined ? undefined : project.commits.get(sha);
      if (!found) throw notFound('Commit');
      const last = latestPipelineFor(ctx, project, found.sha);
      return ok({
        ...commit(ctx.state, project, found),
        stats: { additions: 12, deletions: 3, total: 15 },
        status: last ? last['status'] : null,
        project_id: project.id,
        last_pipeline: last,
      });
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/repository/compare',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_project');
      const from = requiredRef(ctx, 'from');
      const to = requiredRef(ctx, 'to');
      const fromSha = ctx.state.resolveRef(project, from);
      const toSha = ctx.state.resolveRef(project, to);
      if (!fromSha || !toSha) throw notFound('Ref');
      const known = new Set(ctx.state.history(project, fromSha).map((c) => c.sha));
      const commits = ctx.state.history(project, toSha).filter((c) => !known.has(c.sha)).reverse();
      const head = project.commits.get(toSha);
      return ok({
        commit: head && commits.length > 0 ? commit(ctx.state, project, head) : null,
        commits: commits.map((c) => commit(ctx.state, project, c)),
        // The fake history has commits but no files: each commit adds its title to CHANGELOG.md, as one hunk.
        diffs: commits.length === 0 ? [] : [{
          old_path: 'CHANGELOG.md', new_path: 'CHANGELOG.md', a_mode: '100644', b_mode: '100644', new_file: false, renamed_file: false, deleted_file: false, generated_file: false,
          diff: `@@ -1,0 +1,${commits.length} @@\n${commits.map((c) => `+- ${c.title}`).join('\n')}\n`,
        }],
        compare_timeout: false,
        compare_same_ref: from === to,
        web_url: `${projectUrl(ctx.state, project)}/-/compare/${fromSha}...${toSha}`,
      });
    },
  },
];
