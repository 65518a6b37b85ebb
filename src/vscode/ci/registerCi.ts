import * as vscode from 'vscode';
import type { FeatureContext } from '../featureContext';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { Commands } from '../ids';
import { CiAnalyzer } from './ciAnalyzer';
import { DiagnosticsController } from './diagnosticsController';
import { GitLabLint } from './gitlabLint';
import { IncludeDocuments } from './includeDocuments';
import { registerCiLanguageProviders } from './languageProviders';
import { MergedConfigView } from './mergedConfigView';

export interface CiFeature {
  /** The analyses of open CI files, shared with the pipeline preview. */
  readonly analyzer: CiAnalyzer;
  readonly diagnostics: DiagnosticsController;
  readonly merged: MergedConfigView;
  /** The read-only documents of files includes brought in from GitLab. */
  readonly includeDocuments: IncludeDocuments;
}

/** The `.gitlab-ci.yml` language service: diagnostics as you type, editor features, the merged view. */
export function registerCi(context: FeatureContext): CiFeature {
  const { store, commands, logger, settings } = context;
  const analyzer = new CiAnalyzer(logger);
  const diagnostics = store.add(new DiagnosticsController(analyzer, settings));
  for (const provider of registerCiLanguageProviders(analyzer, diagnostics)) store.add(provider);
  const merged = store.add(new MergedConfigView(analyzer));
  store.add(commands.register(Commands.showMergedConfiguration, (uri) => merged.show(uri instanceof vscode.Uri ? uri : undefined)));
  const includeDocuments = store.add(new IncludeDocuments(analyzer));
  return { analyzer, diagnostics, merged, includeDocuments };
}

/** "Validate with GitLab": GitLab's own verdict on a CI file, through the project's connection. */
export function registerCiServerLint(context: FeatureContext, deps: { readonly gitlab: GitLabConnections }): void {
  const { store, commands, logger, settings } = context;
  const lint = store.add(new GitLabLint({ connectionFor: (uri) => deps.gitlab.connectionFor(uri), logger, settings }));
  store.add(commands.register(Commands.validateWithGitLab, () => lint.validate()));
}
