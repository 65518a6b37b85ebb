import * as vscode from 'vscode';
import { resolveTarget } from '../../core/release/actions/releaseTarget';
import { browsableLink } from '../../core/safeLink';
import type { FeatureContext } from '../featureContext';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { Commands, Views } from '../ids';
import { loadGitApi } from './gitApi';
import { LanesController } from './lanesController';
import { LanesTreeProvider } from './lanesTreeProvider';
import { PipelineStatusBar } from './pipelineStatusBar';

export interface LanesFeature {
  readonly controller: LanesController;
  readonly tree: LanesTreeProvider;
}

/** The Release Lanes view, its status bar item and commands. Polling starts with `controller.start()`. */
export function registerLanes(context: FeatureContext, deps: { readonly gitlab: GitLabConnections }): LanesFeature {
  const { store, commands, logger, settings } = context;
  const tree = store.add(new LanesTreeProvider());
  const view = store.add(vscode.window.createTreeView(Views.lanes, { treeDataProvider: tree, showCollapseAll: true }));
  const statusBar = store.add(new PipelineStatusBar());
  // Not awaited: the Git extension may still be starting, and activation should not wait for it.
  const controller = store.add(new LanesController(loadGitApi(), deps.gitlab, settings, tree, statusBar, logger));
  // A repository opened up in the tree is one the person watches: it is read at the fast pace (readBudget.ts).
  store.add(view.onDidExpandElement((e) => controller.setExpanded(e.element, resolveTarget(e.element, tree)?.repoKey)));
  store.add(view.onDidCollapseElement((e) => controller.setExpanded(e.element, undefined)));
  // Restricted Mode disables the Git extension; trusting the folder enables it after the lanes started.
  store.add(vscode.extensions.onDidChange(() => controller.gitMayHaveArrived(loadGitApi)));
  store.add(commands.register(Commands.refreshLanes, () => controller.refreshNow()));
  store.add(commands.register(Commands.openInBrowser, async (id) => {
    const url = typeof id === 'string' ? tree.node(id)?.webUrl : undefined;
    if (url === undefined || typeof id !== 'string') return;
    // Addresses come from GitLab's answers: only plain web links to the repository's own instance leave for the browser.
    const repoKey = resolveTarget(id, tree)?.repoKey;
    const instanceUrl = repoKey === undefined ? undefined : deps.gitlab.connection(repoKey)?.api.instance.url;
    if (instanceUrl === undefined) return;
    const link = browsableLink(url, instanceUrl);
    if (link.ok) await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
    else void vscode.window.showWarningMessage(link.reason);
  }));
  return { controller, tree };
}
