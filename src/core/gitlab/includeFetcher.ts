/**
 * Reads what `include:project|template|component|remote` name, for the CI analysis' remote
 * include port, the way GitLab's `Gitlab::Ci::Config::External::File::*` read them:
 *
 * - project: the ref (default: the project's default branch) is resolved to a commit first, so a
 *   cache keyed by that commit knows when the ref moved; the file is then read at that commit.
 * - template: the instance's CI template API.
 * - component: only on the repository's own instance (InstancePath); the version is `~latest`
 *   or a partial semantic version (`1`, `1.2`) of the released versions, else a tag, branch or
 *   SHA; the file is `templates/<name>.yml`, else `templates/<name>/template.yml`.
 * - remote: `https` only, never with the token, only to hosts `isHostAllowed` says yes to.
 *
 * The token stays in the {@link GitLabApi} of the repository's instance: nothing here sends it,
 * and a component on another host is refused before any request.
 */
import type { RemoteIncludeAnswer, RemoteIncludeFailureReason, RemoteIncludeFetcher, RemoteIncludeFound, RemoteIncludeRequest } from '../ci';
import { MAX_FILE_BYTES, REMOTE_INCLUDE_SCHEME } from '../ci';
import type { GitLabApi } from './client';
import { GitLabError } from './errors';
import type { HttpAnswer, HttpSend } from './httpWire';
import { BodyTooLargeError, nodeHttpSend } from './httpWire';
import type { GitLabInstance } from './instance';

export interface GitLabIncludeFetcherOptions {
  /** The repository's instance: components must live there; virtual paths and links name it. */
  readonly instance: GitLabInstance;
  /** The signed-in client of that instance; undefined when nobody is signed in there. */
  readonly api: GitLabApi | undefined;
  /**
   * May an `include:remote` be read from this host (name, lower case, with `:port` when not
   * 443)? The editor asks the person once per host; the CLI answers from its flags.
   */
  readonly isHostAllowed: (host: string) => boolean | Promise<boolean>;
  /** The wire for `include:remote` (no token is ever attached); by default Node's https. */
  readonly send?: HttpSend;
  /** Abort a remote read after this many ms (default 30 000). */
  readonly timeoutMs?: number;
}

/** A remote host may redirect this often (to another allowed https host) before we give up. */
const MAX_REMOTE_REDIRECTS = 3;

/** GitLab's catalog versions are semantic versions; `~latest` and `1`/`1.2` pick among them. */
const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const SHORTHAND_SEMVER = /^\d+(\.\d+)?$/;
const FULL_SHA = /^[0-9a-f]{40}$/;

export function createGitLabIncludeFetcher(options: GitLabIncludeFetcherOptions): RemoteIncludeFetcher {
  return new GitLabIncludeFetcher(options);
}

class GitLabIncludeFetcher implements RemoteIncludeFetcher {
  private readonly send: HttpSend;
  private readonly fqdn: string;

  constructor(private readonly options: GitLabIncludeFetcherOptions) {
    this.send = options.send ?? nodeHttpSend();
    this.fqdn = options.instance.port === undefined ? options.instance.hostname : `${options.instance.hostname}:${options.instance.port}`;
  }

  async fetch(req: RemoteIncludeRequest, known?: RemoteIncludeFound): Promise<RemoteIncludeAnswer> {
    try {
      switch (req.kind) {
        case 'project':
          return await this.project(req, known);
        case 'template':
          return await this.template(req.name);
        case 'component':
          return await this.component(req, known);
        case 'remote':
          return await this.remote(req.url);
      }
    } catch (error) {
      return failureOf(error, describe(req));
    }
  }

  private signedIn(req: RemoteIncludeRequest): GitLabApi | RemoteIncludeAnswer {
    return this.options.api ?? fail('not-signed-in', `${describe(req)} is read through GitLab: sign in to ${this.options.instance.url} to resolve it.`);
  }

