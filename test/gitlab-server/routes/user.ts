// Who am I: GET /user, GET /personal_access_tokens/self, GET /version.
import type { Route } from '../http/types';
import { ok } from '../http/types';
import { personalAccessToken, userFull } from '../payloads/users';

export const FAKE_GITLAB_VERSION = '17.6.0-ee';

export const userRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/user', handler: (ctx) => ok(userFull(ctx.state, ctx.user)) },
  { method: 'GET', pattern: '/personal_access_tokens/self', handler: (ctx) => ok(personalAccessToken(ctx.token, ctx.state.clock.now())) },
  {
    method: 'GET',
    pattern: '/version',
    handler: () => ok({ version: FAKE_GITLAB_VERSION, revision: 'fake0000', kas: { enabled: false, externalUrl: null, externalK8sProxyUrl: null, version: null }, enterprise: true }),
  },
  {
    method: 'GET',
    pattern: '/metadata',
    handler: () => ok({ version: FAKE_GITLAB_VERSION, revision: 'fake0000', kas: { enabled: false, externalUrl: null, externalK8sProxyUrl: null, version: null }, enterprise: true }),
  },
];
