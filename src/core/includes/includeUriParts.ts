/**
 * The analysis names files by path: absolute paths for the repository's files, virtual paths
 * (`gitlab-include://<host>/<kind>/...`, see `REMOTE_INCLUDE_SCHEME`) for files read from GitLab or
 * a remote host. The editor needs a URI for each, and the path back from a URI, exactly: these
 * parts are what `vscode.Uri.from` takes and gives back (decoded), so nothing is lost to
 * percent-encoding whatever characters a project, file or version holds.
 */
import { isRemoteIncludePath } from '../ci';

export interface UriParts {
  readonly scheme: string;
  readonly authority: string;
  /** Starts with `/`; everything after the authority, `?` and `#` included (they are encoded, not split off). */
  readonly path: string;
}

/** The URI parts of a virtual path; undefined for a file-system path. */
export function virtualPathToUriParts(virtualPath: string): UriParts | undefined {
  if (!isRemoteIncludePath(virtualPath)) return undefined;
  const afterScheme = virtualPath.indexOf('://');
  const scheme = virtualPath.slice(0, afterScheme);
  const rest = virtualPath.slice(afterScheme + 3);
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '/' : rest.slice(slash);
  return { scheme, authority, path };
}

/** The virtual path of a URI made from {@link virtualPathToUriParts}. */
export function uriPartsToVirtualPath(parts: UriParts): string {
  // A path-less virtual path was given `/`: the one place the two forms differ, and no include file is named so.
  return `${parts.scheme}://${parts.authority}${parts.path}`;
}
