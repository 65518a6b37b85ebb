import * as vscode from 'vscode';
import type { CiAnalysis, CiJob } from '../../core/ci';
import type { Logger } from '../../core/logger';
import type { PreviewTarget } from '../../core/preview';
import { jobPlacements, jobsInNoLane, placementSummary, previewDiagnostic, previewTargets, unknownVariables } from '../../core/preview';
import type { CiAnalyzer } from '../ci/ciAnalyzer';
import { isCiDocument } from '../ci/overlayFileReader';
import { projectRootOf } from '../ci/projectRoot';
import { toVsDiagnostic } from '../convert';
import { Commands } from '../ids';
import type { ExtensionSettings } from '../settings/extensionSettings';
import type { LaneSource, PreparedTarget } from './laneSource';
import { uriOfCiFile } from '../ci/includeUris';

/** What clicking a job's CodeLens opens: the preview of the first lane it runs in. */
export interface PreviewPipelineArgs {
  readonly uri?: vscode.Uri;
  readonly lane?: PreviewTarget['id'];
  readonly ref?: string;
}

/**
 * A CodeLens above each job of a CI file saying which lanes run it (`MR · dev · master (manual)`),
 * and a warning on jobs no lane runs. Computed once typing has paused (the validation debounce),
 * from the analyzer's cached analysis; the lanes' Git facts are cached until the repository, the
 * lanes or the sign-ins change.
 */
export class PreviewLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly warnings = vscode.languages.createDiagnosticCollection('release-pilot-preview');
  private readonly prepared = new Map<string, Promise<PreparedTarget[]>>();
  private readonly quietSince = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly analyzer: CiAnalyzer,
    private readonly source: LaneSource,
    private readonly settings: ExtensionSettings,
    private readonly logger: Logger,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isCiDocument(e.document) && e.contentChanges.length > 0) this.quietSince.set(e.document.uri.toString(), Date.now());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.quietSince.delete(d.uri.toString())),
    ];
  }

  /** The lanes may have moved (branch switch, new pipeline, sign-in, settings): recompute. */
  invalidate(): void {
    this.prepared.clear();
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[] | undefined> {
    if (!isCiDocument(document)) return [];
    if (!(await this.settled(document, token))) return undefined;
    const fsPath = document.uri.fsPath;
    const cached = this.analyzer.lastFor(fsPath);
    const fresh = cached && cached.analysis.files.get(fsPath)?.text === document.getText() ? cached : this.analyzer.analyze(document.uri).find((r) => r.analysis.files.has(fsPath));
    if (!fresh || token.isCancellationRequested) return undefined;
    const analysis = fresh.analysis;
    const repo = this.source.repoLanes(document.uri, projectRootOf(document.uri));
    const targets = (await this.preparedFor(repo.root, () => this.source.prepare(repo))).map((p) => p.target);
    if (token.isCancellationRequested) return undefined;
    // The warnings and the lens titles both ask which unset variables keep a job out: once per job.
    const unknown = new Map<CiJob, readonly string[]>();
    const unknownOf = (job: CiJob): readonly string[] => {
      let names = unknown.get(job);
      if (!names) unknown.set(job, (names = unknownVariables(analysis, job)));
      return names;
    };
    this.publishWarnings(analysis, targets, unknownOf);
    const placements = jobPlacements(previewTargets(analysis, targets));
    const idOf = new Map(targets.map((t) => [t.label, t.id]));
    return analysis.jobs
      .filter((job) => !job.hidden && job.keyLoc.file === fsPath && job.node.kind === 'map')
      .map((job) => {
        const placed = placements.get(job.name);
        const lane = placed?.[0] ? idOf.get(placed[0].lane) : undefined;
        const args: PreviewPipelineArgs = { uri: document.uri, ...(lane ? { lane } : {}) };
        return new vscode.CodeLens(new vscode.Range(job.keyLoc.range.start.line, 0, job.keyLoc.range.start.line, 0), {
          title: placementSummary(placed, placed?.length ? [] : unknownOf(job)),
          tooltip: 'Where this job runs in the release lanes (Preview Pipeline...). Variables set only in GitLab\'s CI/CD settings count as unset.',
          command: Commands.previewPipeline,
          arguments: [args],
        });
      });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.warnings.dispose();
  }

  private preparedFor(root: string, make: () => Promise<PreparedTarget[]>): Promise<PreparedTarget[]> {
    let prepared = this.prepared.get(root);
    if (!prepared) {
      prepared = make().catch((error: unknown) => {
        this.prepared.delete(root);
        throw error;
      });
      this.prepared.set(root, prepared);
    }
    return prepared;
  }

  /** Waits until the document has not changed for the debounce; false when a newer request replaced this one. */
  private async settled(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<boolean> {
    const debounceMs = this.settings.window('validationDebounceMs');
    for (;;) {
      const since = this.quietSince.get(document.uri.toString());
      const wait = since === undefined ? 0 : since + debounceMs - Date.now();
      if (wait <= 0) return !token.isCancellationRequested;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        token.onCancellationRequested(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (token.isCancellationRequested) return false;
    }
  }

  private publishWarnings(analysis: CiAnalysis, targets: readonly PreviewTarget[], unknownOf: (job: CiJob) => readonly string[]): void {
    const lanes = targets.map((t) => t.label).join(', ');
    const byFile = new Map<string, vscode.Diagnostic[]>([...analysis.files.keys()].map((f) => [f, []]));
    const byName = new Map(analysis.jobs.map((j) => [j.name, j]));
    for (const name of jobsInNoLane(analysis, targets, unknownOf)) {
      const job = byName.get(name);
      if (!job) continue;
      const diagnostic = toVsDiagnostic(previewDiagnostic('preview-job-in-no-lane', { job: name, lanes }, job.keyLoc.range));
      byFile.get(job.keyLoc.file)?.push(diagnostic);
    }
    for (const [file, list] of byFile) this.warnings.set(uriOfCiFile(file), list);
    this.logger.debug(`lane preview of ${analysis.path}: ${targets.map((t) => t.label).join(', ')}`);
  }
}
