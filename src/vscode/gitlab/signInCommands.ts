import * as vscode from 'vscode';
import type { GitLabApi } from '../../core/gitlab/client';
import type { GitLabInstance } from '../../core/gitlab/instance';
import { DEFAULT_INSTANCE_URL, parseInstanceUrl, plainHttpWarning } from '../../core/gitlab/instance';
import { checkToken } from '../../core/gitlab/signIn';
import type { Asker } from '../../core/asker';
import type { Logger } from '../../core/logger';
import type { TokenStore } from './tokenStore';

export type ApiFactory = (instance: GitLabInstance, token: string) => GitLabApi;

export interface SignInDeps {
  readonly store: TokenStore;
  readonly createApi: ApiFactory;
  readonly logger: Logger;
  readonly ask: Asker;
}

/** Where the user creates a token on that instance, with the name and scope filled in. */
export function tokenPageUrl(instance: GitLabInstance): string {
  return `${instance.url}/-/user_settings/personal_access_tokens?name=Release%20Pilot&scopes=api`;
}

/**
 * "Sign in to GitLab": instance URL, then token; the token is checked (`GET /user` and its
 * scopes) before anything is stored. Arguments allow scripted sign-in (tests, walkthroughs):
 * `{ url, token }`; the token still goes through the same checks.
 */
export async function signIn(deps: SignInDeps, preset?: { url?: string; token?: string }): Promise<boolean> {
  const url = preset?.url ?? (await deps.ask.input({
    title: 'Sign in to GitLab (1/2)',
    prompt: 'GitLab instance URL (gitlab.com or your self-managed address, custom ports allowed)',
    value: DEFAULT_INSTANCE_URL,
    validate: (value) => {
      const parsed = parseInstanceUrl(value);
      return parsed.ok ? undefined : parsed.reason;
    },
  }));
  if (url === undefined) return false;
  const parsed = parseInstanceUrl(url);
  if (!parsed.ok) throw new Error(parsed.reason);
  const instance = parsed.instance;
  const insecure = plainHttpWarning(instance);
  if (insecure) {
    const send = 'Send the token over http';
    const choice = await vscode.window.showWarningMessage(insecure, { modal: true }, send);
    if (choice !== send) return false;
    deps.logger.warn(`Signing in to ${instance.url} over plain http, as confirmed.`);
  }

  const token = preset?.token ?? (await deps.ask.input({
    title: `Sign in to GitLab (2/2): ${instance.url}`,
    prompt: `Personal access token with the api scope (read_api is enough to watch). Create one at ${tokenPageUrl(instance)}`,
    password: true,
    validate: (value) => (value.trim() ? undefined : 'Paste a personal access token.'),
  }));
  if (token === undefined) return false;

  const api = deps.createApi(instance, token.trim());
  // In the status bar, not a notification: a notification of a finished check could outlive it
  // in the notification list; the outcome is a message of its own.
  const checked = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Checking your token with ${instance.url}...` },
    () => checkToken(api),
  );
  const { username } = checked.user;
  const { canAct } = checked.capabilities;
  await deps.store.save({ instance, token: token.trim(), username, canAct });
  deps.logger.info(`Signed in to ${instance.url} as @${username} (${canAct ? 'watch and act' : 'watch only'}${checked.scopesKnown ? '' : ', scopes not reported'})`);
  const note = canAct ? '' : ' The token has read_api only: you can watch pipelines, but playing, retrying and approving need the api scope.';
  void deps.ask.inform('info', `Signed in to ${instance.url} as @${username}.${note}`);
  return true;
}

/** "Sign out": pick the instance when several are signed in; the token is deleted from SecretStorage. */
export async function signOut(deps: SignInDeps, preset?: { url?: string }): Promise<boolean> {
  const instances = deps.store.instances();
  if (instances.length === 0) {
    void deps.ask.inform('info', 'Release Pilot is not signed in to any GitLab instance.');
    return false;
  }
  let target: GitLabInstance | undefined;
  if (preset?.url) {
    const parsed = parseInstanceUrl(preset.url);
    target = parsed.ok ? instances.find((i) => i.url === parsed.instance.url) : undefined;
  } else if (instances.length === 1) {
    target = instances[0];
  } else {
    target = await deps.ask.pick(instances.map((i) => ({ label: i.url, value: i })), { title: 'Sign out of which GitLab instance?' });
  }
  if (!target) return false;
  await deps.store.remove(target);
  deps.logger.info(`Signed out of ${target.url}`);
  void deps.ask.inform('info', `Signed out of ${target.url}; its token was deleted.`);
  return true;
}
