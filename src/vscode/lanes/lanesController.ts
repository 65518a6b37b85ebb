import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GitLabApi } from '../../core/gitlab/client';
import { GitLabError } from '../../core/gitlab/errors';
import { selectRemote } from '../../core/gitlab/remoteUrl';
import type { Logger } from '../../core/logger';
import type { LaneSettings } from '../../core/lanes/lanes';
import { branchSearchTerms, buildLanes } from '../../core/lanes/lanes';
import { LaneStore } from '../../core/lanes/laneStore';
import type { WatchRefresh, WatchTarget } from '../../core/lanes/laneWatcher';
import { LaneWatcher } from '../../core/lanes/laneWatcher';
import { rateLimitNotice } from '../../core/gitlab/rateLimitNotice';
import type { PollerStatus, PollOutcome, RefreshReason } from '../../core/lanes/poller';
import { Poller, systemClock } from '../../core/lanes/poller';
import type { RepoSnapshot } from '../../core/lanes/snapshot';
import type { ApprovalState } from '../../core/release/gates/actionTable';
import { classifyJob } from '../../core/release/gates/gatePatterns';
import { treeActions } from '../../core/release/gates/treeActions';
import type { RepoTreeInput, TreeInput } from '../../core/lanes/treeModel';
import { buildTree } from '../../core/lanes/treeModel';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import type { SignedIn } from '../gitlab/tokenStore';
import { Commands, ContextKeys } from '../ids';
import type { ExtensionSettings } from '../settings/extensionSettings';
import type { GitApi, GitRepository } from './gitApi';
import type { LanesTreeProvider } from './lanesTreeProvider';
import type { PipelineStatusBar } from './pipelineStatusBar';

interface ProjectInfo {
  readonly branches: readonly string[];
  readonly defaultBranch: string | null;
  readonly fetchedAt: number;
}

/**
 * Branch lists change rarely; re-read them this often or when the user asks. Long, so that a
 * resting editor stays at the change feed's one request per poll (see laneWatcher.ts).
 */
const PROJECT_INFO_TTL_MS = 6 * 60 * 60_000;

/** What about HEAD matters to the lanes: the branch, its commit and whether it was pushed. */
function headKey(repo: GitRepository): string {
  const head = repo.state.HEAD;
  return `${head?.name ?? '(detached)'}@${head?.commit ?? ''}+${head?.ahead ?? 0}`;
}

export type LanesViewState = 'no-repository' | 'signed-out' | 'ready';

/**
 * Keeps the Release Lanes tree and the status bar live: finds each repository's GitLab project,
 * asks the lane store for the lanes, and lets the poller decide when to ask again (fast while
 * something runs or waits at a gate, slowly at rest, never while the window is in the background).
 */
export class LanesController implements vscode.Disposable {
  private readonly store = new LaneStore();
  private readonly watcher = new LaneWatcher(this.store, { now: () => Date.now() });
  private readonly poller: Poller;
  private readonly projects = new Map<string, ProjectInfo>();
  private readonly heads = new Map<string, string | undefined>();
  private readonly refreshed = new vscode.EventEmitter<WatchRefresh>();
  /** Fires after each refresh that reached GitLab, with the snapshots (gates and notifications watch this). */
  readonly onDidRefresh = this.refreshed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastInputs: RepoTreeInput[] = [];
  /** Tree nodes the person expanded, by id, with their repository: those repositories are watched closely. */
  private readonly expanded = new Map<string, string>();
  private canaryNote: TreeInput['canaryNote'];
  private findingsUnder: TreeInput['findingsUnder'];
  private approvalOf: ((jobId: number) => ApprovalState | undefined) | undefined;
  private promptedSignIn = false;

  /** The Git API once the Git extension has given it (undefined before, or without Git). */
  private git: GitApi | undefined;
  /** Settles when the Git extension has answered: refreshes wait for it, activation does not. */
  private readonly gitReady: Promise<void>;
  private disposed = false;

