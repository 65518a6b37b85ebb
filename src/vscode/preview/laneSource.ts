import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LaneSnapshot } from '../../core/lanes/snapshot';
import type { RepoConnection } from '../../core/lanes/repoConnection';
import type { LaneFacts, PreviewComparison, PreviewTarget } from '../../core/preview';
import { comparePrediction, laneTargets, refTarget, withChangedFiles } from '../../core/preview';
import { createFsReader } from '../../node/fsReader';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import type { GitApi, GitRepository } from '../lanes/gitApi';
import type { LanesController } from '../lanes/lanesController';
import type { ExtensionSettings } from '../settings/extensionSettings';
import type { GitDiffPort } from './gitDiffPort';
import { gitDiffPort } from './gitDiffPort';

export interface LaneSourceDeps {
  readonly git: GitApi | undefined;
  readonly gitlab: GitLabConnections;
  readonly lanes: Pick<LanesController, 'snapshot'>;
  readonly settings: ExtensionSettings;
}

/** A repository as the preview sees it: its lanes, its files, and what GitLab last showed of it. */
export interface RepoLanes {
  readonly root: string;
  readonly facts: LaneFacts;
  readonly connection?: RepoConnection;
  readonly repository?: GitRepository;
  readonly git?: GitDiffPort;
  /** Root-relative files of the working tree, for `exists`. */
  readonly repositoryFiles: readonly string[];
}

/** A target with the files `changes` compares, and that base in words. */
export interface PreparedTarget {
  readonly target: PreviewTarget;
  readonly changesNote: string;
}

const shortSha = (sha: string): string => sha.slice(0, 8);

/**
 * Gathers what a lane preview needs for the repository of a CI file: the lane branches (from the
 * GitLab connection the lanes found, else from settings), the current branch and its merge
 * request, the working tree's changes since each lane's base through the Git extension, and the
 * pipelines GitLab created for the same commits.
 */
export class LaneSource implements vscode.Disposable {
  private readonly files = new Map<string, readonly string[]>();
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(private readonly deps: LaneSourceDeps) {
    // Created or deleted files change what `exists` sees; edits do not.
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.watcher.onDidCreate(() => this.files.clear());
    this.watcher.onDidDelete(() => this.files.clear());
  }

  dispose(): void {
    this.watcher.dispose();
  }

  /** The repository holding `file` (its Git repository's root, else the project's folder). */
  repoLanes(file: vscode.Uri, fallbackRoot: string): RepoLanes {
    const repository = this.repositoryOf(file);
    const root = repository?.rootUri.fsPath ?? fallbackRoot;
    const connection = this.deps.gitlab.connectionFor(file);
    const laneBranch = (id: 'dev' | 'master'): string | undefined => connection?.lanes.find((l) => l.id === id)?.branch;
    const configured = this.deps.settings.lanes(vscode.Uri.file(root));
    const snapshot = connection ? this.deps.lanes.snapshot(connection.repoKey) : undefined;
    const mrLane = snapshot?.lanes.find((l) => l.lane.id === 'mr');
    const facts: LaneFacts = {
      currentBranch: repository?.state.HEAD?.name,
      ...(mrLane?.mergeRequest ? { mergeRequestTarget: mrLane.mergeRequest.target_branch } : {}),
      devBranch: laneBranch('dev') ?? configured.devBranch ?? 'dev',
      masterBranch: laneBranch('master') ?? configured.masterBranch ?? 'master',
      ...(connection ? { projectPath: connection.projectPath } : {}),
    };
    return {
      root,
      facts,
      ...(connection ? { connection } : {}),
      ...(repository ? { repository, git: gitDiffPort(repository) } : {}),
      repositoryFiles: this.repositoryFiles(root),
    };
  }

