/**
 * GitLab instances the user signs in to, and the rule that keeps a token at home:
 * the token stored for an instance is only ever sent to that instance's origin and
 * below its base path. Everything that might point elsewhere (workspace settings,
 * git remotes, pagination links, redirects) goes through {@link tokenMayBeSentTo}.
 */

/** The instance used when the user accepts the default at sign-in. */
export const DEFAULT_INSTANCE_URL = 'https://gitlab.com';

/** A normalised GitLab instance address. Two inputs that mean the same instance yield equal `url`s. */
export interface GitLabInstance {
  /** Canonical base URL without trailing slash, e.g. `https://git.example.com:8443/gitlab`. Use it as the SecretStorage key. */
  readonly url: string;
  /** `scheme://host[:port]` as the URL standard computes it (default ports dropped). */
  readonly origin: string;
  /** Host name in lower case, without port. Git remotes are matched on this. */
  readonly hostname: string;
  /** Explicit non-default port of the web/API server, if any. */
  readonly port?: number;
  /** Relative URL root, '' for most instances, e.g. '/gitlab'. Never ends with '/'. */
  readonly basePath: string;
  /** REST base, always ending with '/': `<url>/api/v4/`. */
  readonly apiBase: string;
  /** GitLab's one GraphQL endpoint, `<url>/api/graphql` (beside the REST base, not under it). */
  readonly graphqlUrl: string;
}

export type InstanceUrlResult =
  | { readonly ok: true; readonly instance: GitLabInstance }
  | { readonly ok: false; readonly reason: string };

const ALLOWED_PROTOCOLS = new Set(['https:', 'http:']);

/**
 * Normalises what a user typed as an instance URL: empty means gitlab.com, a missing
 * scheme means https, trailing slashes and an `/api/v4` suffix are dropped, and the
 * host is lower-cased. Credentials, query strings and fragments are refused or dropped
 * because they have no place in a stored instance key.
 */
export function parseInstanceUrl(input: string | undefined): InstanceUrlResult {
  const raw = (input ?? '').trim() || DEFAULT_INSTANCE_URL;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { ok: false, reason: `"${raw}" is not a valid URL. Enter an address like https://gitlab.example.com.` };
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) {
    return { ok: false, reason: `Use an http or https address for the GitLab instance (got ${parsed.protocol}//).` };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, reason: 'Leave user name and password out of the instance URL: sign in with a personal access token instead.' };
  }
  if (!parsed.hostname) return { ok: false, reason: 'The instance URL has no host name.' };
  const basePath = parsed.pathname.replace(/\/+$/, '').replace(/\/api\/v4$/i, '').replace(/\/+$/, '');
  const url = `${parsed.origin}${basePath}`;
  const instance: GitLabInstance = {
    url,
    origin: parsed.origin,
    hostname: parsed.hostname.toLowerCase(),
    ...(parsed.port ? { port: Number(parsed.port) } : {}),
    basePath,
    apiBase: `${url}/api/v4/`,
    graphqlUrl: `${url}/api/graphql`,
  };
  return { ok: true, instance };
}

/** Like {@link parseInstanceUrl} for values the program already trusts (stored keys, tests); throws on invalid input. */
export function instanceFromUrl(input: string | undefined): GitLabInstance {
  const result = parseInstanceUrl(input);
  if (!result.ok) throw new Error(result.reason);
  return result.instance;
}

/**
 * The security rule: may a request carrying `instance`'s token go to `target`?
 * Only when the target has exactly the instance's origin (scheme, host and port) and
 * lies under its API base, or is exactly its GraphQL endpoint (`/api/graphql`, which GitLab
 * serves beside `/api/v4/`, not under it). Relative targets are resolved against the API base first.
 */
export function tokenMayBeSentTo(instance: GitLabInstance, target: string | URL): boolean {
  let resolved: URL;
  try {
    resolved = new URL(target, instance.apiBase);
  } catch {
    return false;
  }
  if (resolved.origin !== instance.origin) return false;
  if (resolved.username || resolved.password) return false;
  if (resolved.pathname === new URL(instance.graphqlUrl).pathname) return true;
  return resolved.pathname.startsWith(new URL(instance.apiBase).pathname);
}

/** Same instance, whatever spelling the two URLs used. */
export function sameInstance(a: GitLabInstance, b: GitLabInstance): boolean {
  return a.url === b.url;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The warning to show before a token is sent over plain http, where anyone on the network
 * path can read it; undefined for https, and for this machine's own loopback address (a local
 * sandbox), where the token never leaves the computer.
 */
export function plainHttpWarning(instance: GitLabInstance): string | undefined {
  if (!instance.origin.startsWith('http:')) return undefined;
  if (LOOPBACK_HOSTS.has(instance.hostname)) return undefined;
  return `${instance.url} uses plain http: your GitLab token would cross the network unencrypted, readable by anyone on the way (Wi-Fi, proxies). Use the https address if the instance has one.`;
}
