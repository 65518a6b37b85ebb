import * as path from 'node:path';
import * as vscode from 'vscode';
import { findGitRoot } from '../../node/fsReader';

/**
 * The directory `include:local` paths are relative to: the git repository holding the file,
 * else its workspace folder, else its own directory.
 */
export function projectRootOf(uri: vscode.Uri): string {
  const fromGit = findGitRoot(path.dirname(uri.fsPath));
  if (fromGit) return fromGit;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? folder.uri.fsPath : path.dirname(uri.fsPath);
}
