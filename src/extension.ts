import * as vscode from 'vscode';
import { SecretRedactor } from './core/redact';
import { CiAnalyzer } from './vscode/ci/ciAnalyzer';
import { DiagnosticsController } from './vscode/ci/diagnosticsController';
import { registerCiLanguageProviders } from './vscode/ci/languageProviders';
import { MergedConfigView } from './vscode/ci/mergedConfigView';
import { CommandRunner } from './vscode/commandRunner';
import { Commands, Views } from './vscode/ids';
import { DisposableStore } from './vscode/lifecycle';
import { LanesTreeProvider } from './vscode/lanesView';
import { OutputLogger } from './vscode/outputLogger';

/** Composition root: build the collaborators, register them, nothing else. */
export function activate(context: vscode.ExtensionContext): void {
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const redactor = new SecretRedactor();
  const logger = store.add(new OutputLogger(redactor));
  const commands = new CommandRunner(logger, redactor);

  // .gitlab-ci.yml language service
  const analyzer = new CiAnalyzer(logger);
  const diagnostics = store.add(new DiagnosticsController(analyzer));
  for (const provider of registerCiLanguageProviders(analyzer, diagnostics)) store.add(provider);
  const merged = store.add(new MergedConfigView(analyzer));
  store.add(commands.register(Commands.showMergedConfiguration, (uri) => merged.show(uri instanceof vscode.Uri ? uri : undefined)));

  // Release lanes
  store.add(vscode.window.createTreeView(Views.lanes, { treeDataProvider: store.add(new LanesTreeProvider()) }));

  store.add(commands.register(Commands.showLog, () => logger.show()));
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  logger.info(`Release Pilot ${version} activated in VS Code ${vscode.version}`);
}

export function deactivate(): void {
  // Everything is owned by the DisposableStore pushed onto context.subscriptions.
}
