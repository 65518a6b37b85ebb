import * as vscode from 'vscode';
import { uriPartsToVirtualPath, virtualPathToUriParts } from '../../core/includes/includeUriParts';
import { Schemes } from '../ids';

/**
 * The editor's side of the analysis' file names: a repository file is a `file:` URI, a file read
 * from GitLab or a remote host is a read-only `gitlab-include:` document. Every place that turns an
 * analysis location into a URI (diagnostics, definitions, references, links) goes through here.
 */
export function uriOfCiFile(file: string): vscode.Uri {
  const parts = virtualPathToUriParts(file);
  return parts ? vscode.Uri.from(parts) : vscode.Uri.file(file);
}

/** The analysis' name of the file a document shows: its path on disk, or the virtual path of a read-only include. */
export function ciFileOfUri(uri: vscode.Uri): string {
  if (uri.scheme === Schemes.remoteInclude) return uriPartsToVirtualPath({ scheme: uri.scheme, authority: uri.authority, path: uri.path });
  return uri.fsPath;
}
