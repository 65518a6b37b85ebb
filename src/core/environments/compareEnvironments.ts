/**
 * The commits between two deployments: from the local repository when it has both commits
 * (no request at all), otherwise from GitLab's compare API. "What a promotion would ship" and
 * "what a rollback takes away" are both this list.
 */
import type { GitLabApi, ProjectRef } from '../gitlab/client';
import type { CommitBasic, FileDiff } from '../gitlab/models';

/** The local repository's history, behind a port (the editor implements it with the Git extension). */
export interface LocalHistory {
  /** Commits reachable from `to` and not from `from`, newest first; undefined when either commit is not in the clone. */
  commitsBetween(from: string, to: string): Promise<readonly CommitBasic[] | undefined>;
}

export interface CommitRange {
  readonly from: string;
  readonly to: string;
  /** Newest first. */
  readonly commits: readonly CommitBasic[];
  readonly source: 'local' | 'gitlab';
  /** GitLab stopped comparing (huge range): the list is incomplete. */
  readonly truncated: boolean;
  readonly webUrl?: string;
}

export async function commitsBetween(api: Pick<GitLabApi, 'compare'>, project: ProjectRef, from: string, to: string, local?: LocalHistory): Promise<CommitRange> {
  if (from === to) return { from, to, commits: [], source: 'local', truncated: false };
  const mine = await local?.commitsBetween(from, to).catch(() => undefined);
  if (mine) return { from, to, commits: mine, source: 'local', truncated: false };
  const compared = (await api.compare(project, from, to)).data;
  // GitLab lists the range oldest first; the picker and the confirmations show the newest first.
  return {
    from, to, commits: [...compared.commits].reverse(), source: 'gitlab', truncated: compared.compare_timeout === true,
    ...(compared.web_url ? { webUrl: compared.web_url } : {}),
  };
}

/** One commit's changes as GitLab has them (its compare against its first parent), as one unified diff text. */
export async function commitDiffText(api: Pick<GitLabApi, 'compare'>, project: ProjectRef, commit: CommitBasic): Promise<string> {
  const parent = commit.parent_ids?.[0];
  const header = [`commit ${commit.id}`, ...(commit.author_name ? [`Author: ${commit.author_name}`] : []), ...(commit.created_at ? [`Date:   ${commit.created_at}`] : []), '', `    ${commit.title}`, ''];
  if (!parent) return [...header, '(no parent commit: the first commit of the history)'].join('\n');
  const compared = (await api.compare(project, parent, commit.id)).data;
  return [...header, ...(compared.diffs ?? []).map(fileDiffText)].join('\n');
}

function fileDiffText(d: FileDiff): string {
  const from = d.new_file ? '/dev/null' : `a/${d.old_path}`;
  const to = d.deleted_file ? '/dev/null' : `b/${d.new_path}`;
  return [`diff --git a/${d.old_path} b/${d.new_path}`, `--- ${from}`, `+++ ${to}`, d.diff.replace(/\n$/, '')].join('\n');
}
