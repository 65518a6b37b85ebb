import * as vscode from 'vscode';
import type { TreeNode } from './core/lanes/treeModel';
import type { EnvironmentNode } from './core/environments/environmentTree';
import { registerCanary } from './vscode/canary/registerCanary';
import { registerCi, registerCiServerLint } from './vscode/ci/registerCi';
import { registerCiIncludes } from './vscode/ci/registerCiIncludes';
import { createFeatureContext } from './vscode/featureContext';
import type { EnvironmentsFeature } from './vscode/environments/registerEnvironments';
import { registerEnvironments } from './vscode/environments/registerEnvironments';
import { registerGitLab } from './vscode/gitlab/registerGitLab';
import { Commands } from './vscode/ids';
import type { LanesFeature } from './vscode/lanes/registerLanes';
import { registerLanes } from './vscode/lanes/registerLanes';
import { registerPreview } from './vscode/preview/registerPreview';
import { registerFindings } from './vscode/findings/registerFindings';
import { registerRelease } from './vscode/release/registerRelease';
import { registerScaffold } from './vscode/scaffold/registerScaffold';
import { whenTrusted } from './vscode/workspaceTrust';

declare const RELEASE_PILOT_LOAD_STARTED: number | undefined;

/** When the bundle finished evaluating: module code runs before this line, after the build's banner. */
const LOADED_AT = performance.now();
/** How long evaluating dist/extension.js took (what the host counts as code loading); unknown outside the bundle. */
const LOAD_MS = typeof RELEASE_PILOT_LOAD_STARTED === 'number' ? LOADED_AT - RELEASE_PILOT_LOAD_STARTED : undefined;

/** Start-up costs, in milliseconds, as the extension measured them itself. */
export interface ActivationTimings {
  /** Evaluating the bundle, when known. */
  readonly loadMs?: number;
  /** From the start of activate() to its return. */
  readonly activateMs: number;
}

/**
 * What activate() returns: a small read-only window on the extension's state, used by the
 * integration tests (through `extension.exports`) and available to other extensions.
 */
export interface ReleasePilotApi {
  /** The Release Lanes tree as it is rendered now. */
  lanesTree(): readonly TreeNode[];
  /** The Environments tree as it is rendered now. */
  environmentsTree(): readonly EnvironmentNode[];
  /** Refreshes the lanes at once and resolves when that refresh is done. */
  refreshLanes(): Promise<void>;
  /** What starting the extension cost (the benchmark of issue 11 reads it). */
  activationTimings(): ActivationTimings;
}

/** Composition root: one line per feature, in the order they depend on each other. */
export function activate(extension: vscode.ExtensionContext): ReleasePilotApi {
  const started = performance.now();
  const context = createFeatureContext(extension);
  context.store.add(context.commands.register(Commands.showLog, () => context.logger.show()));

  // Works in Restricted Mode: checking a file sends nothing anywhere.
  const ci = registerCi(context);
  registerScaffold(context);
  const version = (extension.extension.packageJSON as { version?: string }).version ?? '?';

  // Needs trust: the repository's settings and files choose what is asked and acted on.
  let lanes: LanesFeature | undefined;
  let environments: EnvironmentsFeature | undefined;
  whenTrusted(context, () => {
    const gitlab = registerGitLab(context);
    registerCiServerLint(context, { gitlab });
    // Includes from other projects, templates, components and remote hosts: the repository's remotes choose the instance.
    registerCiIncludes(context, { ci, gitlab });
    const registered = registerLanes(context, { gitlab });
    // Canary health and release actions subscribe before the first refresh: it counts.
    const canary = registerCanary(context, { gitlab, lanes: registered });
    const { release } = registerRelease(context, { gitlab, lanes: registered, canaryWarning: (repoKey, pipelineId) => canary.promotionWarningChecked(repoKey, pipelineId) });
    // What is deployed where, compare and roll back: read on demand, never on a timer of its own.
    environments = registerEnvironments(context, { gitlab, lanes: registered, release });
    // Which lanes run each job: the lanes come from the repository's settings and GitLab.
    registerPreview(context, { ci: ci.analyzer, gitlab, lanes: registered });
    // Failed tests and code-quality findings of the lanes' pipelines, read when a pipeline comes to rest.
    registerFindings(context, { gitlab, lanes: registered, ci: ci.analyzer });
    registered.controller.start();
    lanes = registered;
  });

  const timings: ActivationTimings = { ...(LOAD_MS === undefined ? {} : { loadMs: LOAD_MS }), activateMs: performance.now() - started };
  const loaded = timings.loadMs === undefined ? '' : `bundle loaded in ${timings.loadMs.toFixed(0)} ms, `;
  context.logger.info(`Release Pilot ${version} activated in VS Code ${vscode.version} (${loaded}activate() took ${timings.activateMs.toFixed(0)} ms)`);
  return {
    lanesTree: () => lanes?.tree.roots() ?? [],
    environmentsTree: () => environments?.tree.roots() ?? [],
    refreshLanes: () => (lanes ? lanes.controller.refreshNow() : Promise.resolve()),
    activationTimings: () => timings,
  };
}

export function deactivate(): void {
  // Everything is owned by the DisposableStore pushed onto the extension's subscriptions.
}
