// Merge requests as GitLab renders them (list entity; the single GET adds pipeline details).
import { iso } from '../clock';
import type { MergeRequest, Pipeline } from '../model';
import { fullPath } from '../model';
import type { FakeGitLabState } from '../state';
import { pipelineBasic, pipelineFull } from './pipelines';
import { projectUrl } from './projects';
import { userBasic } from './users';

export function mergeRequest(state: FakeGitLabState, mr: MergeRequest): Record<string, unknown> {
  const project = state.projectOf(mr);
  const author = userBasic(state, state.userOf(mr.authorId));
  const sha = project.branches.get(mr.sourceBranch) ?? null;
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.projectId,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: iso(mr.createdAt),
    updated_at: iso(mr.updatedAt),
    merged_by: null,
    merge_user: null,
    merged_at: null,
    closed_by: null,
    closed_at: null,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: 0,
    upvotes: 0,
    downvotes: 0,
    author,
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: mr.projectId,
    target_project_id: mr.projectId,
    labels: [],
    draft: false,
    work_in_progress: false,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: 'can_be_merged',
    detailed_merge_status: 'mergeable',
    sha,
    merge_commit_sha: null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: true,
    prepared_at: iso(mr.createdAt),
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${fullPath(project)}!${mr.iid}` },
    web_url: `${projectUrl(state, project)}/-/merge_requests/${mr.iid}`,
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
  };
}

export function mergeRequestDetail(state: FakeGitLabState, mr: MergeRequest, head: Pipeline | undefined): Record<string, unknown> {
  const project = state.projectOf(mr);
  const target = project.branches.get(mr.targetBranch) ?? null;
  return {
    ...mergeRequest(state, mr),
    subscribed: false,
    changes_count: '1',
    latest_build_started_at: iso(head?.startedAt ?? null),
    latest_build_finished_at: iso(head?.finishedAt ?? null),
    first_deployed_to_production_at: null,
    pipeline: head ? pipelineBasic(state, head) : null,
    head_pipeline: head ? pipelineFull(state, head) : null,
    diff_refs: { base_sha: target, head_sha: project.branches.get(mr.sourceBranch) ?? null, start_sha: target },
    merge_error: null,
    first_contribution: false,
    user: { can_merge: true },
  };
}
