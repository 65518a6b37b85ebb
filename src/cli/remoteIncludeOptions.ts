import type { RemoteIncludeFetcher } from '../core/ci';
import type { GitLabInstance } from '../core/gitlab/instance';
import { parseInstanceUrl, plainHttpWarning } from '../core/gitlab/instance';

/** The flags that let `lint` read includes from other projects, templates, components and URLs. */
export interface RemoteIncludeFlags {
  readonly gitlabUrl?: string;
  readonly tokenEnv?: string;
  readonly allowRemoteHosts: readonly string[];
}

export const REMOTE_INCLUDE_USAGE = `  --gitlab-url URL           Read include:project, include:template and include:component from this GitLab
  --token-env NAME           Its token is in environment variable NAME (CI_JOB_TOKEN is sent as JOB-TOKEN)
  --allow-remote-host HOST   Fetch include:remote (https, never with the token) from HOST[:PORT]; repeatable
`;

/** What each flag takes, named in the usage error when its value is missing. */
const REMOTE_FLAG_VALUES: Readonly<Record<string, string>> = {
  '--gitlab-url': 'a URL',
  '--token-env': 'the name of an environment variable',
  '--allow-remote-host': 'a host name',
};

/**
 * Takes one of the flags above into `flags` (`lint` and `preview` share them): false when `flag` is
 * none of them, else undefined, or the usage error when its value is missing.
 */
export function takeRemoteIncludeFlag(
  flags: { gitlabUrl?: string; tokenEnv?: string; allowRemoteHosts: string[] },
  flag: string,
  value: () => string | undefined,
): string | undefined | false {
  const what = REMOTE_FLAG_VALUES[flag];
  if (what === undefined) return false;
  const v = value();
  if (!v) return `${flag} needs ${what}`;
  if (flag === '--gitlab-url') flags.gitlabUrl = v;
  else if (flag === '--token-env') flags.tokenEnv = v;
  else flags.allowRemoteHosts.push(v);
  return undefined;
}

/** A fetcher for the flags, undefined when `--gitlab-url` is absent (offline), or why the flags cannot work. */
export function remoteIncludeFetcher(
  flags: RemoteIncludeFlags,
  env: Readonly<Record<string, string | undefined>>,
): { readonly fetcher?: RemoteIncludeFetcher; readonly serverFqdn?: string; readonly warning?: string } | string {
  if (flags.gitlabUrl === undefined) {
    if (flags.tokenEnv !== undefined) return '--token-env needs --gitlab-url';
    if (flags.allowRemoteHosts.length > 0) return '--allow-remote-host needs --gitlab-url';
    return {};
  }
  const parsed = parseInstanceUrl(flags.gitlabUrl);
  if (!parsed.ok) return `--gitlab-url: ${parsed.reason}`;
  const instance = parsed.instance;
  let token: string | undefined;
  if (flags.tokenEnv !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.tokenEnv)) return '--token-env takes the name of an environment variable, not a token';
    token = env[flags.tokenEnv];
    // The value is never echoed, not even in part.
    if (token === undefined || token === '') return `environment variable ${flags.tokenEnv} (named by --token-env) is not set or empty`;
  }
  const allowed = new Set(flags.allowRemoteHosts.map((h) => h.toLowerCase()));
  const access = {
    instance,
    ...(token === undefined ? {} : { token }),
    jobToken: flags.tokenEnv === 'CI_JOB_TOKEN',
    isHostAllowed: (host: string) => allowed.has(host) || allowed.has(host.replace(/:443$/, '')),
  };
  // The adapter is loaded on the first fetch (./remoteIncludeAdapter.ts says why).
  let adapter: Promise<RemoteIncludeFetcher> | undefined;
  const fetcher: RemoteIncludeFetcher = {
    fetch: async (req, known) => {
      adapter ??= import('./remoteIncludeAdapter').then((m) => m.createCliIncludeFetcher(access));
      return (await adapter).fetch(req, known);
    },
  };
  const warning = token === undefined ? undefined : plainHttpWarning(instance);
  return { fetcher, serverFqdn: fqdnOf(instance), ...(warning === undefined ? {} : { warning }) };
}

function fqdnOf(instance: GitLabInstance): string {
  return instance.port === undefined ? instance.hostname : `${instance.hostname}:${instance.port}`;
}
