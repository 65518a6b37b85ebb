// Users and tokens as GitLab renders them (UserBasic, UserPublic, PersonalAccessToken).
import { iso } from '../clock';
import type { Token, User } from '../model';
import type { FakeGitLabState } from '../state';

export function userBasic(state: FakeGitLabState, user: User): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: `${state.webUrl}/uploads/-/system/user/avatar/${user.id}/avatar.png`,
    web_url: `${state.webUrl}/${user.username}`,
  };
}

export function userFull(state: FakeGitLabState, user: User): Record<string, unknown> {
  return {
    ...userBasic(state, user),
    created_at: iso(user.createdAt),
    bio: '',
    location: '',
    public_email: null,
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: false,
    work_information: null,
    local_time: null,
    last_sign_in_at: iso(user.createdAt),
    confirmed_at: iso(user.createdAt),
    last_activity_on: iso(user.createdAt)?.slice(0, 10) ?? null,
    email: user.email,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: iso(user.createdAt),
    identities: [],
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: user.email,
  };
}

export function personalAccessToken(token: Token, now: number): Record<string, unknown> {
  const expired = token.expiresAt !== null && token.expiresAt <= now;
  return {
    id: token.id,
    name: token.name,
    revoked: token.revoked,
    created_at: iso(token.createdAt),
    description: null,
    scopes: [...token.scopes],
    user_id: token.userId,
    last_used_at: iso(token.lastUsedAt),
    active: !token.revoked && !expired,
    expires_at: token.expiresAt === null ? null : new Date(token.expiresAt).toISOString().slice(0, 10),
  };
}