  private async project(req: Extract<RemoteIncludeRequest, { kind: 'project' }>, known: RemoteIncludeFound | undefined): Promise<RemoteIncludeAnswer> {
    const api = this.signedIn(req);
    if (!isApi(api)) return api;
    const what = describe(req);
    let ref = req.ref;
    if (ref === undefined) {
      const project = await tryRead(() => api.project(req.project));
      if (!project.ok) return projectFailure(project.error, req.project, what);
      ref = project.value.data.default_branch ?? undefined;
      if (!ref) return fail('missing', `Project \`${req.project}\` has no default branch (its repository is empty), so ${what} cannot be read.`);
    }
    const sha = await this.commitOf(api, req.project, ref);
    if (typeof sha !== 'string') return sha.kind === 'project' ? projectFailure(sha.error, req.project, what) : fail('missing', `Project \`${req.project}\` has no branch, tag or commit \`${ref}\` (${what}).`);
    if (known?.project?.sha === sha && known.project.path === req.project) return { ...known, freshness: 'live' };
    const file = req.file.replace(/^\/+/, '');
    const read = await this.fileAt(api, req.project, file, sha);
    if (read.kind === 'failure') return read;
    if (read.kind === 'no-file') return fail('missing', `Project \`${req.project}\` has no file \`${file}\` at \`${ref}\`: GitLab fails the pipeline ("Included file \`${file}\` is empty or does not exist!").`);
    return this.found(read.text, `project/${req.project}/-/${sha}/${file}`, { path: req.project, sha }, sha, `${this.options.instance.url}/${req.project}/-/blob/${sha}/${encodePath(file)}`);
  }

  private async template(name: string): Promise<RemoteIncludeAnswer> {
    const req: RemoteIncludeRequest = { kind: 'template', name };
    const api = this.signedIn(req);
    if (!isApi(api)) return api;
    // GitLab's Template finder takes the name without its `.gitlab-ci.yml` suffix.
    const key = name.replace(/\.gitlab-ci\.yml$/, '');
    const read = await tryRead(() => api.ciTemplate(key));
    if (!read.ok) {
      if (read.error instanceof GitLabError && read.error.kind === 'not-found') {
        return fail('missing', `Template \`${name}\` does not exist on ${this.options.instance.url}: GitLab fails the pipeline ("Included file \`${name}\` is empty or does not exist!").`);
      }
      throw read.error;
    }
    const content = read.value.data.content;
    if (Buffer.byteLength(content) > MAX_FILE_BYTES) return tooLarge(`Template \`${name}\``);
    return this.found(content, `template/${name}`, undefined, name, `${this.options.instance.apiBase}templates/gitlab_ci_ymls/${encodeURIComponent(key)}`);
  }

  private async component(req: Extract<RemoteIncludeRequest, { kind: 'component' }>, known: RemoteIncludeFound | undefined): Promise<RemoteIncludeAnswer> {
    const address = `${req.fqdn}/${req.path}/${req.name}@${req.version}`;
    if (req.fqdn.toLowerCase() !== this.fqdn) {
      return fail('other-instance', `Component \`${address}\` is on ${req.fqdn}, not on this repository's instance (${this.fqdn}): GitLab includes components of its own instance only, and no token is sent elsewhere.`);
    }
    const api = this.signedIn(req);
    if (!isApi(api)) return api;
    const sha = await this.componentSha(api, req, address);
    if (typeof sha !== 'string') return sha;
    if (known?.project?.sha === sha && known.project.path === req.path) return { ...known, freshness: 'live' };
    const candidates = req.name === '' ? ['templates/template.yml'] : [`templates/${req.name}.yml`, `templates/${req.name}/template.yml`];
    for (const file of candidates) {
      const read = await this.fileAt(api, req.path, file, sha);
      if (read.kind === 'failure') return read;
      if (read.kind === 'no-file') continue;
      const resolved = req.version === sha ? sha : `${req.version} (${sha.slice(0, 8)})`;
      return this.found(read.text, `component/${req.path}/-/${sha}/${file}`, { path: req.path, sha }, resolved, `${this.options.instance.url}/${req.path}/-/blob/${sha}/${encodePath(file)}`);
    }
    return fail('missing', `Component \`${address}\`: content not found (no \`${candidates.join('` or `')}\` at that version).`);
  }

