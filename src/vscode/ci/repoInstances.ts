import * as vscode from 'vscode';
import type { RemoteIncludeFetcher } from '../../core/ci';
import type { GitLabApi } from '../../core/gitlab/client';
import type { GitLabInstance } from '../../core/gitlab/instance';
import { selectRemote } from '../../core/gitlab/remoteUrl';
import type { Logger } from '../../core/logger';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import type { SignedIn } from '../gitlab/tokenStore';
import type { GitApi } from '../lanes/gitApi';
import type { ExtensionSettings } from '../settings/extensionSettings';

/** Makes the reader of one signed-in instance (the core's fetcher over its API client). */
export type IncludeFetcherFactory = (api: GitLabApi) => RemoteIncludeFetcher;

/** A repository's instance, with the reader its includes go through. */
export interface RepoInstance {
  readonly instance: GitLabInstance;
  readonly fetcher: RemoteIncludeFetcher;
}

/**
 * Which signed-in GitLab instance a repository's includes are read from: the same remote-to-instance
 * choice as the lanes (`selectRemote` over the Git extension's remotes, the `remoteName` and
 * `projectPath` settings), made locally, so the include cache also serves while GitLab is
 * unreachable (the lanes only record a project once GitLab answered). Answers synchronously from
 * what it last loaded: the analysis never waits for the secret storage or the Git extension.
 */
export class RepoInstances implements vscode.Disposable {
  private signedIn: readonly SignedIn[] = [];
  /** The sign-ins have been read once: before that, no repository can be said to be signed out. */
  private loaded = false;
  private git: GitApi | undefined;
  private readonly fetchers = new Map<string, RemoteIncludeFetcher>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Sign-ins or repositories changed: analyses may now read (or no longer read) other instances. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly connections: GitLabConnections,
    git: Promise<GitApi | undefined>,
    private readonly settings: ExtensionSettings,
    private readonly createFetcher: IncludeFetcherFactory,
    private readonly logger: Logger,
  ) {
    this.subscriptions.push(this.changed, connections.onDidChangeSignIns(() => void this.reload()));
    void this.reload();
    git.then(
      (api) => {
        this.git = api;
        if (api) this.subscriptions.push(api.onDidOpenRepository(() => this.changed.fire()), api.onDidCloseRepository(() => this.changed.fire()));
        this.changed.fire();
      },
      (error: unknown) => logger.warn(`includes: the Git extension did not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** False until the signed-in instances were read from the secret storage (shortly after start). */
  get ready(): boolean {
    return this.loaded;
  }

  /** The instance holding the repository at `root` and its reader, when that instance is signed in. */
  forRoot(root: string): RepoInstance | undefined {
    const instance = this.instanceOf(root);
    if (!instance) return undefined;
    let fetcher = this.fetchers.get(instance.url);
    if (!fetcher) {
      const api = this.connections.apiFor(instance, this.signedIn);
      if (!api) return undefined;
      fetcher = this.createFetcher(api);
      this.fetchers.set(instance.url, fetcher);
    }
    return { instance, fetcher };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private instanceOf(root: string): GitLabInstance | undefined {
    const instances = this.signedIn.map((s) => s.instance);
    if (instances.length === 0) return undefined;
    const repo = this.git?.repositories.find((r) => r.rootUri.fsPath === root);
    if (repo) {
      const uri = vscode.Uri.file(root);
      const override = { remoteName: this.settings.optionalText('remoteName', uri), projectPath: this.settings.optionalText('projectPath', uri) };
      const selection = selectRemote(repo.state.remotes, instances, override);
      if (selection.kind === 'matched') return selection.instance;
    }
    // The lanes may know the project when the Git extension does not list the folder.
    return this.connections.connectionFor(vscode.Uri.file(root))?.api.instance;
  }

  private async reload(): Promise<void> {
    try {
      this.signedIn = await this.connections.signedIn();
    } catch (error) {
      this.logger.warn(`includes: the signed-in instances could not be read: ${error instanceof Error ? error.message : String(error)}`);
      this.signedIn = [];
    }
    // Readers hold API clients, which are made per sign-in.
    this.fetchers.clear();
    this.loaded = true;
    this.changed.fire();
  }
}
