/**
 * Checks canary health for a repository's pipeline and remembers the last report per pipeline,
 * so the tree, the panel and the promote command all see the same verdict. Checks run on
 * request and automatically while a canary job runs and once when it finishes.
 */
import * as vscode from 'vscode';
import type { GitLabApi } from '../../core/gitlab/client';
import type { Logger } from '../../core/logger';
import type { StoreRefresh } from '../../core/lanes/laneStore';
import type { PipelineView, RepoSnapshot } from '../../core/lanes/snapshot';
import type { CanaryConfig, FetchLike, HealthSource, HealthSourceDeps, JobLogLoader } from '../../core/canary';
import { assessCanaryHealth, createHealthSource, lastMinutes, promotionWarning } from '../../core/canary';
import type { ExtensionSettings } from '../settings/extensionSettings';
import { effectiveCanaryConfig } from '../../core/canary/canaryConfig';
import type { WatchedCanary } from '../../core/canary/canaryJobRule';
import { canaryPhase, findCanaryJob, shouldAutoCheck } from '../../core/canary/canaryJobRule';
import { healthSummary } from '../../core/canary/healthSummary';
import { createJobLogLoader } from '../../core/canary/jobLogLoader';
import type { CanaryHealthEntry, CanaryTarget } from '../../core/canary/canaryHealthEntry';
import type { PrometheusHostConsent } from '../../core/canary/prometheusHostConsent';
import type { PrometheusCredentials } from './prometheusCredentials';
import type { ReleasePilotConfigFiles } from './releasePilotConfigFiles';

/** What the service needs of the lanes (LanesController fits). */
export interface CanaryHost {
  connection(repoKey: string): { readonly api: GitLabApi; readonly projectPath: string } | undefined;
  snapshot(repoKey: string): RepoSnapshot | undefined;
  onDidRefresh(listener: (refresh: StoreRefresh) => void): { dispose(): void };
}

/** Builds the source for a check from the effective configuration (production: createHealthSource). */
export type SourceFactory = (config: CanaryConfig, deps: HealthSourceDeps, target: CanaryTarget) => HealthSource;

export type { CanaryHealthEntry, CanaryTarget };

export interface CanaryServiceOptions {
  readonly host: CanaryHost;
  readonly logger: Logger;
  readonly configFiles: ReleasePilotConfigFiles;
  readonly credentials: PrometheusCredentials;
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly createSource: SourceFactory;
  readonly settings: ExtensionSettings;
  /** Asks before querying a Prometheus the workspace named. */
  readonly consent: PrometheusHostConsent;
}

/** The sources the configuration names: Prometheus when configured, else job logs. */
export const configuredSource: SourceFactory = (config, deps) => createHealthSource(config, deps);

/** Automatic checks of a running canary at most this often. */
export const AUTO_CHECK_INTERVAL_MS = 60_000;

function key(repoKey: string, pipelineId: number | undefined): string {
  return `${repoKey}#${pipelineId ?? 'none'}`;
}

function pipelineIn(snapshot: RepoSnapshot | undefined, pipelineId: number | undefined): PipelineView | undefined {
  const views = snapshot?.lanes.flatMap((l) => (l.pipeline ? [l.pipeline] : [])) ?? [];
  if (pipelineId === undefined) return snapshot?.lanes.find((l) => l.lane.id === 'dev')?.pipeline;
  return views.find((v) => v.pipeline.id === pipelineId);
}

