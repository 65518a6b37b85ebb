/**
 * Checking a token at sign-in: whose it is and what it may do. The scopes endpoint
 * exists for personal access tokens on current GitLab; older instances and other token
 * kinds answer 403/404 there, in which case the scopes are reported unknown rather than
 * refusing a token that `GET /user` just accepted.
 */
import type { GitLabApi, TokenCapabilities } from './client';
import { tokenCapabilities } from './client';
import { ForbiddenError, GitLabError } from './errors';
import type { CurrentUser, TokenInfo } from './models';

export interface TokenCheck {
  readonly user: CurrentUser;
  /** Undefined when the instance would not say. */
  readonly token?: TokenInfo;
  readonly capabilities: TokenCapabilities;
  readonly scopesKnown: boolean;
}

/**
 * Validates a token: rejects with UnauthorizedError for a bad, revoked or expired token,
 * with ForbiddenError (`missingScope: 'read_api'`) when its scopes cannot read pipelines.
 * A token that can watch but not act resolves with `capabilities.canAct === false`.
 */
export async function checkToken(api: Pick<GitLabApi, 'instance' | 'currentUser' | 'tokenScopes'>): Promise<TokenCheck> {
  const user = (await api.currentUser()).data;
  let token: TokenInfo | undefined;
  try {
    token = (await api.tokenScopes()).data;
  } catch (error) {
    if (!(error instanceof GitLabError) || (error.kind !== 'forbidden' && error.kind !== 'not-found')) throw error;
  }
  if (!token) return { user, capabilities: { canWatch: true, canAct: true }, scopesKnown: false };
  const capabilities = tokenCapabilities(token.scopes);
  if (!capabilities.canWatch) {
    throw new ForbiddenError({ host: api.instance.hostname, missingScope: 'read_api', detail: `the token has ${token.scopes.join(', ') || 'no'} scopes` });
  }
  return { user, token, capabilities, scopesKnown: true };
}
