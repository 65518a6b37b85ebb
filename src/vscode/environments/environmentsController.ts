import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { EnvironmentTreeInput, RepoEnvironments } from '../../core/environments/environmentTree';
import { buildEnvironmentTree } from '../../core/environments/environmentTree';
import type { EnvironmentRow } from '../../core/environments/readEnvironments';
import { deploymentFingerprint, readEnvironments } from '../../core/environments/readEnvironments';
import type { StoreRefresh } from '../../core/lanes/laneStore';
import type { Logger } from '../../core/logger';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import type { EnvironmentsTreeProvider } from './environmentsTreeProvider';

/** While a rollback this window started has not settled, the environments are re-read at most this often. */
const ROLLBACK_READ_MS = 30_000;
/** A rollback is watched at most this long (a re-run waiting for approval may wait for hours). */
const ROLLBACK_WATCH_MS = 30 * 60_000;
const UNSETTLED = new Set(['created', 'running', 'blocked']);

/**
 * When the Environments view reads GitLab, so that the lanes' polling budget stays what it was
 * (issue 12: at rest the lanes make at most 2 requests a minute): never on a timer of its own.
 * It reads when the view becomes visible with something stale, when the person refreshes, and
 * when a lanes refresh shows a deployment moved (the fingerprint of the lanes' deploying jobs
 * changed, or a repository appeared); a hidden view only notes that it is stale. A rollback started
 * here is followed by a read at most every 30 s on the lanes' own refreshes, until it settles.
 */
export class EnvironmentsController implements vscode.Disposable {
  private readonly states = new Map<string, RepoEnvironments>();
  private readonly fingerprints = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private stale = true;
  private reading: Promise<void> | undefined;
  private again = false;
  private lastRead = 0;
  private rollbacks: { readonly repoKey: string; readonly environment: string; readonly since: number }[] = [];
  /** Requests the view has made since it was created (the integration test and the log read it). */
  requests = 0;

  constructor(
    private readonly gitlab: GitLabConnections,
    onDidRefresh: vscode.Event<StoreRefresh>,
    private readonly tree: EnvironmentsTreeProvider,
    private readonly view: vscode.TreeView<string>,
    private readonly logger: Logger,
  ) {
    this.subscriptions.push(
      view.onDidChangeVisibility((e) => {
        if (e.visible && this.stale) void this.reload();
      }),
      onDidRefresh((refresh) => this.onLanesRefresh(refresh)),
    );
  }

  rows(repoKey: string): readonly EnvironmentRow[] | undefined {
    const state = this.states.get(repoKey);
    return state?.kind === 'ready' ? state.rows : undefined;
  }

  /** Follow a rollback this window started until its deployment settles. */
  watchRollback(repoKey: string, environment: string): void {
    this.rollbacks.push({ repoKey, environment, since: Date.now() });
    void this.reload();
  }

  private onLanesRefresh(refresh: StoreRefresh): void {
    for (const snapshot of refresh.snapshots) {
      const fingerprint = deploymentFingerprint(snapshot.lanes);
      const before = this.fingerprints.get(snapshot.repoKey);
      this.fingerprints.set(snapshot.repoKey, fingerprint);
      if (before !== fingerprint || !this.states.has(snapshot.repoKey)) this.stale = true;
    }
    const now = Date.now();
    this.rollbacks = this.rollbacks.filter((r) => now - r.since < ROLLBACK_WATCH_MS);
    if (this.rollbacks.length > 0 && now - this.lastRead >= ROLLBACK_READ_MS) this.stale = true;
    if (this.stale && this.view.visible) void this.reload();
  }

  /** Reads every connected repository's environments; a call during a read runs one more read after it. */
  reload(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.readAll().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.reading;
  }

  private async readAll(): Promise<void> {
    this.stale = false;
    this.lastRead = Date.now();
    const connections = this.gitlab.allConnections();
    for (const c of connections) if (!this.states.has(c.repoKey)) this.states.set(c.repoKey, { kind: 'loading' });
    this.render();
    for (const c of connections) {
      try {
        const { rows, requests } = await readEnvironments(c.api, c.projectPath);
        this.requests += requests;
        this.states.set(c.repoKey, { kind: 'ready', rows });
        this.logger.debug(`Environments of ${c.projectPath}: ${rows.length} read in ${requests} request(s)`);
      } catch (error) {
        this.states.set(c.repoKey, { kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }
    this.rollbacks = this.rollbacks.filter((r) => {
      const row = this.rows(r.repoKey)?.find((x) => x.environment.name === r.environment);
      return row?.latest !== undefined && UNSETTLED.has(row.latest.status);
    });
    this.render();
  }

  private render(): void {
    const connections = this.gitlab.allConnections();
    const inputs: EnvironmentTreeInput[] = connections.map((c) => ({
      repoKey: c.repoKey, label: path.basename(c.repoKey), projectPath: c.projectPath, state: this.states.get(c.repoKey) ?? { kind: 'loading' },
    }));
    this.tree.update(buildEnvironmentTree(inputs, Date.now()));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