  constructor(
    git: Promise<GitApi | undefined>,
    private readonly connections: GitLabConnections,
    private readonly settings: ExtensionSettings,
    private readonly tree: LanesTreeProvider,
    private readonly statusBar: PipelineStatusBar,
    private readonly logger: Logger,
  ) {
    this.poller = new Poller({
      refresh: (reason) => this.refresh(reason),
      clock: systemClock,
      focused: vscode.window.state.focused,
      // GitLab's quota of the instances this window talks to holds timed polls (rateBudget.ts).
      notBefore: () => connections.quotaHeldUntil(),
      onStatus: (status) => this.onPollerStatus(status),
    });
    this.subscriptions.push(
      vscode.window.onDidChangeWindowState((s) => this.poller.setFocused(s.focused)),
      connections.onDidChangeSignIns(() => {
        this.promptedSignIn = false;
        this.poller.refreshNow('user-action');
      }),
      settings.onDidChange((changed) => {
        if (changed('devBranch') || changed('masterBranch') || changed('remoteName') || changed('projectPath')) this.poller.refreshNow('manual');
      }),
    );
    this.gitReady = git.then(
      (api) => this.watchRepositories(api),
      (error: unknown) => this.logger.warn(`the Git extension did not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private watchRepositories(git: GitApi | undefined): void {
    if (!git || this.disposed) return;
    this.git = git;
    const watch = (repo: GitRepository): void => {
      this.heads.set(repo.rootUri.fsPath, headKey(repo));
      this.subscriptions.push(repo.state.onDidChange(() => this.onRepositoryChange(repo)));
    };
    git.repositories.forEach(watch);
    this.subscriptions.push(
      git.onDidOpenRepository((repo) => {
        watch(repo);
        this.poller.refreshNow('branch-switch');
      }),
      git.onDidCloseRepository((repo) => {
        this.watcher.forget(repo.rootUri.fsPath);
        this.poller.refreshNow('manual');
      }),
    );
  }

  start(): void {
    this.poller.start();
  }

  /**
   * The extensions changed: the Git extension may have just appeared. Restricted Mode disables it,
   * and when the person trusts the folder the lanes start before VS Code enables it, so the
   * first look found no Git; once it is there, its repositories are read at once.
   */
  gitMayHaveArrived(git: () => Promise<GitApi | undefined>): void {
    if (this.git || this.disposed) return;
    void this.gitReady.then(git).then(
      (api) => {
        if (!api || this.git || this.disposed) return;
        this.logger.info('The Git extension is available now: looking for release lanes.');
        this.watchRepositories(api);
        this.poller.refreshNow('branch-switch');
      },
      (error: unknown) => this.logger.warn(`the Git extension did not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** Refresh now; `afterAction` re-reads pipeline details GitLab may not have re-dated yet. */
  refreshNow(afterAction = false): Promise<void> {
    this.poller.refreshNow(afterAction ? 'user-action' : 'manual');
    // A refresh held back by GitLab's rate limit says until when, instead of silently doing nothing.
    const { phase, lastError, nextDelayMs } = this.poller.status;
    const notice = phase === 'scheduled' ? rateLimitNotice(lastError, nextDelayMs, new Date()) : undefined;
    if (notice && !afterAction) void vscode.window.showInformationMessage(notice);
    return this.poller.whenIdle();
  }

  /** Findings to show under canary gate jobs (the canary-health verdict); re-renders at once. */
  setCanaryNotes(note: TreeInput['canaryNote']): void {
    this.canaryNote = note;
    this.render();
  }

  /** Nodes under jobs and pipelines from their findings (failed tests, reading problems); shown from the next render. */
  setFindings(findingsUnder: TreeInput['findingsUnder']): void {
    this.findingsUnder = findingsUnder;
  }

  /** Where deployments wait for approval, so the menus offer Approve and Reject there only; re-renders at once. */
  setApprovals(approvalOf: (jobId: number) => ApprovalState | undefined): void {
    this.approvalOf = approvalOf;
    this.render();
  }

  /** Redraws the tree from what is known, without asking GitLab (a note or a setting changed). */
  rerender(): void {
    this.render();
  }

  /** A tree node was expanded (with the repository it belongs to) or collapsed (`repoKey` undefined). */
  setExpanded(nodeId: string, repoKey: string | undefined): void {
    if (repoKey === undefined) this.expanded.delete(nodeId);
    else this.expanded.set(nodeId, repoKey);
  }

  /** The latest snapshot of a repository's lanes. */
  snapshot(repoKey: string): RepoSnapshot | undefined {
    return this.store.snapshot(repoKey);
  }

  dispose(): void {
    this.disposed = true;
    this.poller.dispose();
    this.refreshed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  /** A branch switch, a new commit or a push may start a pipeline: look at once. */
  private onRepositoryChange(repo: GitRepository): void {
    const key = repo.rootUri.fsPath;
    const head = headKey(repo);
    if (this.heads.get(key) === head) return;
    this.heads.set(key, head);
    this.logger.debug(`HEAD of ${path.basename(key)} is now ${head}`);
    this.poller.refreshNow('branch-switch');
  }

  private async refresh(reason: RefreshReason): Promise<PollOutcome> {
    await this.gitReady;
    const signedIn = await this.connections.signedIn();
    const repos = this.git?.repositories ?? [];
    const viewState: LanesViewState = repos.length === 0 ? 'no-repository' : signedIn.length === 0 ? 'signed-out' : 'ready';
    await vscode.commands.executeCommand('setContext', ContextKeys.lanesState, viewState);
    if (viewState !== 'ready') {
      this.lastInputs = [];
      this.tree.update([]);
      this.statusBar.update(undefined);
      return { activity: 'rest' };
    }
    const inputs: RepoTreeInput[] = [];
    const targets: WatchTarget[] = [];
    try {
      for (const repo of repos) {
        const input = await this.target(repo, signedIn, reason);
        if ('state' in input) inputs.push(input);
        else {
          targets.push(input);
          inputs.push({ repoKey: input.repoKey, label: path.basename(input.repoKey), state: { kind: 'no-remote', reason: 'Loading...' } });
        }
      }
    } catch (error) {
      // Finding the project failed for a reason the poller handles (outage, 429, revoked token):
      // keep showing the last lanes and let it decide when to try again.
      if (error instanceof GitLabError) return { activity: 'rest', error };
      throw error;
    }
    // The repositories the person looks at are read first and at the fast pace; the rest within the update's budget.
    const active = this.activeRepoKey(repos);
    const focus = new Set([...(active === undefined ? [] : [active]), ...this.expanded.values()]);
    const result = await this.watcher.refresh(targets, reason, focus);
    for (const snapshot of result.snapshots) {
      const at = inputs.findIndex((i) => i.repoKey === snapshot.repoKey);
      if (at >= 0) inputs[at] = { ...inputs[at]!, state: { kind: 'ready', snapshot } };
    }
    this.lastInputs = inputs;
    this.connections.retainOnly(targets.map((t) => t.repoKey));
    this.render();
    this.refreshed.fire(result);
    this.statusBar.update(result.snapshots.find((s) => s.repoKey === active) ?? result.snapshots[0]);
    const owed = result.owed > 0 ? `, ${result.owed} repositor${result.owed === 1 ? 'y' : 'ies'} next` : '';
    if (result.error) this.logger.warn(`Lanes refresh (${reason}): ${result.error.message}`);
    else this.logger.debug(`Lanes refresh (${reason}): ${result.reads} request(s)${result.allUnchanged ? ', nothing changed' : ''}${owed}`);
    return { activity: result.activity, ...(result.error ? { error: result.error } : {}), ...(result.owed > 0 ? { more: true } : {}) };
  }

  /** The lanes to watch for one repository, or the state that explains why there are none. */
  private async target(repo: GitRepository, signedIn: readonly SignedIn[], reason: RefreshReason): Promise<WatchTarget | RepoTreeInput> {
    const repoKey = repo.rootUri.fsPath;
    const label = path.basename(repoKey);
    const override = {
      remoteName: this.settings.optionalText('remoteName', repo.rootUri),
      projectPath: this.settings.optionalText('projectPath', repo.rootUri),
    };
    const selection = selectRemote(repo.state.remotes, signedIn.map((s) => s.instance), override);
    if (selection.kind === 'no-remote') return { repoKey, label, state: { kind: 'no-remote', reason: selection.reason } };
    if (selection.kind === 'no-instance') return { repoKey, label, state: { kind: 'signed-out', hosts: selection.hosts } };
    const api = this.connections.apiFor(selection.instance, signedIn);
    if (!api) return { repoKey, label, state: { kind: 'signed-out', hosts: [selection.instance.hostname] } };
    const settings: LaneSettings = this.settings.lanes(repo.rootUri);
    let info: ProjectInfo;
    try {
      info = await this.projectInfo(api, selection.projectPath, settings, reason === 'manual');
    } catch (error) {
      if (!(error instanceof GitLabError)) throw error;
      if (error.kind === 'forbidden' || error.kind === 'not-found') {
        return { repoKey, label, state: { kind: 'no-access', projectPath: selection.projectPath, message: error.message } };
      }
      if (error.kind === 'unauthorized') this.promptSignIn(error.message);
      throw error;
    }
    const lanes = buildLanes(settings, { projectBranches: info.branches, defaultBranch: info.defaultBranch, currentBranch: repo.state.HEAD?.name, ...(repo.state.HEAD?.commit ? { currentCommit: repo.state.HEAD.commit } : {}) });
    const canAct = signedIn.find((s) => s.instance.url === selection.instance.url)?.canAct ?? false;
    const projectSetByWorkspace = override.projectPath !== undefined && this.settings.setByWorkspace('projectPath', repo.rootUri);
    this.connections.record({ repoKey, projectPath: selection.projectPath, api, canAct, lanes, ...(projectSetByWorkspace ? { projectSetByWorkspace } : {}) });
    return { repoKey, projectPath: selection.projectPath, api, lanes };
  }

  private async projectInfo(api: GitLabApi, projectPath: string, settings: LaneSettings, force: boolean): Promise<ProjectInfo> {
    const key = `${api.instance.url}|${projectPath}|${settings.devBranch ?? ''}|${settings.masterBranch ?? ''}`;
    const known = this.projects.get(key);
    if (known && !force && Date.now() - known.fetchedAt < PROJECT_INFO_TTL_MS) return known;
    const project = (await api.project(projectPath)).data;
    const branches = new Set<string>();
    for (const search of branchSearchTerms(settings)) {
      for (const b of (await api.branches(projectPath, { search, perPage: 100, maxPages: 1 })).data) branches.add(b.name);
    }
    const info = { branches: [...branches], defaultBranch: project.default_branch ?? null, fetchedAt: Date.now() };
    this.projects.set(key, info);
    return info;
  }

  private activeRepoKey(repos: readonly GitRepository[]): string | undefined {
    const active = vscode.window.activeTextEditor?.document.uri.fsPath;
    const holding = active ? repos.find((r) => active.startsWith(r.rootUri.fsPath + path.sep)) : undefined;
    return (holding ?? repos[0])?.rootUri.fsPath;
  }

  private onPollerStatus(status: PollerStatus): void {
    this.statusBar.setOffline(status.offline);
    if (status.haltedBy === 'unauthorized' && status.lastError instanceof GitLabError) this.promptSignIn(status.lastError.message);
    this.render(status);
  }

  private render(status: PollerStatus = this.poller.status): void {
    if (this.lastInputs.length === 0) return;
    const gateOf = (job: { readonly name: string; readonly stage: string }, repoKey: string) => classifyJob(job, undefined, this.settings.gatePatterns(repoKey));
    const message = status.lastError instanceof Error ? status.lastError.message : 'GitLab cannot be reached.';
    const offline = status.offline ? { offline: { message } } : {};
    const signInNeeded = status.haltedBy === 'unauthorized' ? { signInNeeded: { message } } : {};
    this.tree.update(buildTree({ repos: this.lastInputs, ...offline, ...signInNeeded, gateOf, ...(this.canaryNote ? { canaryNote: this.canaryNote } : {}), ...(this.findingsUnder ? { findingsUnder: this.findingsUnder } : {}), actions: treeActions(this.approvalOf) }, Date.now()));
  }

  /** Once per sign-in: the token stopped working, say so and offer the way out. */
  private promptSignIn(message: string): void {
    if (this.promptedSignIn) return;
    this.promptedSignIn = true;
    void vscode.window.showWarningMessage(message, 'Sign in to GitLab').then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.signIn);
    });
  }
}
