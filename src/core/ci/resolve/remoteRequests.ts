import type { Range } from '../../diagnostic';
import type { CiNode } from '../model/ciNode';
import { getChild, scalarString } from '../model/ciNode';
import type { RemoteIncludeRequest } from '../model/remoteIncludes';
import { isGlob } from './glob';
import { underRoot } from './underRoot';

/** What {@link remoteRequests} needs of an include entry. */
export interface RemoteIncludeEntry {
  readonly kind: 'local' | 'project' | 'remote' | 'template' | 'component';
  readonly target: string;
  readonly range: Range;
  /** The whole entry: a mapping, or the bare string. */
  readonly node: CiNode;
}

/** One file to ask for, with where its finding goes and how to name it. */
export interface PlannedRequest {
  readonly request: RemoteIncludeRequest;
  readonly range: Range;
  readonly target: string;
}

export type RemotePlan =
  | { readonly kind: 'requests'; readonly requests: readonly PlannedRequest[] }
  /** Names variables we cannot expand (only `$CI_SERVER_FQDN`/`$CI_SERVER_HOST` are, given the instance). */
  | { readonly kind: 'variables' }
  /** A wildcard `local` include inside another project's file: the files API cannot list it. */
  | { readonly kind: 'glob' }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * The requests an include entry makes, as GitLab reads it. `context` is the project and commit of
 * the file holding the entry when that file came from another project (its `local` includes are
 * read there); `serverFqdn` expands `$CI_SERVER_FQDN` and `$CI_SERVER_HOST`.
 */
export function remoteRequests(entry: RemoteIncludeEntry, context: { readonly path: string; readonly sha: string } | undefined, serverFqdn: string | undefined): RemotePlan {
  const one = (request: RemoteIncludeRequest, target = entry.target): RemotePlan => ({ kind: 'requests', requests: [{ request, range: entry.range, target }] });
  switch (entry.kind) {
    case 'local': {
      if (!context) return { kind: 'invalid', message: `\`${entry.target}\` is a file of this repository.` };
      if (entry.target.includes('$')) return { kind: 'variables' };
      const file = underRoot(entry.target);
      if (file === undefined || file === '') return { kind: 'invalid', message: `Included file \`${entry.target}\` is outside the project \`${context.path}\`.` };
      if (isGlob(file)) return { kind: 'glob' };
      return one({ kind: 'project', project: context.path, file, ref: context.sha });
    }
    case 'template':
      return entry.target.includes('$') ? { kind: 'variables' } : one({ kind: 'template', name: entry.target });
    case 'remote':
      if (entry.target.includes('$')) return { kind: 'variables' };
      return one({ kind: 'remote', url: entry.target });
    case 'component':
      return componentRequest(entry, serverFqdn);
    case 'project':
      return projectRequests(entry);
  }
}

function componentRequest(entry: RemoteIncludeEntry, serverFqdn: string | undefined): RemotePlan {
  let address = entry.target;
  if (serverFqdn !== undefined) {
    const host = serverFqdn.replace(/:\d+$/, '');
    address = address.replace(/\$(?:\{CI_SERVER_FQDN\}|CI_SERVER_FQDN\b)/g, serverFqdn).replace(/\$(?:\{CI_SERVER_HOST\}|CI_SERVER_HOST\b)/g, host);
  }
  if (address.includes('$')) return { kind: 'variables' };
  const at = address.indexOf('@');
  if (at === -1) return { kind: 'invalid', message: `Component \`${address}\` names no version: write \`<fqdn>/<project>/<name>@<version>\`.` };
  const fullPath = address.slice(0, at);
  const version = address.slice(at + 1);
  const slash = fullPath.indexOf('/');
  const last = fullPath.lastIndexOf('/');
  if (slash <= 0 || last === slash || version === '') {
    return { kind: 'invalid', message: `Component \`${address}\` is not of the form \`<fqdn>/<project>/<name>@<version>\`.` };
  }
  const request: RemoteIncludeRequest = { kind: 'component', fqdn: fullPath.slice(0, slash), path: fullPath.slice(slash + 1, last), name: fullPath.slice(last + 1), version };
  return { kind: 'requests', requests: [{ request, range: entry.range, target: address }] };
}

function projectRequests(entry: RemoteIncludeEntry): RemotePlan {
  const project = entry.target.replace(/^\/+|\/+$/g, '');
  const refNode = getChild(entry.node, 'ref');
  const ref = scalarString(refNode);
  const fileNode = getChild(entry.node, 'file');
  const files: { readonly path: string; readonly range: Range }[] = [];
  for (const item of fileNode?.kind === 'seq' ? fileNode.items : fileNode ? [fileNode] : []) {
    const path = scalarString(item);
    if (path !== undefined) files.push({ path, range: item.loc.range });
  }
  if (files.length === 0) return { kind: 'invalid', message: `\`include:project\` \`${project}\` needs \`file\`: the path (or list of paths) of the files to include.` };
  if (project.includes('$') || ref?.includes('$') || files.some((f) => f.path.includes('$'))) return { kind: 'variables' };
  const requests = files.map((f): PlannedRequest => {
    const file = f.path.replace(/^\/+/, '');
    const request: RemoteIncludeRequest = ref === undefined || ref === '' ? { kind: 'project', project, file } : { kind: 'project', project, file, ref };
    return { request, range: f.range, target: `${project}/${file}${ref ? `@${ref}` : ''}` };
  });
  return { kind: 'requests', requests };
}