  /** The lanes, or one ref, with the working tree's changes since each one's base. */
  async prepare(repo: RepoLanes, ref?: string): Promise<PreparedTarget[]> {
    const targets = ref === undefined ? laneTargets(repo.facts) : [refTarget(ref, repo.facts)];
    const bases = new Map<PreviewTarget, string>();
    const baseOf = async (target: PreviewTarget): Promise<string | undefined> => {
      const base = await this.baseOf(repo, target);
      if (base) bases.set(target, base.note);
      return base?.sha;
    };
    const git = repo.git;
    const prepared = git ? await withChangedFiles(targets, baseOf, (sha) => git.changedSince(sha)) : targets;
    return prepared.map((target, i) => {
      const original = targets[i];
      const note = original ? bases.get(original) : undefined;
      return {
        target: { ...target, context: { ...target.context, repositoryFiles: repo.repositoryFiles } },
        changesNote: note !== undefined && target.context.changed !== undefined
          ? `changes: the working tree against ${note} (${target.context.changed.length} file(s)).`
          : 'changes: no base commit is known, so every `changes` rule matches, as GitLab does without a diff.',
      };
    });
  }

  /**
   * The jobs GitLab created for the same commit on this lane, compared with `predicted`. Undefined
   * when the lane has no pipeline GitLab already ran for the commit the working tree is on.
   */
  async compareWithLane(repo: RepoLanes, target: PreviewTarget, predicted: readonly string[]): Promise<PreviewComparison | undefined> {
    const lane = this.laneSnapshot(repo, target);
    const pipeline = lane?.pipeline;
    if (!lane || !pipeline) return undefined;
    // The MR lane falls back to the branch's pipelines when the MR has none: those are pushes, not this event.
    if (target.id === 'mr' && lane.source !== 'merge-request') return undefined;
    const commit = target.id === 'mr' ? repo.repository?.state.HEAD?.commit : await repo.git?.branchCommit(lane.lane.branch ?? '');
    const subject = `GitLab's pipeline #${pipeline.pipeline.id} (${shortSha(pipeline.pipeline.sha)})`;
    if (commit !== pipeline.pipeline.sha) {
      return { subject, note: `It ran for another commit than ${commit ? `the local ${shortSha(commit)}` : 'the local one'}; push, or check out that commit, to compare.` };
    }
    const created = pipeline.stages.flatMap((s) => s.jobs.map((j) => j.job.name));
    return { subject, diff: comparePrediction(predicted, created) };
  }

  private laneSnapshot(repo: RepoLanes, target: PreviewTarget): LaneSnapshot | undefined {
    if (target.id === 'ref' || !repo.connection) return undefined;
    return this.deps.lanes.snapshot(repo.connection.repoKey)?.lanes.find((l) => l.lane.id === target.id);
  }

  /** The merge base with the MR's target, or the commit of the lane's last pipeline. */
  private async baseOf(repo: RepoLanes, target: PreviewTarget): Promise<{ sha: string; note: string } | undefined> {
    if (target.context.source === 'merge_request_event') {
      const into = target.context.targetBranch ?? '';
      const sha = await repo.git?.mergeBaseWith(into);
      return sha ? { sha, note: `the merge base with ${into} (${shortSha(sha)})` } : undefined;
    }
    const lane = this.laneSnapshot(repo, target);
    const sha = lane?.pipeline?.pipeline.sha;
    return sha ? { sha, note: `the last ${lane.lane.branch ?? target.label} pipeline's commit (${shortSha(sha)})` } : undefined;
  }

  private repositoryOf(file: vscode.Uri): GitRepository | undefined {
    const holding = (this.deps.git?.repositories ?? []).filter((r) => file.fsPath.startsWith(r.rootUri.fsPath + path.sep));
    return holding.sort((a, b) => b.rootUri.fsPath.length - a.rootUri.fsPath.length)[0];
  }

  private repositoryFiles(root: string): readonly string[] {
    let files = this.files.get(root);
    if (!files) {
      files = createFsReader().glob(root, '**/*').map((abs) => path.relative(root, abs).split(path.sep).join('/'));
      this.files.set(root, files);
    }
    return files;
  }
}
