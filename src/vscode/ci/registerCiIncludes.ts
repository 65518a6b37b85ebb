import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Asker } from '../../core/asker';
import { createGitLabIncludeFetcher } from '../../core/gitlab/includeFetcher';
import { DEFAULT_INSTANCE_URL, instanceFromUrl } from '../../core/gitlab/instance';
import { CachedIncludes } from '../../core/includes/cachedIncludeSource';
import { ConsentedRemoteFetcher, httpsOrigin, RemoteHostConsent } from '../../core/includes/remoteHostConsent';
import { FolderCacheStorage } from '../../node/folderCacheStorage';
import type { FeatureContext } from '../featureContext';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { Commands, LANGUAGE_ID, Schemes } from '../ids';
import { loadGitApi } from '../lanes/gitApi';
import type { CiFeature } from './registerCi';
import type { IncludeFetcherFactory } from './repoInstances';
import { RepoInstances } from './repoInstances';

/** The finding left at an `include:remote` whose host was not allowed (the core's code for it). */
const HOST_NOT_ALLOWED_CODE = 'include-remote-host-not-allowed';
/** Fetches that land together cause one re-check, not one per file. */
const LANDED_DEBOUNCE_MS = 150;

export interface CiIncludesDeps {
  readonly ci: CiFeature;
  readonly gitlab: GitLabConnections;
}

/**
 * `include:remote` is read by the same core reader as everything else, without any API client:
 * it never uses the instance it is given for remote URLs (no token, its own host in the path).
 */
const NO_INSTANCE = instanceFromUrl(DEFAULT_INSTANCE_URL);

/**
 * Includes from other projects, templates, components and remote hosts, read through the signed-in
 * instance of each repository (trusted workspaces only: the repository's remotes and files choose
 * what is read). The analysis reads them from the include cache without waiting; what lands from
 * the network re-checks the open CI files, the merged views and the read-only include documents.
 */
export function registerCiIncludes(context: FeatureContext, deps: CiIncludesDeps): void {
  const { store, commands, logger, settings, extension, ask } = context;
  const { ci } = deps;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const recheck = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      ci.diagnostics.revalidateOpen();
      ci.merged.refresh();
      ci.includeDocuments.refresh();
    }, LANDED_DEBOUNCE_MS);
  };
  store.add({ dispose: () => timer && clearTimeout(timer) });

  const includes = new CachedIncludes({
    storage: new FolderCacheStorage(path.join(extension.globalStorageUri.fsPath, 'include-cache')),
    clock: { now: () => Date.now() },
    onLanded: recheck,
    // GitLab's quota, as the lanes see it: includes wait with them when it runs low.
    holdUntil: () => deps.gitlab.quotaHeldUntil(),
    warn: (message) => logger.warn(message),
  });
  const consent = new RemoteHostConsent(extension.globalState, ask);
  // A redirect to another host is asked about like the host itself.
  const isHostAllowed = (host: string): Promise<boolean> => consent.ensure(`https://${host}`);
  const remote = new ConsentedRemoteFetcher(consent, createGitLabIncludeFetcher({ instance: NO_INSTANCE, api: undefined, isHostAllowed }));
  const instanceFetcher: IncludeFetcherFactory = (api) => createGitLabIncludeFetcher({ instance: api.instance, api, isHostAllowed });
  const instances = store.add(new RepoInstances(deps.gitlab, loadGitApi(), settings, instanceFetcher, logger));
  store.add(instances.onDidChange(recheck));

  ci.analyzer.setRemoteSource((root) => {
    // Until the sign-ins are known every include is "being read": no flash of "sign in" at start-up.
    if (!instances.ready) return { lookup: () => undefined };
    const repo = instances.forRoot(root);
    if (!repo) return includes.sourceFor({ remote });
    const { instance } = repo;
    const serverFqdn = instance.port === undefined ? instance.hostname : `${instance.hostname}:${instance.port}`;
    return includes.sourceFor({ scope: instance.url, fetcher: repo.fetcher, remote, serverFqdn });
  });
  ci.includeDocuments.setCachedText((file) => includes.textOf(file)?.text);
  recheck();

  store.add(commands.register(Commands.clearIncludeCache, async () => {
    await includes.clear();
    recheck();
    void vscode.window.showInformationMessage('Release Pilot: the include cache is empty; includes are read from GitLab again.');
  }));
  store.add(commands.register(Commands.allowRemoteIncludeHost, async (argument) => {
    const origin = typeof argument === 'string' ? httpsOrigin(argument) : await askOrigin(ask, consent.refusedHosts());
    if (!origin) return;
    await consent.allow(origin);
    includes.forgetRemoteOrigin(origin);
    logger.info(`include:remote downloads from ${origin} allowed`);
    recheck();
  }));
  store.add(vscode.languages.registerCodeActionsProvider([{ language: LANGUAGE_ID, scheme: 'file' }, { language: LANGUAGE_ID, scheme: Schemes.remoteInclude }], {
    provideCodeActions(_document, _range, codeActionContext) {
      return codeActionContext.diagnostics.flatMap((d) => {
        const origin = d.code === HOST_NOT_ALLOWED_CODE ? /https:\/\/[^\s,`"]+/.exec(d.message)?.[0] : undefined;
        const allowed = origin === undefined ? undefined : httpsOrigin(origin);
        if (!allowed) return [];
        const action = new vscode.CodeAction(`Allow downloads of CI includes from ${allowed}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.command = { command: Commands.allowRemoteIncludeHost, title: action.title, arguments: [allowed] };
        return [action];
      });
    },
  }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
}

/** Which host to allow: one refused in this session, or one typed in. */
async function askOrigin(ask: Asker, refused: readonly string[]): Promise<string | undefined> {
  const title = 'Allow Release Pilot to download CI includes from';
  if (refused.length > 0) {
    const picked = await ask.pick([...refused.map((h) => ({ label: h, value: h })), { label: 'Another host...', value: '' }], { title });
    if (picked === undefined) return undefined;
    if (picked !== '') return picked;
  }
  const typed = await ask.input({
    title,
    prompt: 'An https address, such as https://ci-templates.example.com',
    validate: (value) => (httpsOrigin(value.trim()) ? undefined : 'Enter an https:// address.'),
  });
  return typed === undefined ? undefined : httpsOrigin(typed.trim());
}
