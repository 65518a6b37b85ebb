import * as vscode from 'vscode';
import type { LocalHistory } from '../../core/environments/compareEnvironments';
import type { CommitBasic } from '../../core/gitlab/models';
import type { GitApi, GitRepository } from '../lanes/gitApi';

/**
 * The Git extension's history calls the environments use (`vscode.git` API 1): a range log and
 * the changes of one commit. Declared optional: without them (an older Git extension) the
 * commits come from GitLab instead.
 */
interface GitCommit {
  readonly hash: string;
  readonly message: string;
  readonly parents: readonly string[];
  readonly authorName?: string;
  readonly authorDate?: Date;
}

interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
}

interface GitHistoryRepository extends GitRepository {
  log?(options: { readonly range?: string; readonly maxEntries?: number }): Promise<readonly GitCommit[]>;
  getCommit?(ref: string): Promise<GitCommit>;
  diffBetween?(ref1: string, ref2: string): Promise<readonly GitChange[]>;
}

interface GitUriApi extends GitApi {
  toGitUri?(uri: vscode.Uri, ref: string): vscode.Uri;
}

/** Past this many commits GitLab's compare is as good: the list is cut there anyway. */
const MAX_LOCAL = 500;

export function findRepository(git: GitApi | undefined, repoKey: string): GitHistoryRepository | undefined {
  return git?.repositories.find((r) => r.rootUri.fsPath === repoKey);
}

/** The clone's history of one repository; undefined answers (not fetched, shallow) send the question to GitLab. */
export function localHistory(repository: GitHistoryRepository | undefined): LocalHistory | undefined {
  const log = repository?.log?.bind(repository);
  const getCommit = repository?.getCommit?.bind(repository);
  if (!log || !getCommit) return undefined;
  return {
    async commitsBetween(from, to) {
      try {
        await Promise.all([getCommit(from), getCommit(to)]);
        const commits = await log({ range: `${from}..${to}`, maxEntries: MAX_LOCAL });
        return commits.map(toCommit);
      } catch {
        return undefined;
      }
    },
  };
}

function toCommit(c: GitCommit): CommitBasic {
  return {
    id: c.hash, short_id: c.hash.slice(0, 8), title: c.message.split('\n')[0] ?? '', parent_ids: c.parents,
    ...(c.authorName ? { author_name: c.authorName } : {}), ...(c.authorDate ? { created_at: c.authorDate.toISOString() } : {}),
  };
}

/** Opens one commit's changes in the multi-file diff editor from the clone; false when the clone cannot. */
export async function openLocalCommitDiff(git: GitUriApi | undefined, repository: GitHistoryRepository | undefined, commit: CommitBasic): Promise<boolean> {
  const toGitUri = git?.toGitUri?.bind(git);
  const diffBetween = repository?.diffBetween?.bind(repository);
  const parent = commit.parent_ids?.[0];
  if (!toGitUri || !diffBetween || !parent) return false;
  try {
    const changes = await diffBetween(parent, commit.id);
    const resources = changes.map((c) => [c.uri, toGitUri(c.originalUri, parent), toGitUri(c.uri, commit.id)] as const);
    await vscode.commands.executeCommand('vscode.changes', `${commit.short_id} ${commit.title}`, resources);
    return true;
  } catch {
    return false;
  }
}
