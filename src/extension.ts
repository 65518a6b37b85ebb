import * as vscode from 'vscode';
import type { TreeNode } from './core/lanes/treeModel';
import { registerCanary } from './vscode/canary/registerCanary';
import { registerCi, registerCiServerLint } from './vscode/ci/registerCi';
import { createFeatureContext } from './vscode/featureContext';
import { registerGitLab } from './vscode/gitlab/registerGitLab';
import { Commands } from './vscode/ids';
import { registerLanes } from './vscode/lanes/registerLanes';
import { registerRelease } from './vscode/release/registerRelease';
import { registerScaffold } from './vscode/scaffold/registerScaffold';

/**
 * What activate() returns: a small read-only window on the extension's state, used by the
 * integration tests (through `extension.exports`) and available to other extensions.
 */
export interface ReleasePilotApi {
  /** The Release Lanes tree as it is rendered now. */
  lanesTree(): readonly TreeNode[];
  /** Refreshes the lanes at once and resolves when that refresh is done. */
  refreshLanes(): Promise<void>;
}

/** Composition root: one line per feature, in the order they depend on each other. */
export async function activate(extension: vscode.ExtensionContext): Promise<ReleasePilotApi> {
  const context = createFeatureContext(extension);
  context.store.add(context.commands.register(Commands.showLog, () => context.logger.show()));

  registerCi(context);
  const gitlab = registerGitLab(context);
  registerCiServerLint(context, { gitlab });
  const lanes = await registerLanes(context, { gitlab });
  // Canary health and release actions subscribe before the first refresh: it counts.
  const canary = registerCanary(context, { gitlab, lanes });
  registerRelease(context, { gitlab, lanes, canaryWarning: (repoKey, pipelineId) => canary.promotionWarningChecked(repoKey, pipelineId) });
  registerScaffold(context);
  lanes.controller.start();

  const version = (extension.extension.packageJSON as { version?: string }).version ?? '?';
  context.logger.info(`Release Pilot ${version} activated in VS Code ${vscode.version}`);
  return { lanesTree: () => lanes.tree.roots(), refreshLanes: () => lanes.controller.refreshNow() };
}

export function deactivate(): void {
  // Everything is owned by the DisposableStore pushed onto the extension's subscriptions.
}
