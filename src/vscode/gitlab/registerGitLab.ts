import { createGitbeakerApi } from '../../core/gitlab/gitbeakerApi';
import { RateBudgets } from '../../core/lanes/rateBudget';
import type { FeatureContext } from '../featureContext';
import { Commands } from '../ids';
import { GitLabConnections } from './gitLabConnections';
import type { ApiFactory } from './signInCommands';
import { signIn, signOut } from './signInCommands';
import { TokenStore } from './tokenStore';

/** Sign-in and sign-out, and the GitLab connections every other feature reads. */
export function registerGitLab(context: FeatureContext): GitLabConnections {
  const { extension, commands, logger, redactor, store, ask } = context;
  const tokens = new TokenStore(extension.secrets, extension.globalState, redactor);
  // Every answer's RateLimit-* headers pace the lanes' timed polls of that instance (rateBudget.ts).
  const rateBudgets = new RateBudgets(() => Date.now());
  const createApi: ApiFactory = (instance, token) => createGitbeakerApi({ instance, token, logger, onRequest: (event) => rateBudgets.observe(instance.url, event) });
  const auth = { store: tokens, createApi, logger, ask };
  store.add(commands.register(Commands.signIn, (preset) => signIn(auth, asPreset(preset))));
  store.add(commands.register(Commands.signOut, (preset) => signOut(auth, asPreset(preset))));
  return store.add(new GitLabConnections(tokens, createApi, rateBudgets));
}

/** Commands may be called with arguments by scripts and tests; anything else is ignored. */
function asPreset(value: unknown): { url?: string; token?: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { url, token } = value as Record<string, unknown>;
  return { ...(typeof url === 'string' ? { url } : {}), ...(typeof token === 'string' ? { token } : {}) };
}
