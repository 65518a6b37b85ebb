import * as vscode from 'vscode';
import type { CiAnalyzer } from '../ci/ciAnalyzer';
import type { FeatureContext } from '../featureContext';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { Commands, LANGUAGE_ID } from '../ids';
import { loadGitApi } from '../lanes/gitApi';
import type { LanesFeature } from '../lanes/registerLanes';
import { LaneSource } from './laneSource';
import { PipelinePreviewPanel } from './pipelinePreviewPanel';
import type { PreviewPipelineArgs } from './previewLenses';
import { PreviewLenses } from './previewLenses';

/**
 * The pipeline preview in the editor: where each job runs (a CodeLens per job, a warning on jobs no
 * lane runs) and Preview Pipeline... with its comparison against GitLab.
 */
export function registerPreview(context: FeatureContext, deps: { readonly ci: CiAnalyzer; readonly gitlab: GitLabConnections; readonly lanes: LanesFeature }): void {
  const { store, commands, logger, settings, ask } = context;
  // Not awaited: activation should not wait for the Git extension (as the lanes do not); the
  // commands wait for it instead, and the lenses appear once it is there.
  const ready = loadGitApi().then((git) => {
    const source = store.add(new LaneSource({ git, gitlab: deps.gitlab, lanes: deps.lanes.controller, settings }));
    const lenses = store.add(new PreviewLenses(deps.ci, source, settings, logger));
    store.add(vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, lenses));
    // The lanes move with the branch, the working tree, GitLab's pipelines, the sign-ins and the lane settings.
    const watchRepository = (repo: { readonly state: { readonly onDidChange: vscode.Event<void> } }): void => {
      store.add(repo.state.onDidChange(() => lenses.invalidate()));
    };
    git?.repositories.forEach(watchRepository);
    if (git) store.add(git.onDidOpenRepository(watchRepository));
    store.add(deps.lanes.controller.onDidRefresh(() => lenses.invalidate()));
    store.add(deps.gitlab.onDidChangeSignIns(() => lenses.invalidate()));
    store.add(settings.onDidChange((changed) => {
      if (changed('devBranch') || changed('masterBranch')) lenses.invalidate();
    }));
    return store.add(new PipelinePreviewPanel(deps.ci, source, ask, logger));
  });
  ready.catch((error: unknown) => logger.error(`Pipeline preview could not start: ${error instanceof Error ? error.message : String(error)}`));
  store.add(commands.register(Commands.previewPipeline, async (args) => (await ready).preview(args instanceof vscode.Uri ? { uri: args } : isArgs(args) ? args : {})));
  store.add(commands.register(Commands.validatePreviewWithGitLab, async () => (await ready).validateWithGitLab()));
}

function isArgs(value: unknown): value is PreviewPipelineArgs {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri);
}
