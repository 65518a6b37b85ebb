import * as vscode from 'vscode';

/**
 * The part of the built-in Git extension's API (`vscode.git`, version 1) that Release Pilot
 * reads: repositories, their remotes and HEAD, and change events. Declared here because the
 * Git extension ships its typings in its own repository, not on npm.
 */
export interface GitRemoteInfo {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}

export interface GitHead {
  readonly name?: string;
  readonly commit?: string;
  /** Commits not pushed yet; drops to 0 after a push. */
  readonly ahead?: number;
}

export interface GitRepositoryState {
  readonly HEAD: GitHead | undefined;
  readonly remotes: readonly GitRemoteInfo[];
  readonly onDidChange: vscode.Event<void>;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
  readonly onDidChangeState?: vscode.Event<'uninitialized' | 'initialized'>;
}

interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** The Git API, or undefined when the Git extension is disabled or missing. */
export async function loadGitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports.enabled ? exports.getAPI(1) : undefined;
}
