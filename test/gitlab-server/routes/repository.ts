// Repository files, tags, releases (lib/api/files.rb, tags.rb, releases.rb) and the instance's CI
// templates (lib/api/templates.rb): what resolving include:project, include:component and
// include:template reads.
import { createHash } from 'node:crypto';
import { iso } from '../clock';
import { invalidParam, notFound } from '../errors';
import { projectFor } from '../http/access';
import { paginate } from '../http/pagination';
import { stringParam } from '../http/params';
import type { ApiResponse, RequestContext, Route } from '../http/types';
import { ok } from '../http/types';
import type { Commit, Project, Release } from '../model';
import { fullPath } from '../model';
import { commit as commitPayload, projectUrl } from '../payloads/projects';
import { userBasic } from '../payloads/users';

interface Blob {
  readonly commit: Commit;
  readonly path: string;
  readonly content: string;
}

/** API::Files#assign_file_vars!: the commit `ref` names ("404 Commit Not Found"), then the file ("404 File Not Found"). */
function blobAt(ctx: RequestContext, project: Project, ref: string): Blob {
  const sha = ctx.state.resolveRef(project, ref);
  const commit = sha === undefined ? undefined : project.commits.get(sha);
  if (!commit) throw notFound('Commit');
  const path = ctx.params['file_path'] ?? '';
  const content = commit.files.get(path.replace(/^\/+/, ''));
  if (content === undefined) throw notFound('File');
  return { commit, path, content };
}

/** API::Files#blob_data, also sent as `X-Gitlab-*` headers by set_http_headers. */
function blobData(project: Project, blob: Blob, ref: string): Record<string, string | number | boolean> {
  const lastCommit = [...project.commits.values()].filter((c) => c.files.get(blob.path) === blob.content).sort((a, b) => a.createdAt - b.createdAt)[0] ?? blob.commit;
  return {
    file_name: blob.path.split('/').pop() ?? blob.path,
    file_path: blob.path,
    size: Buffer.byteLength(blob.content),
    encoding: 'base64',
    content_sha256: createHash('sha256').update(blob.content).digest('hex'),
    ref,
    blob_id: createHash('sha1').update(`blob ${Buffer.byteLength(blob.content)}\0${blob.content}`).digest('hex'),
    commit_id: blob.commit.sha,
    last_commit_id: lastCommit.sha,
    execute_filemode: false,
  };
}

function fileHeaders(data: Record<string, string | number | boolean>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const name = `X-Gitlab-${key.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('-')}`;
    headers[name] = String(value);
  }
  return headers;
}

function requiredRef(ctx: RequestContext): string {
  const ref = stringParam(ctx, 'ref');
  if (ref === undefined || ref === '') throw invalidParam('ref', 'is missing');
  return ref;
}

/** Entities::Release (the fields a reader of catalog versions meets). */
function releasePayload(ctx: RequestContext, project: Project, release: Release): Record<string, unknown> {
  const commit = project.commits.get(release.sha);
  const web = projectUrl(ctx.state, project);
  return {
    name: release.name,
    tag_name: release.tagName,
    description: '',
    created_at: iso(release.createdAt),
    released_at: iso(release.releasedAt),
    upcoming_release: release.releasedAt > ctx.state.clock.now(),
    author: userBasic(ctx.state, ctx.user),
    commit: commit ? commitPayload(ctx.state, project, commit) : null,
    commit_path: `/${fullPath(project)}/-/commit/${release.sha}`,
    tag_path: `/${fullPath(project)}/-/tags/${release.tagName}`,
    assets: { count: 0, sources: [], links: [] },
    evidences: [],
    _links: { self: `${web}/-/releases/${encodeURIComponent(release.tagName)}` },
  };
}

/** Entities::Tag. */
function tagPayload(ctx: RequestContext, project: Project, name: string, sha: string): Record<string, unknown> {
  const commit = project.commits.get(sha);
  const release = project.releases.find((r) => r.tagName === name);
  return {
    name,
    message: '',
    target: sha,
    commit: commit ? commitPayload(ctx.state, project, commit) : null,
    release: release ? { tag_name: release.tagName, description: '' } : null,
    protected: false,
    created_at: null,
  };
}

function templateKey(ctx: RequestContext): string {
  return ctx.params['key'] ?? '';
}

export const repositoryRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/projects/:id/repository/files/:file_path/raw',
    handler: (ctx): ApiResponse => {
      const project = projectFor(ctx, 'read_build');
      const ref = stringParam(ctx, 'ref') ?? project.defaultBranch;
      const blob = blobAt(ctx, project, ref);
      // send_git_blob: the bytes as text/plain, with no_cache_headers and the blob's headers.
      return {
        status: 200,
        text: blob.content,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': `inline; filename="${blob.path.split('/').pop() ?? ''}"`, ...fileHeaders(blobData(project, blob, ref)) },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/repository/files/:file_path',
    handler: (ctx): ApiResponse => {
      const project = projectFor(ctx, 'read_build');
      const ref = requiredRef(ctx);
      const blob = blobAt(ctx, project, ref);
      const data = blobData(project, blob, ref);
      return { status: 200, json: { ...data, content: Buffer.from(blob.content, 'utf8').toString('base64') }, headers: fileHeaders(data) };
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/repository/tags',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const names = [...project.tags.keys()].sort().reverse();
      return paginate(ctx, names, (name) => tagPayload(ctx, project, name, project.tags.get(name) ?? ''));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/repository/tags/:tag_name',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const name = ctx.params['tag_name'] ?? '';
      const sha = project.tags.get(name);
      if (!sha) throw notFound('Tag');
      return ok(tagPayload(ctx, project, name, sha));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/releases',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_project');
      // ReleasesFinder's default order: released_at, newest first.
      const releases = [...project.releases].sort((a, b) => b.releasedAt - a.releasedAt || b.createdAt - a.createdAt);
      return paginate(ctx, releases, (r) => releasePayload(ctx, project, r));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/releases/:tag_name',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_project');
      const release = project.releases.find((r) => r.tagName === ctx.params['tag_name']);
      if (!release) throw notFound();
      return ok(releasePayload(ctx, project, release));
    },
  },
  {
    method: 'GET',
    pattern: '/templates/gitlab_ci_ymls',
    handler: (ctx) => {
      const keys = [...ctx.state.ciTemplates.keys()].sort();
      // Entities::TemplatesList
      return paginate(ctx, keys, (key) => ({ key, name: key }));
    },
  },
  {
    method: 'GET',
    pattern: '/templates/gitlab_ci_ymls/:key',
    handler: (ctx) => {
      const key = templateKey(ctx);
      const content = ctx.state.ciTemplates.get(key);
      // render_response: not_found!(template_type.to_s.singularize)
      if (content === undefined) throw notFound('gitlab_ci_yml');
      return ok({ name: key, content });
    },
  },
];
