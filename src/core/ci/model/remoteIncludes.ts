/**
 * The port through which the CI analysis reads includes that live outside the repository:
 * `include:project`, `include:template`, `include:component` and `include:remote`.
 *
 * The analysis stays synchronous. It asks a {@link RemoteIncludeSource} for each such include; an
 * answer it does not have yet is `undefined`, which the analysis records as pending (and treats
 * like today's offline "cannot be read" include, softening what the file could explain). Whoever
 * drives the analysis fetches the pending requests asynchronously through a
 * {@link RemoteIncludeFetcher} and analyses again (`resolveRemoteIncludes` does exactly that), so
 * reading the network, caching and asking a person stay outside the core.
 */

/**
 * One file an include names outside the repository, as written (after GitLab's own splitting).
 * A `local` include inside a project or component file becomes a `project` request for that
 * project at the commit the file was read at, as GitLab does.
 */
export type RemoteIncludeRequest =
  /** `include:project` + one entry of `file`; `ref` absent means the project's default branch. */
  | { readonly kind: 'project'; readonly project: string; readonly file: string; readonly ref?: string }
  /** `include:template`: a file of GitLab's CI template collection, e.g. `Auto-DevOps.gitlab-ci.yml`. */
  | { readonly kind: 'template'; readonly name: string }
  /**
   * `include:component` `<fqdn>/<path>/<name>@<version>`, split as GitLab's InstancePath does: the
   * project path is everything before the last `/`, the component name what follows (may be empty,
   * then `templates/template.yml`). `version` is a tag, a commit SHA, a branch, `~latest` or a
   * partial semantic version (`1`, `1.2`) of the released catalog versions.
   */
  | { readonly kind: 'component'; readonly fqdn: string; readonly path: string; readonly name: string; readonly version: string }
  /** `include:remote` (or a bare URL): fetched without any credential, `https` only. */
  | { readonly kind: 'remote'; readonly url: string };

/** A stable string naming a request: equal requests give equal keys (for maps and caches). */
export function remoteIncludeKey(req: RemoteIncludeRequest): string {
  switch (req.kind) {
    case 'project':
      return `project:${req.project}:${req.ref ?? ''}:${req.file.replace(/^\/+/, '')}`;
    case 'template':
      return `template:${req.name}`;
    case 'component':
      return `component:${req.fqdn}/${req.path}/${req.name}@${req.version}`;
    case 'remote':
      return `remote:${req.url}`;
  }
}

/** How current a found file is: just read from GitLab, from a cache still trusted, or from a cache because GitLab could not be reached. */
export type RemoteIncludeFreshness = 'live' | 'cached' | 'stale-offline';

/**
 * URI scheme of the virtual paths of remote include files (see {@link RemoteIncludeFound.path}):
 * `gitlab-include://<host>/<kind>/...`. They never collide with absolute file-system paths.
 */
export const REMOTE_INCLUDE_SCHEME = 'gitlab-include';

/** True for the virtual path of a remote include file (as opposed to a file of the repository). */
export function isRemoteIncludePath(path: string): boolean {
  return path.startsWith(`${REMOTE_INCLUDE_SCHEME}://`);
}

/** The file an include names, read. */
export interface RemoteIncludeFound {
  readonly kind: 'found';
  /** The file's text, at most GitLab's 2 MiB YAML size. */
  readonly text: string;
  /**
   * The file's virtual path (`gitlab-include://...`, see {@link REMOTE_INCLUDE_SCHEME}): its key in the
   * analysis' `files`, in `IncludeLink.resolved` and in the `file` of findings inside it. Changes when
   * the content's version changes (it holds the commit SHA where there is one).
   */
  readonly path: string;
  /**
   * For project and component files: the project (full path) and commit the file was read at; a
   * `local` include inside the file is read from there. Absent for templates and remote files,
   * whose `local` includes stay in the including file's project, as in GitLab.
   */
  readonly project?: { readonly path: string; readonly sha: string };
  /** What the ref or version resolved to, for people: a commit SHA, a catalog version, a template name. */
  readonly resolved: string;
  /** Where a person can see the file in a browser. */
  readonly displayUrl: string;
  readonly freshness: RemoteIncludeFreshness;
}

/** Why an include could not be read. Each becomes a finding at the include (see `CI_CODES`). */
export type RemoteIncludeFailureReason =
  /** The file, template, component or ref does not exist (GitLab fails the pipeline). */
  | 'missing'
  /** The project exists but the token may not read it, or GitLab hides it (404 for a private project). */
  | 'forbidden'
  /** GitLab (or the remote host) could not be reached, or answered with a server error. */
  | 'unreachable'
  /** No token for the repository's instance: project, template and component includes cannot be read. */
  | 'not-signed-in'
  /** `include:remote` to a host the person has not allowed (or a plain `http` URL). */
  | 'host-not-allowed'
  /** A component on another instance than the repository's: GitLab accepts only its own. */
  | 'other-instance'
  /** Larger than GitLab's 2 MiB YAML limit. */
  | 'too-large'
  /** The include entry itself is malformed (component without `@version`, bad URL, ...). */
  | 'invalid';

export interface RemoteIncludeFailure {
  readonly kind: 'failure';
  readonly reason: RemoteIncludeFailureReason;
  /** Plain words for the person, never holding a token. */
  readonly message: string;
}

export type RemoteIncludeAnswer = RemoteIncludeFound | RemoteIncludeFailure;

/**
 * What the analysis asks, synchronously. `undefined` means "not fetched yet": the request is then
 * listed in the analysis' `pendingIncludes`.
 */
export interface RemoteIncludeSource {
  lookup(req: RemoteIncludeRequest): RemoteIncludeAnswer | undefined;
  /**
   * The repository's instance as `host[:port]`, when known: `$CI_SERVER_FQDN` and `$CI_SERVER_HOST`
   * in include paths (`component: $CI_SERVER_FQDN/group/project/name@1.0`) are expanded with it, as
   * GitLab does. Without it such includes stay unresolved.
   */
  readonly serverFqdn?: string;
}

/**
 * Reads one request from GitLab (or the remote host). Never rejects for what GitLab or the network
 * answers: those become failures. `known`, when given, is a previous found answer for the same
 * request: a fetcher that finds the ref still at the same commit may return it (as `live`)
 * without reading the file again.
 */
export interface RemoteIncludeFetcher {
  fetch(req: RemoteIncludeRequest, known?: RemoteIncludeFound): Promise<RemoteIncludeAnswer>;
}

/** A {@link RemoteIncludeSource} over answers held in memory (what the driver and the CLI use). */
export class RemoteIncludeAnswers implements RemoteIncludeSource {
  private readonly answers = new Map<string, RemoteIncludeAnswer>();

  readonly serverFqdn?: string;
  private readonly fallback?: RemoteIncludeSource;

  constructor(options: { readonly serverFqdn?: string; readonly fallback?: RemoteIncludeSource } = {}) {
    const serverFqdn = options.serverFqdn ?? options.fallback?.serverFqdn;
    if (serverFqdn !== undefined) this.serverFqdn = serverFqdn;
    if (options.fallback) this.fallback = options.fallback;
  }

  lookup(req: RemoteIncludeRequest): RemoteIncludeAnswer | undefined {
    return this.answers.get(remoteIncludeKey(req)) ?? this.fallback?.lookup(req);
  }

  set(req: RemoteIncludeRequest, answer: RemoteIncludeAnswer): void {
    this.answers.set(remoteIncludeKey(req), answer);
  }

  has(req: RemoteIncludeRequest): boolean {
    return this.answers.has(remoteIncludeKey(req));
  }
}