  /** The commit a component version names, as InstancePath#find_version_sha finds it. */
  private async componentSha(api: GitLabApi, req: Extract<RemoteIncludeRequest, { kind: 'component' }>, address: string): Promise<string | RemoteIncludeAnswer> {
    const noProject = (): RemoteIncludeAnswer => fail('missing', `Component \`${address}\`: project \`${req.path}\` does not exist or you don't have sufficient permissions.`);
    if (req.version === '~latest' || SHORTHAND_SEMVER.test(req.version)) {
      const releases = await tryRead(() => api.releases(req.path));
      if (!releases.ok) {
        if (releases.error instanceof GitLabError && (releases.error.kind === 'not-found' || releases.error.kind === 'forbidden')) return noProject();
        throw releases.error;
      }
      const sha = latestRelease(releases.value.data, req.version);
      if (sha) return sha;
      if (req.version === '~latest') return fail('missing', `Component \`${address}\`: project \`${req.path}\` has no released version, so \`~latest\` names nothing.`);
    }
    const sha = await this.commitOf(api, req.path, req.version);
    if (typeof sha === 'string') return sha;
    return sha.kind === 'project' ? noProject() : fail('missing', `Component \`${address}\`: version \`${req.version}\` is neither a released version, a tag, a branch nor a commit of \`${req.path}\`.`);
  }

  /** The commit `ref` names in `project`; a full SHA is taken as is (a nested include's commit). */
  private async commitOf(api: GitLabApi, project: string, ref: string): Promise<string | { readonly kind: 'project' | 'ref'; readonly error: unknown }> {
    if (FULL_SHA.test(ref)) return ref;
    const commit = await tryRead(() => api.commit(project, ref));
    if (commit.ok) return commit.value.data.id;
    const error = commit.error;
    if (error instanceof GitLabError && error.kind === 'not-found' && !/project/i.test(error.detail ?? '')) return { kind: 'ref', error };
    if (error instanceof GitLabError && (error.kind === 'not-found' || error.kind === 'forbidden')) return { kind: 'project', error };
    throw error;
  }

  private async fileAt(api: GitLabApi, project: string, file: string, sha: string): Promise<{ readonly kind: 'text'; readonly text: string } | { readonly kind: 'no-file' } | RemoteIncludeAnswer & { kind: 'failure' }> {
    const read = await tryRead(() => api.repositoryFile(project, file, sha));
    if (!read.ok) {
      const error = read.error;
      if (error instanceof GitLabError && error.kind === 'not-found' && !/project/i.test(error.detail ?? '')) return { kind: 'no-file' };
      if (error instanceof GitLabError && (error.kind === 'not-found' || error.kind === 'forbidden')) {
        return { kind: 'failure', reason: 'forbidden', message: `Project \`${project}\` was not found or you don't have access to it.` };
      }
      throw error;
    }
    const data = read.value.data;
    if (data.size > MAX_FILE_BYTES) return tooLarge(`\`${file}\` of \`${project}\``) as RemoteIncludeAnswer & { kind: 'failure' };
    return { kind: 'text', text: Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8') };
  }

  private async remote(url: string, hops = 0): Promise<RemoteIncludeAnswer> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return fail('invalid', `\`${url}\` is not a URL.`);
    }
    if (target.protocol !== 'https:') return fail('host-not-allowed', `Remote include \`${url}\` is not read: only https URLs are fetched.`);
    if (target.username || target.password) return fail('host-not-allowed', `Remote include \`${target.host}\` carries credentials in its URL; it is not fetched.`);
    const host = target.host.toLowerCase();
    if (!(await this.options.isHostAllowed(host))) {
      return fail('host-not-allowed', `Remote include from ${host} is not read: that host has not been allowed (it is fetched without any token once allowed).`);
    }
    let answer: HttpAnswer;
    try {
      answer = await this.send({ method: 'GET', url: target, headers: { accept: '*/*' }, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    } catch (error) {
      return fail('unreachable', `Remote include \`${url}\` could not be read: ${host} did not answer (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (answer.status >= 300 && answer.status < 400) {
      answer.discard();
      const location = answer.headers['location'];
      if (!location || hops >= MAX_REMOTE_REDIRECTS) return fail('unreachable', `Remote include \`${url}\` redirects too often.`);
      return this.remote(new URL(location, target).href, hops + 1);
    }
    if (answer.status === 404) {
      answer.discard();
      return fail('missing', `Remote include \`${url}\` does not exist (HTTP 404): GitLab fails the pipeline.`);
    }
    if (answer.status < 200 || answer.status >= 300) {
      answer.discard();
      return fail('unreachable', `Remote include \`${url}\` could not be read: ${host} answered HTTP ${answer.status}.`);
    }
    let text: string;
    try {
      text = await answer.text(MAX_FILE_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return tooLarge(`Remote include \`${url}\``);
      return fail('unreachable', `Remote include \`${url}\` could not be read to the end.`);
    }
    return this.found(text, `remote/${target.host}${target.pathname}${target.search}`, undefined, target.href, target.href, host);
  }

  private found(text: string, path: string, project: RemoteIncludeFound['project'], resolved: string, displayUrl: string, host = this.fqdn): RemoteIncludeFound {
    return { kind: 'found', text, path: `${REMOTE_INCLUDE_SCHEME}://${host}/${path}`, ...(project ? { project } : {}), resolved, displayUrl, freshness: 'live' };
  }
}

/** The highest released semantic version (matching `1` or `1.2` when given); pre-releases only when asked by name. */
function latestRelease(releases: readonly { readonly tag_name: string; readonly upcoming_release?: boolean; readonly commit?: { readonly id: string } }[], wanted: string): string | undefined {
  const [major, minor] = wanted === '~latest' ? [] : wanted.split('.');
  let best: { readonly parts: readonly number[]; readonly sha: string } | undefined;
  for (const release of releases) {
    const match = SEMVER.exec(release.tag_name);
    if (!match || match[4] !== undefined || release.upcoming_release === true || !release.commit) continue;
    const parts = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (major !== undefined && parts[0] !== Number(major)) continue;
    if (minor !== undefined && parts[1] !== Number(minor)) continue;
    if (!best || compareParts(parts, best.parts) > 0) best = { parts, sha: release.commit.id };
  }
  return best?.sha;
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

type Tried<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

async function tryRead<T>(read: () => Promise<T>): Promise<Tried<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error };
  }
}

