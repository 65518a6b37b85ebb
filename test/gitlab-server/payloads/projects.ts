// Projects, branches and commits as GitLab renders them.
import { iso } from '../clock';
import type { Commit, Project, User } from '../model';
import { fullPath } from '../model';
import type { FakeGitLabState } from '../state';

export function projectUrl(state: FakeGitLabState, project: Project): string {
  return `${state.webUrl}/${fullPath(project)}`;
}

/** BasicProjectDetails: what environments and other entities embed. */
export function projectBasic(state: FakeGitLabState, p: Project): Record<string, unknown> {
  const web = projectUrl(state, p);
  const host = new URL(state.webUrl).host;
  const namespaceName = p.namespace.split('/').pop() ?? p.namespace;
  return {
    id: p.id,
    description: p.description,
    name: p.name,
    name_with_namespace: `${p.namespace.split('/').join(' / ')} / ${p.name}`,
    path: p.path,
    path_with_namespace: fullPath(p),
    created_at: iso(p.createdAt),
    default_branch: p.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${host.split(':')[0] ?? host}:${fullPath(p)}.git`,
    http_url_to_repo: `${web}.git`,
    web_url: web,
    readme_url: `${web}/-/blob/${p.defaultBranch}/README.md`,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: iso(p.createdAt),
    visibility: p.visibility,
    namespace: {
      id: 1000 + p.id,
      name: namespaceName,
      path: namespaceName,
      kind: 'group',
      full_path: p.namespace,
      parent_id: null,
      avatar_url: null,
      web_url: `${state.webUrl}/groups/${p.namespace}`,
    },
  };
}

export function project(state: FakeGitLabState, p: Project, viewer: User): Record<string, unknown> {
  const host = new URL(state.webUrl).host;
  const access = state.accessOf(p, viewer);
  return {
    ...projectBasic(state, p),
    container_registry_image_prefix: `registry.${host}/${fullPath(p)}`,
    _links: {
      self: `${state.webUrl}/api/v4/projects/${p.id}`,
      issues: `${state.webUrl}/api/v4/projects/${p.id}/issues`,
      merge_requests: `${state.webUrl}/api/v4/projects/${p.id}/merge_requests`,
      repo_branches: `${state.webUrl}/api/v4/projects/${p.id}/repository/branches`,
    },
    empty_repo: false,
    archived: false,
    jobs_enabled: true,
    merge_requests_enabled: true,
    builds_access_level: 'enabled',
    ci_config_path: '',
    ci_default_git_depth: 20,
    allow_pipeline_trigger_approve_deployment: p.allowTriggererToApprove,
    permissions: {
      project_access: access > 0 ? { access_level: access, notification_level: 3 } : null,
      group_access: null,
    },
  };
}

export function commit(state: FakeGitLabState, p: Project, c: Commit): Record<string, unknown> {
  return {
    id: c.sha,
    short_id: c.sha.slice(0, 8),
    created_at: iso(c.createdAt),
    parent_ids: [...c.parentIds],
    title: c.title,
    message: c.message,
    author_name: c.authorName,
    author_email: c.authorEmail,
    authored_date: iso(c.createdAt),
    committer_name: c.authorName,
    committer_email: c.authorEmail,
    committed_date: iso(c.createdAt),
    trailers: {},
    extended_trailers: {},
    web_url: `${projectUrl(state, p)}/-/commit/${c.sha}`,
  };
}

export function branch(state: FakeGitLabState, p: Project, name: string, sha: string): Record<string, unknown> {
  const head = p.commits.get(sha);
  const isProtected = p.protectedBranches.has(name);
  return {
    name,
    commit: head ? commit(state, p, head) : null,
    merged: false,
    protected: isProtected,
    developers_can_push: !isProtected,
    developers_can_merge: !isProtected,
    can_push: true,
    default: name === p.defaultBranch,
    web_url: `${projectUrl(state, p)}/-/tree/${encodeURIComponent(name)}`,
  };
}