export class CanaryHealthService implements vscode.Disposable {
  private readonly entries = new Map<string, CanaryHealthEntry>();
  private readonly inFlight = new Map<string, Promise<CanaryHealthEntry>>();
  private readonly watched = new Map<number, WatchedCanary>();
  private readonly changed = new vscode.EventEmitter<CanaryHealthEntry>();
  private readonly started = new vscode.EventEmitter<CanaryTarget>();
  /** Fires after each check with its entry. */
  readonly onDidChange = this.changed.event;
  /** Fires when a check starts (the panel shows "checking"). */
  readonly onDidStartCheck = this.started.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly options: CanaryServiceOptions) {
    this.subscription = options.host.onDidRefresh((refresh) => this.autoCheck(refresh));
  }

  /** The last report for a pipeline (by GitLab pipeline id), if it was checked. */
  latestFor(repoKey: string, pipelineId: number): CanaryHealthEntry | undefined {
    return this.entries.get(key(repoKey, pipelineId));
  }

  /** The newest check of any pipeline of the repository (the dev lane's canary, usually). */
  latestForRepo(repoKey: string): CanaryHealthEntry | undefined {
    return this.all().find((e) => e.target.repoKey === repoKey);
  }

  /**
   * For the promote command: the text to show before promoting to production while the canary
   * was last judged suspect or failing ("promote anyway" with the numbers), else undefined.
   * The canary judged is `pipelineId`'s own when it was checked, else the repository's newest
   * check: a master pipeline has no canary job, the dev pipeline before it had. Never checked:
   * undefined; call {@link check} (or {@link ensureChecked}) first to be sure.
   */
  promotionWarningFor(repoKey: string, pipelineId?: number): string | undefined {
    const entry = (pipelineId === undefined ? undefined : this.latestFor(repoKey, pipelineId)) ?? this.latestForRepo(repoKey);
    return entry ? promotionWarning(entry.report) : undefined;
  }

  /** Production asks "promote anyway" with the numbers when the canary looked suspect or failing; checks first when never checked. */
  async promotionWarningChecked(repoKey: string, pipelineId: number): Promise<string | undefined> {
    if (!this.latestForRepo(repoKey)) await this.ensureChecked(repoKey);
    return this.promotionWarningFor(repoKey, pipelineId);
  }

  /** The remembered check of the dev lane's latest pipeline, or a fresh one when there is none. */
  async ensureChecked(repoKey: string): Promise<CanaryHealthEntry> {
    const target = this.resolve({ repoKey });
    return (target.pipelineId === undefined ? undefined : this.latestFor(repoKey, target.pipelineId)) ?? this.check(target);
  }

  /** Every remembered check, newest first. */
  all(): CanaryHealthEntry[] {
    return [...this.entries.values()].sort((a, b) => b.checkedAt - a.checkedAt);
  }

  /** Checks now; a check already running for the same pipeline is shared rather than repeated. */
  check(target: CanaryTarget): Promise<CanaryHealthEntry> {
    const resolved = this.resolve(target);
    const k = key(resolved.repoKey, resolved.pipelineId);
    const running = this.inFlight.get(k);
    if (running) return running;
    this.started.fire(resolved);
    const promise = this.run(resolved).finally(() => this.inFlight.delete(k));
    this.inFlight.set(k, promise);
    return promise;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.started.dispose();
  }

  /** Fills in the pipeline and its canary job from the lanes snapshot. */
  private resolve(target: CanaryTarget): CanaryTarget {
    const view = pipelineIn(this.options.host.snapshot(target.repoKey), target.pipelineId);
    if (!view) return target;
    const job = target.jobId === undefined ? findCanaryJob(view) : undefined;
    return {
      ...target,
      pipelineId: view.pipeline.id,
      ref: target.ref ?? view.pipeline.ref,
      ...(job ? { jobId: job.id } : {}),
    };
  }

  private async run(target: CanaryTarget): Promise<CanaryHealthEntry> {
    const { logger, now } = this.options;
    const folder = vscode.Uri.file(target.repoKey);
    const { settings } = this.options;
    const fileConfig = await this.options.configFiles.load(target.repoKey);
    const settingUrl = settings.resource('canaryPrometheusUrl', folder);
    const effective = effectiveCanaryConfig(fileConfig, { prometheusUrl: settingUrl });
    for (const problem of effective.problems) logger.warn(problem);
    // The person's own user setting is theirs; a workspace setting or .release-pilot.yml is the repository's.
    const userChose = settingUrl.trim() !== '' && !settings.setByWorkspace('canaryPrometheusUrl', folder) && effective.problems.length === 0;
    const { config, problem } = await this.options.consent.apply(effective.config, userChose ? 'user' : 'workspace');
    if (problem) logger.warn(problem);
    const connection = this.options.host.connection(target.repoKey);
    const loadJobLogs: JobLogLoader = connection
      ? createJobLogLoader({ api: connection.api, project: connection.projectPath, now })
      : () => Promise.reject(new Error('this repository is not connected to GitLab (sign in, or check its remote)'));
    const prometheusAuth = config.prometheus ? await this.options.credentials.get(config.prometheus.url) : undefined;
    const deps: HealthSourceDeps = { fetch: this.options.fetch, loadJobLogs, logger, ...(prometheusAuth ? { prometheusAuth } : {}) };
    const source = this.options.createSource(config, deps, target);
    const minutes = Math.max(1, settings.resource('canaryWindowMinutes', folder));
    const report = await assessCanaryHealth(
      source,
      lastMinutes(now(), minutes),
      {
        ...(target.environment ? { environment: target.environment } : {}),
        ...(connection ? { projectId: connection.projectPath } : {}),
        ...(target.jobId !== undefined ? { jobId: target.jobId } : {}),
        ...(target.ref ? { ref: target.ref } : {}),
      },
      config.thresholds,
    );
    const entry: CanaryHealthEntry = { target, report, summary: healthSummary(report), checkedAt: now(), subject: subjectOf(target, connection?.projectPath, minutes) };
    this.entries.set(key(target.repoKey, target.pipelineId), entry);
    logger.info(`Canary health of ${entry.subject}: ${entry.summary}`);
    this.changed.fire(entry);
    return entry;
  }

  private autoCheck(refresh: StoreRefresh): void {
    for (const snapshot of refresh.snapshots) {
      if (!this.options.settings.resource('canaryAutoCheck', vscode.Uri.file(snapshot.repoKey))) continue;
      for (const lane of snapshot.lanes) {
        const view = lane.pipeline;
        const job = view ? findCanaryJob(view) : undefined;
        if (!view || !job) continue;
        const phase = canaryPhase(job.status);
        const previous = this.watched.get(job.id);
        const nowMs = this.options.now();
        if (!shouldAutoCheck(previous, phase, nowMs, AUTO_CHECK_INTERVAL_MS)) {
          this.watched.set(job.id, { ...previous, phase });
          continue;
        }
        this.watched.set(job.id, { phase, checkedAt: nowMs });
        void this.check({ repoKey: snapshot.repoKey, pipelineId: view.pipeline.id, jobId: job.id, ref: view.pipeline.ref }).catch((e: unknown) =>
          this.options.logger.warn(`Automatic canary check failed: ${e instanceof Error ? e.message : String(e)}`),
        );
      }
    }
  }
}

function subjectOf(target: CanaryTarget, projectPath: string | undefined, minutes: number): string {
  const parts = [projectPath ?? target.repoKey];
  if (target.pipelineId !== undefined) parts.push(`pipeline #${target.pipelineId}`);
  if (target.jobId !== undefined) parts.push(`canary job #${target.jobId}`);
  parts.push(`last ${minutes} min`);
  return parts.join(' · ');
}
