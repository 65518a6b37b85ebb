import * as path from 'node:path';
import * as vscode from 'vscode';
import { toPlain } from '../../core/ci';
import type { PipelineFindings } from '../../core/findings/findings';
import type { FindingDiagnostic, ViewContext } from '../../core/findings/findingsView';
import { diagnosticPipelines, findingDiagnostics, findingNodesFor, pipelineProblemNodes } from '../../core/findings/findingsView';
import { FindingsWatcher } from '../../core/findings/findingsWatcher';
import type { LaneId } from '../../core/lanes/lanes';
import type { StoreRefresh } from '../../core/lanes/laneStore';
import type { RepoSnapshot } from '../../core/lanes/snapshot';
import type { Logger } from '../../core/logger';
import { browsableLink } from '../../core/safeLink';
import type { CiAnalyzer } from '../ci/ciAnalyzer';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import type { GitApi } from '../lanes/gitApi';
import type { LanesController } from '../lanes/lanesController';

const SEVERITY: Readonly<Record<FindingDiagnostic['severity'], vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * Shows what the lanes' pipelines found: failed tests under their jobs in the Release Lanes and
 * diagnostics at their lines. Reads only after a lanes refresh, and only what the watcher's table
 * says changed (core/findings/findingsWatcher.ts); a HEAD move or a file appearing or going away
 * only redraws from what is known.
 */
