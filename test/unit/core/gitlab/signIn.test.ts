import * as assert from 'node:assert/strict';
import type { GitLabApi } from '../../../../src/core/gitlab/client';
import { tokenCapabilities } from '../../../../src/core/gitlab/client';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../../../src/core/gitlab/errors';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import type { TokenInfo } from '../../../../src/core/gitlab/models';
import { checkToken } from '../../../../src/core/gitlab/signIn';

const instance = instanceFromUrl('https://gitlab.example.com');
const user = { id: 1, username: 'alice', name: 'Alice' };

function api(scopes: readonly string[] | Error, userError?: Error): Pick<GitLabApi, 'instance' | 'currentUser' | 'tokenScopes'> {
  const token: TokenInfo = { id: 9, name: 'rp', scopes: Array.isArray(scopes) ? scopes : [], active: true, revoked: false, expires_at: null, user_id: 1 };
  return {
    instance,
    currentUser: () => (userError ? Promise.reject(userError) : Promise.resolve({ data: user, unchanged: false })),
    tokenScopes: () => (scopes instanceof Error ? Promise.reject(scopes) : Promise.resolve({ data: token, unchanged: false })),
  };
}

describe('checkToken', () => {
  it('accepts an api token that can watch and act', async () => {
    const check = await checkToken(api(['api']));
    assert.equal(check.user.username, 'alice');
    assert.deepEqual(check.capabilities, { canWatch: true, canAct: true });
    assert.equal(check.scopesKnown, true);
  });

  it('accepts a read_api token for watching only', async () => {
    assert.deepEqual((await checkToken(api(['read_api']))).capabilities, { canWatch: true, canAct: false });
  });

  it('refuses a token that cannot read the API, naming the scope to add', async () => {
    await assert.rejects(checkToken(api(['read_repository'])), (error: unknown) => error instanceof ForbiddenError && error.missingScope === 'read_api');
  });

  it('passes a 401 on through so the user signs in again', async () => {
    await assert.rejects(checkToken(api(['api'], new UnauthorizedError({ host: 'h' }))), UnauthorizedError);
  });

  it('reports unknown scopes when the instance has no scopes endpoint', async () => {
    const check = await checkToken(api(new NotFoundError({ host: 'h' })));
    assert.equal(check.scopesKnown, false);
    assert.equal(check.token, undefined);
  });

  it('maps scopes to capabilities from one table', () => {
    assert.deepEqual(tokenCapabilities([]), { canWatch: false, canAct: false });
    assert.deepEqual(tokenCapabilities(['read_user', 'api']), { canWatch: true, canAct: true });
  });
});
