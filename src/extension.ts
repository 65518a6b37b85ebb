import * as vscode from 'vscode';
import { createGitbeakerApi } from './core/gitlab/gitbeakerApi';
import { RateBudgets } from './core/pipelines/rateBudget';
import type { TreeNode } from './core/pipelines/treeModel';
import { SecretRedactor } from './core/redact';
import { CiAnalyzer } from './vscode/ci/ciAnalyzer';
import { GitLabLint } from './vscode/ci/gitlabLint';
import { DiagnosticsController } from './vscode/ci/diagnosticsController';
import { registerCiLanguageProviders } from './vscode/ci/languageProviders';
import { MergedConfigView } from './vscode/ci/mergedConfigView';
import { CommandRunner } from './vscode/commandRunner';
import type { ApiFactory } from './vscode/gitlab/signInCommands';
import { signIn, signOut } from './vscode/gitlab/signInCommands';
import { TokenStore } from './vscode/gitlab/tokenStore';
import { Commands, Views } from './vscode/ids';
import { loadGitApi } from './vscode/lanes/gitApi';
import { LanesController } from './vscode/lanes/lanesController';
import { LanesTreeProvider } from './vscode/lanes/lanesTreeProvider';
import { PipelineStatusBar } from './vscode/lanes/pipelineStatusBar';
import { DisposableStore } from './vscode/lifecycle';
import { OutputLogger } from './vscode/outputLogger';
import { registerReleaseFeatures } from './vscode/release/registerReleaseFeatures';
import { canaryNote } from './vscode/canary/canaryNote';
import { registerCanaryAndScaffold } from './vscode/canary/registerCanaryAndScaffold';

/** Composition root: build the collaborators, register them, nothing else. */
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

export async function activate(context: vscode.ExtensionContext): Promise<ReleasePilotApi> {
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const redactor = new SecretRedactor();
  const logger = store.add(new OutputLogger(redactor));
  const commands = new CommandRunner(logger, redactor);
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';

  // .gitlab-ci.yml language service
  const analyzer = new CiAnalyzer(logger);
  const diagnostics = store.add(new DiagnosticsController(analyzer));
  for (const provider of registerCiLanguageProviders(analyzer, diagnostics)) store.add(provider);
  const merged = store.add(new MergedConfigView(analyzer));
  store.add(commands.register(Commands.showMergedConfiguration, (uri) => merged.show(uri instanceof vscode.Uri ? uri : undefined)));
  store.add(commands.register(Commands.showLog, () => logger.show()));

  // GitLab connection
  const tokens = new TokenStore(context.secrets, context.globalState, redactor);
  // Every answer's RateLimit-* headers pace the lanes' pollers of that instance (rateBudget.ts).
  const rateBudgets = new RateBudgets(() => Date.now());
  const createApi: ApiFactory = (instance, token) => createGitbeakerApi({ instance, token, logger, onRequest: (event) => rateBudgets.observe(instance.url, event) });
  const auth = { store: tokens, createApi, logger };
  store.add(commands.register(Commands.signIn, (preset) => signIn(auth, asPreset(preset))));
  store.add(commands.register(Commands.signOut, (preset) => signOut(auth, asPreset(preset))));

  // Release lanes
  const tree = store.add(new LanesTreeProvider());
  store.add(vscode.window.createTreeView(Views.lanes, { treeDataProvider: tree, showCollapseAll: true }));
  const statusBar = store.add(new PipelineStatusBar());
  const lanes = store.add(new LanesController(await loadGitApi(), tokens, createApi, tree, statusBar, logger, rateBudgets));
  store.add(commands.register(Commands.refreshLanes, () => lanes.refreshNow()));
  store.add(commands.register(Commands.openInBrowser, async (id) => {
    const url = typeof id === 'string' ? tree.node(id)?.webUrl : undefined;
    if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  }));
  // Canary health (checked while canary jobs run, so before start) and the release-pipeline scaffold
  const canary = store.add(registerCanaryAndScaffold({ host: lanes, logger, secrets: context.secrets, redactor, register: (id, handler) => commands.register(id, handler) }));
  // Release actions: gates, approvals, live logs, notifications (before start: the first refresh counts).
  // Production asks "promote anyway" with the numbers when the canary looked suspect or failing.
  const canaryWarning = async (repoKey: string, pipelineId: number): Promise<string | undefined> => {
    if (!canary.service.latestForRepo(repoKey)) await canary.service.ensureChecked(repoKey);
    return canary.service.promotionWarningFor(repoKey, pipelineId);
  };
  store.add(registerReleaseFeatures({ host: lanes, tree, logger, memory: context.workspaceState, canaryWarning, register: (id, handler) => commands.register(id, handler) }));
  // The latest canary verdict under each canary gate in the lanes.
  lanes.setCanaryNotes((repoKey, pipelineId) => canaryNote(canary.service.latestFor(repoKey, pipelineId)));
  store.add(canary.service.onDidChange(() => lanes.rerender()));
  lanes.start();

  // GitLab's own verdict on a CI file
  const gitlabLint = store.add(new GitLabLint({ connectionFor: (uri) => lanes.connectionFor(uri), logger }));
  store.add(commands.register(Commands.validateWithGitLab, () => gitlabLint.validate()));

  logger.info(`Release Pilot ${version} activated in VS Code ${vscode.version}`);
  return { lanesTree: () => tree.roots(), refreshLanes: () => lanes.refreshNow() };
}

/** Commands may be called with arguments by scripts and tests; anything else is ignored. */
function asPreset(value: unknown): { url?: string; token?: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { url, token } = value as Record<string, unknown>;
  return { ...(typeof url === 'string' ? { url } : {}), ...(typeof token === 'string' ? { token } : {}) };
}

export function deactivate(): void {
  // Everything is owned by the DisposableStore pushed onto context.subscriptions.
}