export class FindingsController implements vscode.Disposable {
  private readonly watcher = new FindingsWatcher();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('release-pilot-findings');
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Per repository: files of the working tree that findings point at, as last checked. */
  private readonly present = new Map<string, ReadonlySet<string>>();
  private git: GitApi | undefined;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    git: Promise<GitApi | undefined>,
    private readonly lanes: LanesController,
    private readonly connections: GitLabConnections,
    private readonly analyzer: CiAnalyzer,
    private readonly logger: Logger,
  ) {
    this.subscriptions.push(
      lanes.onDidRefresh((result) => this.enqueue(() => this.onRefresh(result))),
      // Signed out or in as someone else: what was read with the old token goes.
      connections.onDidChangeSignIns(() => this.enqueue(() => {
        for (const repoKey of this.present.keys()) this.watcher.forget(repoKey);
        this.present.clear();
        return this.redraw();
      })),
      vscode.workspace.onDidCreateFiles(() => this.enqueue(() => this.redraw())),
      vscode.workspace.onDidDeleteFiles(() => this.enqueue(() => this.redraw())),
      vscode.workspace.onDidRenameFiles(() => this.enqueue(() => this.redraw())),
    );
    lanes.setFindings((repoKey, target, parentId) => this.nodesUnder(repoKey, target, parentId));
    void git.then((api) => {
      if (!api || this.disposed) return;
      this.git = api;
      const watch = (repo: GitApi['repositories'][number]): void => {
        let head = repo.state.HEAD?.commit;
        this.subscriptions.push(repo.state.onDidChange(() => {
          if (repo.state.HEAD?.commit === head) return;
          head = repo.state.HEAD?.commit;
          this.enqueue(() => this.redraw());
        }));
      };
      api.repositories.forEach(watch);
      this.subscriptions.push(api.onDidOpenRepository(watch));
    }, () => undefined);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.diagnostics.dispose();
  }

  /** Updates run one after another, so two refreshes never read the same pipeline twice. */
  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((error: unknown) => this.logger.warn(`Findings: ${error instanceof Error ? error.message : String(error)}`));
  }

  private async onRefresh(result: StoreRefresh): Promise<void> {
    if (this.disposed) return;
    let changed = false;
    for (const snapshot of result.snapshots) {
      const connection = this.connections.connection(snapshot.repoKey);
      if (!connection) continue;
      const reads = this.watcher.reads;
      if (await this.watcher.update({ snapshot, api: connection.api, definitionOf: this.definitions(snapshot.repoKey) })) changed = true;
      if (this.watcher.reads > reads) this.logger.debug(`Findings of ${path.basename(snapshot.repoKey)}: read ${this.watcher.reads - reads} pipeline(s)`);
    }
    const known = new Set(result.snapshots.map((s) => s.repoKey));
    for (const repoKey of this.present.keys()) {
      if (!known.has(repoKey)) {
        this.watcher.forget(repoKey);
        changed = true;
      }
    }
    if (changed) await this.redraw();
  }

  /**
   * The workspace's own job definitions, from the analysed `.gitlab-ci.yml` at the repository's
   * root: analysed on the first question only, so a refresh that reads nothing analyses nothing.
   */
  private definitions(repoKey: string): (jobName: string) => unknown {
    let jobs: ReadonlyMap<string, unknown> | undefined;
    let analysed = false;
    return (name) => {
      if (!analysed) {
        analysed = true;
        try {
          const analysis = this.analyzer.analyze(vscode.Uri.file(path.join(repoKey, '.gitlab-ci.yml')))[0]?.analysis;
          jobs = analysis ? new Map(analysis.jobs.flatMap((j) => (!j.hidden && j.effective ? [[j.name, toPlain(j.effective)] as const] : []))) : undefined;
        } catch (error) {
          this.logger.debug(`Findings: no job definitions for ${path.basename(repoKey)} (${error instanceof Error ? error.message : String(error)})`);
        }
      }
      return jobs?.get(name);
    };
  }

  private repoFindings(repoKey: string): ReadonlyMap<LaneId, PipelineFindings> {
    return this.watcher.findings(repoKey);
  }

  private viewContext(repoKey: string): ViewContext {
    const head = this.git?.repositories.find((r) => r.rootUri.fsPath === repoKey)?.state.HEAD;
    const present = this.present.get(repoKey) ?? new Set<string>();
    return { ...(head?.commit ? { headSha: head.commit } : {}), ...(head?.name ? { currentBranch: head.name } : {}), present: (p) => present.has(p) };
  }

  private nodesUnder(repoKey: string, target: { readonly jobId?: number; readonly pipelineId: number }, parentId: string): ReturnType<typeof findingNodesFor> {
    const byLane = this.repoFindings(repoKey);
    if (target.jobId !== undefined) return findingNodesFor(byLane, target.jobId, parentId, this.viewContext(repoKey));
    const pipeline = [...byLane.values()].find((f) => f.pipelineId === target.pipelineId);
    return pipeline ? pipelineProblemNodes(parentId, pipeline) : [];
  }

  /** Re-checks which files exist, then redraws diagnostics and the tree. Reads nothing from GitLab. */
  private async redraw(): Promise<void> {
    if (this.disposed) return;
    this.diagnostics.clear();
    for (const { repoKey, api } of this.connections.allConnections()) {
      const snapshot: RepoSnapshot | undefined = this.lanes.snapshot(repoKey);
      const byLane = this.repoFindings(repoKey);
      const paths = new Set<string>();
      for (const findings of byLane.values()) {
        for (const job of findings.jobs) {
          for (const test of job.failedTests) if (test.place) paths.add(test.place.path);
          for (const finding of job.codeQuality) if (finding.place) paths.add(finding.place.path);
        }
      }
      this.present.set(repoKey, await existing(repoKey, paths));
      if (!snapshot) continue;
      const context = this.viewContext(repoKey);
      const byFile = new Map<string, vscode.Diagnostic[]>();
      for (const d of findingDiagnostics(diagnosticPipelines(snapshot, byLane, context.currentBranch), context)) {
        const diagnostic = new vscode.Diagnostic(new vscode.Range(d.line, 0, d.line, Number.MAX_SAFE_INTEGER), d.message, SEVERITY[d.severity]);
        diagnostic.source = d.source;
        // The job's page, from GitLab's answer: linked only when it is a plain web address on the instance.
        const link = browsableLink(d.target, api.instance.url);
        diagnostic.code = link.ok ? { value: d.code, target: vscode.Uri.parse(link.url, true) } : d.code;
        const list = byFile.get(d.path) ?? [];
        list.push(diagnostic);
        byFile.set(d.path, list);
      }
      for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(path.join(repoKey, ...file.split('/'))), list);
    }
    this.lanes.rerender();
  }
}

/** The paths (repository-relative) that are files of the working tree. */
async function existing(repoKey: string, paths: ReadonlySet<string>): Promise<ReadonlySet<string>> {
  const found = await Promise.all([...paths].map(async (p) => {
    try {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.file(path.join(repoKey, ...p.split('/'))));
      return (stat.type & vscode.FileType.File) !== 0 ? p : undefined;
    } catch {
      return undefined;
    }
  }));
  return new Set(found.filter((p): p is string => p !== undefined));
}