function isApi(value: GitLabApi | RemoteIncludeAnswer): value is GitLabApi {
  return !('kind' in value && (value.kind === 'failure' || value.kind === 'found'));
}

function fail(reason: RemoteIncludeFailureReason, message: string): RemoteIncludeAnswer & { kind: 'failure' } {
  return { kind: 'failure', reason, message };
}

function tooLarge(what: string): RemoteIncludeAnswer {
  return fail('too-large', `${what} is larger than ${MAX_FILE_BYTES} bytes (GitLab: "The provided YAML is too big"); it is not read.`);
}

function projectFailure(error: unknown, project: string, what: string): RemoteIncludeAnswer {
  if (error instanceof GitLabError && (error.kind === 'not-found' || error.kind === 'forbidden')) {
    return fail('forbidden', `Project \`${project}\` was not found or you don't have access to it, so ${what} cannot be read (GitLab: "Project \`${project}\` not found or access denied!").`);
  }
  throw error;
}

/** A GitLab failure other than a missing thing, in the include's words (GitLab's own message never holds the token). */
function failureOf(error: unknown, what: string): RemoteIncludeAnswer {
  if (error instanceof GitLabError) {
    if (error.kind === 'unauthorized') return fail('not-signed-in', `${what} could not be read: GitLab refused the token. ${error.message}`);
    if (error.kind === 'refused') return fail('host-not-allowed', `${what}: ${error.message}`);
    return fail('unreachable', `${what} could not be read: ${error.message}`);
  }
  return fail('unreachable', `${what} could not be read: ${error instanceof Error ? error.message : String(error)}`);
}

function describe(req: RemoteIncludeRequest): string {
  switch (req.kind) {
    case 'project':
      return `\`${req.file}\` of project \`${req.project}\`${req.ref ? ` at \`${req.ref}\`` : ''}`;
    case 'template':
      return `Template \`${req.name}\``;
    case 'component':
      return `Component \`${req.fqdn}/${req.path}/${req.name}@${req.version}\``;
    case 'remote':
      return `Remote include \`${req.url}\``;
  }
}

function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
