// Token authentication: PRIVATE-TOKEN or Authorization: Bearer, and the scope a route needs.
import { insufficientScope, invalidToken, unauthorized } from '../errors';
import type { Token, TokenScope, User } from '../model';
import type { FakeGitLabState } from '../state';
import type { Method } from './types';

/** Routes a narrower token may read, beyond what `api`/`read_api` allow. */
const EXTRA_READ_SCOPES: Readonly<Record<string, readonly TokenScope[]>> = {
  '/user': ['read_user'],
  '/personal_access_tokens/self': ['read_user', 'read_repository', 'write_repository'],
};

export function tokenFrom(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const header = headers['private-token'];
  if (typeof header === 'string' && header !== '') return header;
  // A pipeline's CI_JOB_TOKEN travels in JOB-TOKEN; here it is any token of the job's user.
  const jobToken = headers['job-token'];
  if (typeof jobToken === 'string' && jobToken !== '') return jobToken;
  const authorization = headers['authorization'];
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (match?.[1]) return match[1].trim();
  }
  return undefined;
}

export function authenticate(state: FakeGitLabState, value: string | undefined, method: Method, path: string): { user: User; token: Token } {
  if (value === undefined) throw unauthorized();
  const token = state.findToken(value);
  const user = token ? state.users.get(token.userId) : undefined;
  if (!token || !user) throw unauthorized();
  const now = state.clock.now();
  if (token.revoked) throw invalidToken('Token was revoked. You have to re-authorize from the user.');
  if (token.expiresAt !== null && token.expiresAt <= now) throw invalidToken('Token is expired. You can either do re-authorization or token refresh.');
  const read = method === 'GET';
  const allowed: readonly TokenScope[] = read ? ['api', 'read_api', ...(EXTRA_READ_SCOPES[path] ?? [])] : ['api'];
  if (!token.scopes.some((s) => allowed.includes(s))) throw insufficientScope();
  token.lastUsedAt = now;
  return { user, token };
}
