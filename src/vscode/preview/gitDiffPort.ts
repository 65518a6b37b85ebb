import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { GitRepository } from '../lanes/gitApi';

/**
 * The Git extension's repository calls the preview reads, beyond what the lanes declare: the
 * working tree's diff with a commit, merge bases and local branch heads (`vscode.git` API 1).
 * Declared optional so an older Git extension without one of them only makes `changes` unknown.
 */
interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly renameUri?: vscode.Uri;
}

interface GitDiffRepository extends GitRepository {
  diffWith?(ref: string): Promise<readonly GitChange[]>;
  getMergeBase?(ref1: string, ref2: string): Promise<string | undefined>;
  getBranch?(name: string): Promise<{ readonly commit?: string }>;
}

/** What the preview asks of a repository's Git history; every answer is undefined when Git cannot tell. */
export interface GitDiffPort {
  /** Root-relative paths changed in the working tree since `base` (renames count on both sides). */
  changedSince(base: string): Promise<readonly string[] | undefined>;
  /** Where the current branch left `target` (tried as `origin/<target>`, then as a local branch). */
  mergeBaseWith(target: string): Promise<string | undefined>;
  /** The commit a local branch points at. */
  branchCommit(branch: string): Promise<string | undefined>;
}

async function orUndefined<T>(call: (() => Promise<T>) | undefined): Promise<T | undefined> {
  if (!call) return undefined;
  try {
    return await call();
  } catch {
    // An unknown ref (not fetched yet, a shallow clone) leaves the answer unknown, as documented.
    return undefined;
  }
}

export function gitDiffPort(repository: GitRepository): GitDiffPort {
  const repo = repository as GitDiffRepository;
  const root = repo.rootUri.fsPath;
  const relative = (uri: vscode.Uri): string => path.relative(root, uri.fsPath).split(path.sep).join('/');
  const diffWith = repo.diffWith?.bind(repo);
  const getMergeBase = repo.getMergeBase?.bind(repo);
  const getBranch = repo.getBranch?.bind(repo);
  return {
    async changedSince(base) {
      const changes = await orUndefined(diffWith ? () => diffWith(base) : undefined);
      if (!changes) return undefined;
      const files = new Set<string>();
      for (const change of changes) for (const uri of [change.originalUri, change.uri, change.renameUri]) if (uri) files.add(relative(uri));
      return [...files].sort();
    },
    async mergeBaseWith(target) {
      if (!getMergeBase) return undefined;
      return (await orUndefined(() => getMergeBase('HEAD', `origin/${target}`))) ?? (await orUndefined(() => getMergeBase('HEAD', target)));
    },
    async branchCommit(branch) {
      const found = await orUndefined(getBranch ? () => getBranch(branch) : undefined);
      return found?.commit;
    },
  };
}
