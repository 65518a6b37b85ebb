import type { RemoteIncludeFetcher } from '../core/ci';
import { createGitbeakerApi } from '../core/gitlab/gitbeakerApi';
import { createGitLabIncludeFetcher } from '../core/gitlab/includeFetcher';
import type { GitLabInstance } from '../core/gitlab/instance';

/** What the CLI's flags say about reaching GitLab, once they are known to be usable. */
export interface CliGitLabAccess {
  readonly instance: GitLabInstance;
  readonly token?: string;
  readonly jobToken: boolean;
  readonly isHostAllowed: (host: string) => boolean;
}

/**
 * The fetcher over the GitLab adapter. It lives in its own module so that the CLI loads the adapter
 * (and Node's HTTP, TLS and zlib modules under it) only when an include is actually fetched: an
 * offline lint does not pay for them at start-up.
 */
export function createCliIncludeFetcher(access: CliGitLabAccess): RemoteIncludeFetcher {
  const api = access.token === undefined ? undefined : createGitbeakerApi({ instance: access.instance, token: access.token, tokenHeader: access.jobToken ? 'job-token' : 'private-token' });
  return createGitLabIncludeFetcher({ instance: access.instance, api, isHostAllowed: access.isHostAllowed });
}
