import * as vscode from 'vscode';
import type { FeatureContext } from '../featureContext';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { Commands } from '../ids';
import { CiAnalyzer } from './ciAnalyzer';
import { DiagnosticsController } from './diagnosticsController';
import { GitLabLint } from './gitlabLint';
import { registerCiLanguageProviders } from './languageProviders';
import { MergedConfigView } from './mergedConfigView';

/** The `.gitlab-ci.yml` language service: diagnostics as you type, editor features, the merged view. */
export function registerCi(context: FeatureContext): void {
  const { store, commands, logger, settings } = context;
  const analyzer = new CiAnalyzer(logger);
  const diagnostics = store.add(new DiagnosticsController(analyzer, settings));
  for (const provider of registerCiLanguageProviders(analyzer, diagnostics)) store.add(provider);
  const merged = store.add(new MergedConfigView(analyzer));
  store.add(commands.register(Commands.showMergedConfiguration, (uri) => merged.show(uri instanceof vscode.Uri ? uri : undefined)));
}

/** "Validate with GitLab": GitLab's own verdict on a CI file, through the project's connection. */
export function registerCiServerLint(context: FeatureContext, deps: { readonly gitlab: GitLabConnections }): void {
  const { store, commands, logger, settings } = context;
  const lint = store.add(new GitLabLint({ connectionFor: (uri) => deps.gitlab.connectionFor(uri), logger, settings }));
  store.add(commands.register(Commands.validateWithGitLab, () => lint.validate()));
}
