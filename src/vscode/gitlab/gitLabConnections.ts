import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GitLabApi } from '../../core/gitlab/client';
import type { GitLabInstance } from '../../core/gitlab/instance';
import type { RateBudgets } from '../../core/lanes/rateBudget';
import type { RepoConnection } from '../../core/lanes/repoConnection';
import type { ApiFactory } from './signInCommands';
import type { SignedIn, TokenStore } from './tokenStore';

/**
 * The registry of GitLab connections every feature shares: one API client per signed-in
 * instance (dropped when the sign-ins change), and each repository's project on it once found.
 * The lanes find projects and record them here; release actions, canary health and lint read
 * them from here, so none of them depends on the lanes view.
 */
export class GitLabConnections implements vscode.Disposable {
  private readonly apis = new Map<string, GitLabApi>();
  private readonly repos = new Map<string, RepoConnection>();
  private readonly signInsChanged = new vscode.EventEmitter<void>();
  /** Fires after a sign-in or sign-out: clients were dropped, projects must be found again. */
  readonly onDidChangeSignIns = this.signInsChanged.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly tokens: TokenStore,
    private readonly createApi: ApiFactory,
    /** GitLab's quota per instance, fed by every answer of the clients `createApi` makes. */
    private readonly rateBudgets: RateBudgets,
  ) {
    this.subscription = tokens.onDidChange(() => {
      this.apis.clear();
      this.signInsChanged.fire();
    });
  }

  /** Every signed-in instance with its token. */
  signedIn(): Promise<SignedIn[]> {
    return this.tokens.all();
  }

  /** The API client of a signed-in instance, made once per sign-in. */
  apiFor(instance: GitLabInstance, signedIn: readonly SignedIn[]): GitLabApi | undefined {
    const entry = signedIn.find((s) => s.instance.url === instance.url);
    if (!entry) return undefined;
    let api = this.apis.get(entry.instance.url);
    if (!api) {
      api = this.createApi(entry.instance, entry.token);
      this.apis.set(entry.instance.url, api);
    }
    return api;
  }

  /** Epoch ms before which timed polls should wait for the quota of a signed-in instance to refill (0: no hold). */
  quotaHeldUntil(): number {
    return this.rateBudgets.notBefore(this.apis.keys());
  }

  /** Records the project a repository follows (the lanes call this after each lookup). */
  record(connection: RepoConnection): void {
    this.repos.set(connection.repoKey, connection);
  }

  /** Forgets every repository but these (closed repositories, lost access). */
  retainOnly(repoKeys: readonly string[]): void {
    for (const key of [...this.repos.keys()]) if (!repoKeys.includes(key)) this.repos.delete(key);
  }

  /** The GitLab project of a repository, as last found. */
  connection(repoKey: string): RepoConnection | undefined {
    return this.repos.get(repoKey);
  }

  /** The connection of the repository holding `file`, if any (the innermost one). */
  connectionFor(file: vscode.Uri): RepoConnection | undefined {
    const holding = [...this.repos.values()].filter((c) => file.fsPath === c.repoKey || file.fsPath.startsWith(c.repoKey + path.sep));
    return holding.sort((a, b) => b.repoKey.length - a.repoKey.length)[0];
  }

  allConnections(): RepoConnection[] {
    return [...this.repos.values()];
  }

  dispose(): void {
    this.subscription.dispose();
    this.signInsChanged.dispose();
  }
}
