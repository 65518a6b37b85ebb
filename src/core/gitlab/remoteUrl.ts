/**
 * Git remotes -> GitLab projects. A repository may have several remotes (a fork's
 * `origin`, the real `upstream`, a mirror on another host); the lanes must follow the
 * one that lives on an instance the user signed in to, not whichever is called origin.
 */
import type { GitLabInstance } from './instance';
import { checkProjectPath } from './projectPath';

/** A remote URL taken apart. `path` is everything after the host, without `.git` and slashes at either end. */
export interface ParsedRemote {
  readonly transport: 'ssh' | 'http' | 'https' | 'git';
  /** Lower-case host name without port. */
  readonly hostname: string;
  /** Port written in the URL (SSH port for ssh remotes, HTTP port for http ones). */
  readonly port?: number;
  /** Path as written, e.g. `group/sub/project` or, for a relative-URL instance, `gitlab/group/project`. */
  readonly path: string;
}

/** A remote as the Git extension reports it. */
export interface GitRemote {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}

/** User choices that beat detection (settings `remoteName` / `projectPath`). */
export interface RemoteOverride {
  readonly remoteName?: string;
  readonly projectPath?: string;
}

export type RemoteSelection =
  /** Found: the project `projectPath` on `instance`, via `remoteName` (absent when only the override named the project). */
  | { readonly kind: 'matched'; readonly instance: GitLabInstance; readonly projectPath: string; readonly remoteName?: string }
  /** The repository has no remote that looks like a GitLab project (or the overridden remote does not exist). */
  | { readonly kind: 'no-remote'; readonly reason: string }
  /** Remotes exist but none is on a signed-in instance; `hosts` lists where they point, to suggest a sign-in. */
  | { readonly kind: 'no-instance'; readonly hosts: readonly string[] };

const SCHEME_URL = /^(ssh|git\+ssh|ssh\+git|git|https?):\/\//i;
/** scp-like syntax: `[user@]host:path`, where the host part has no slash. */
const SCP_LIKE = /^(?:[^@/\s]+@)?(\[[^\]]+\]|[^:/\s]+):(?!\/\/)(.+)$/;
const TRANSPORTS: Readonly<Record<string, ParsedRemote['transport']>> = {
  ssh: 'ssh', 'git+ssh': 'ssh', 'ssh+git': 'ssh', git: 'git', http: 'http', https: 'https',
};
/** Remote names to prefer, in order, when several remotes match signed-in instances. */
const PREFERRED_REMOTES = ['origin', 'upstream'];

/** Parses any remote URL form git accepts for a network remote; undefined for local paths and junk. */
export function parseRemoteUrl(remoteUrl: string): ParsedRemote | undefined {
  const text = remoteUrl.trim();
  if (!text) return undefined;
  const scheme = SCHEME_URL.exec(text);
  if (scheme) return parseSchemeUrl(text, TRANSPORTS[scheme[1]!.toLowerCase()]!);
  const scp = SCP_LIKE.exec(text);
  if (!scp) return undefined;
  const path = cleanPath(scp[2]!);
  const hostname = scp[1]!.replace(/^\[|\]$/g, '').toLowerCase();
  // `C:\repo` or `c:/repo` are Windows paths, not hosts.
  if (hostname.length === 1 || !path) return undefined;
  return { transport: 'ssh', hostname, path };
}

function parseSchemeUrl(text: string, transport: ParsedRemote['transport']): ParsedRemote | undefined {
  let url: URL;
  try {
    // URL only knows default ports for special schemes; ssh/git parse fine as opaque-host URLs.
    url = new URL(text);
  } catch {
    return undefined;
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const path = cleanPath(safeDecode(url.pathname));
  if (!hostname || !path) return undefined;
  return { transport, hostname, ...(url.port ? { port: Number(url.port) } : {}), path };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function cleanPath(path: string): string {
  return path.replace(/^~?\/+/, '').replace(/\/+$/, '').replace(/\.git$/i, '').replace(/\/+$/, '');
}

/**
 * The project path `remote` denotes on `instance`, or undefined when it is not on that
 * instance. Hosts are compared by name only: an SSH remote's port is the SSH daemon's,
 * which says nothing about the web port. HTTP remotes of a relative-URL instance carry
 * its base path (`/gitlab/group/project`), SSH remotes do not.
 */
export function projectPathOnInstance(remote: ParsedRemote, instance: GitLabInstance): string | undefined {
  if (remote.hostname !== instance.hostname) return undefined;
  if (remote.transport === 'ssh' || remote.transport === 'git' || !instance.basePath) return nonEmpty(remote.path);
  const prefix = instance.basePath.replace(/^\//, '') + '/';
  if (!remote.path.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
  return nonEmpty(remote.path.slice(prefix.length));
}

function nonEmpty(path: string): string | undefined {
  return path.includes('/') ? path : undefined;
}

/** The first signed-in instance (most specific base path first) that hosts `remote`. */
export function matchRemote(remote: ParsedRemote, instances: readonly GitLabInstance[]): { instance: GitLabInstance; projectPath: string } | undefined {
  const bySpecificity = [...instances].sort((a, b) => b.basePath.length - a.basePath.length);
  for (const instance of bySpecificity) {
    const projectPath = projectPathOnInstance(remote, instance);
    if (projectPath) return { instance, projectPath };
  }
  return undefined;
}

/**
 * Chooses the GitLab project of a repository: the overridden remote if one is set,
 * otherwise a remote on a signed-in instance (origin, then upstream, then the first),
 * with the project path override applied last.
 */
export function selectRemote(remotes: readonly GitRemote[], instances: readonly GitLabInstance[], override: RemoteOverride = {}): RemoteSelection {
  // A workspace may set the project: one that is not a GitLab path is refused, never repaired.
  const checked = override.projectPath ? checkProjectPath(override.projectPath) : undefined;
  if (checked && 'problem' in checked) return { kind: 'no-remote', reason: `Setting releasePilot.gitlab.projectPath: ${checked.problem}` };
  const projectPath = checked?.path;
  const candidates = override.remoteName ? remotes.filter((r) => r.name === override.remoteName) : remotes;
  if (override.remoteName && candidates.length === 0) {
    return { kind: 'no-remote', reason: `The repository has no remote named "${override.remoteName}".` };
  }
  const matches: { remoteName: string; instance: GitLabInstance; projectPath: string }[] = [];
  const hosts = new Set<string>();
  for (const remote of candidates) {
    for (const url of [remote.fetchUrl, remote.pushUrl]) {
      const parsed = url ? parseRemoteUrl(url) : undefined;
      if (!parsed) continue;
      hosts.add(parsed.hostname);
      const match = matchRemote(parsed, instances);
      if (match) {
        matches.push({ remoteName: remote.name, ...match });
        break;
      }
    }
  }
  const best = pickPreferred(matches);
  if (best) return { kind: 'matched', ...best, projectPath: projectPath ?? best.projectPath };
  if (projectPath && instances.length === 1) return { kind: 'matched', instance: instances[0]!, projectPath };
  if (hosts.size === 0) return { kind: 'no-remote', reason: 'The repository has no remote that points to a GitLab server.' };
  return { kind: 'no-instance', hosts: [...hosts].sort() };
}

function pickPreferred<T extends { remoteName: string }>(matches: readonly T[]): T | undefined {
  for (const name of PREFERRED_REMOTES) {
    const found = matches.find((m) => m.remoteName === name);
    if (found) return found;
  }
  return matches[0];
}
