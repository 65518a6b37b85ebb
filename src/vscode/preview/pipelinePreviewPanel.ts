import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { CiAnalysis } from '../../core/ci';
import type { Asker } from '../../core/asker';
import type { Logger } from '../../core/logger';
import type { PreviewComparison, PreviewPageInput, PreviewTarget } from '../../core/preview';
import { comparePrediction, previewPipeline, refTarget, renderPreviewPage, stagesOf } from '../../core/preview';
import type { CiAnalyzer } from '../ci/ciAnalyzer';
import { isCiDocument } from '../ci/overlayFileReader';
import { projectRootOf } from '../ci/projectRoot';
import { Commands } from '../ids';
import type { LaneSource, RepoLanes } from './laneSource';
import type { PreviewPipelineArgs } from './previewLenses';

const PANEL_TYPE = 'releasePilot.pipelinePreview';
const ANOTHER_BRANCH = Symbol('another branch');

/** A lane of the repository, or a branch the person named. */
type Choice = { readonly lane: PreviewTarget['id']; readonly ref?: undefined } | { readonly ref: string; readonly lane?: undefined };

/** What the panel shows, without the page's nonce: also what the commands resolve to. */
export type PreviewShown = Omit<PreviewPageInput, 'nonce' | 'validateLink'>;

interface Shown {
  readonly page: PreviewShown;
  readonly analysis: CiAnalysis;
  readonly repo: RepoLanes;
  readonly target: PreviewTarget;
}

/**
 * Preview Pipeline...: the pipeline a lane (or a chosen branch) would get, drawn as stage columns in
 * a webview, compared with the pipeline GitLab created for the same commit when the lane has one;
 * its link runs GitLab's dry run on the ref and adds that comparison.
 */
export class PipelinePreviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: Shown | undefined;

  constructor(
    private readonly analyzer: CiAnalyzer,
    private readonly source: LaneSource,
    private readonly ask: Asker,
    private readonly logger: Logger,
  ) {}

  async preview(args: PreviewPipelineArgs = {}): Promise<PreviewShown | undefined> {
    const uri = args.uri ?? this.ciFile();
    if (!uri) {
      await this.ask.inform('info', 'Open a GitLab CI file to preview its pipeline.');
      return undefined;
    }
    const root = projectRootOf(uri);
    const analysis = this.analyzer.analyze(uri)[0]?.analysis;
    if (!analysis) return undefined;
    const repo = this.source.repoLanes(uri, root);
    const chosen: Choice | undefined = args.ref !== undefined ? { ref: args.ref } : args.lane !== undefined && args.lane !== 'ref' ? { lane: args.lane } : await this.choose(repo);
    if (!chosen) return undefined;
    const prepared = await this.source.prepare(repo, chosen.ref);
    const entry = chosen.lane !== undefined ? prepared.find((p) => p.target.id === chosen.lane) : prepared[0];
    if (!entry) {
      await this.ask.inform('warning', `The ${chosen.lane ?? ''} lane has no branch in this repository.`);
      return undefined;
    }
    const preview = previewPipeline(analysis, entry.target.context);
    const comparison = await this.source.compareWithLane(repo, entry.target, preview.jobs.map((j) => j.name));
    const page: PreviewShown = {
      title: entry.target.description,
      created: preview.created,
      reason: preview.reason,
      stages: stagesOf(preview).map((s) => ({ stage: s.stage, jobs: s.jobs })),
      changesNote: entry.changesNote,
      findings: preview.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity}: ${d.message}`),
      comparisons: comparison ? [comparison] : [],
    };
    this.shown = { page, analysis, repo, target: entry.target };
    this.render();
    return page;
  }

  /** GitLab's dry run on the shown preview's ref, compared with a push preview of that ref. */
  async validateWithGitLab(): Promise<PreviewComparison | undefined> {
    const shown = this.shown;
    if (!shown) return undefined;
    const ref = shown.target.context.ref;
    const connection = shown.repo.connection;
    if (!connection || ref === undefined) {
      await this.ask.inform('warning', 'Validating with GitLab needs a signed-in GitLab project for this repository.');
      return undefined;
    }
    const subject = `GitLab's dry run of a push to ${ref}`;
    const result = await connection.api.ciLint(connection.projectPath, shown.analysis.entry.text, { dryRun: true, ref, includeJobs: true });
    let comparison: PreviewComparison;
    if (!result.valid) comparison = { subject, note: `GitLab refused the configuration: ${result.errors.join('; ')}` };
    else {
      const push = refTarget(ref, shown.repo.facts);
      const predicted = previewPipeline(shown.analysis, { ...push.context, repositoryFiles: shown.repo.repositoryFiles });
      comparison = { subject, diff: comparePrediction(predicted.jobs.map((j) => j.name), (result.jobs ?? []).map((j) => j.name)) };
    }
    this.logger.info(`Pipeline preview compared with GitLab's dry run on ${ref}: ${comparison.note ?? `${comparison.diff?.unpredicted.length ?? 0} unpredicted, ${comparison.diff?.missing.length ?? 0} missing`}`);
    const others = shown.page.comparisons.filter((c) => c.subject !== subject);
    this.shown = { ...shown, page: { ...shown.page, comparisons: [...others, comparison] } };
    this.render();
    return comparison;
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private async choose(repo: RepoLanes): Promise<Choice | undefined> {
    const lanes = await this.source.prepare(repo);
    const picked = await this.ask.pick<PreviewTarget['id'] | typeof ANOTHER_BRANCH>(
      [
        ...lanes.map((p) => ({ label: p.target.label, description: p.target.description, value: p.target.id })),
        { label: 'Another branch...', description: 'A push to a branch you name', value: ANOTHER_BRANCH },
      ],
      { title: 'Preview the pipeline of', placeholder: 'A lane of this repository, or a branch' },
    );
    if (picked === undefined) return undefined;
    if (picked !== ANOTHER_BRANCH) return { lane: picked };
    const ref = await this.ask.input({ title: 'Branch to preview (a push to it)', value: repo.facts.currentBranch ?? '', validate: (v) => (v.trim() ? undefined : 'Name a branch.') });
    return ref === undefined ? undefined : { ref: ref.trim() };
  }

  private ciFile(): vscode.Uri | undefined {
    const active = vscode.window.activeTextEditor?.document;
    if (active && isCiDocument(active)) return active.uri;
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, '.gitlab-ci.yml') : undefined;
  }

  private render(): void {
    const shown = this.shown;
    if (!shown) return;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Pipeline Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: [Commands.validatePreviewWithGitLab],
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
    } else this.panel.reveal(undefined, true);
    this.panel.title = `Pipeline Preview: ${shown.target.label}`;
    this.panel.webview.html = renderPreviewPage({
      ...shown.page,
      ...(shown.repo.connection ? { validateLink: `command:${Commands.validatePreviewWithGitLab}` } : {}),
      nonce: randomBytes(16).toString('base64'),
    });
  }
}
