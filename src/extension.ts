import * as vscode from 'vscode';
import { SecretRedactor } from './core/redact';
import { Commands, Views } from './vscode/ids';
import { DisposableStore } from './vscode/lifecycle';
import { OutputLogger } from './vscode/outputLogger';
import { LanesTreeProvider } from './vscode/lanesView';

/** Composition root: build the collaborators, register them, nothing else. */
export function activate(context: vscode.ExtensionContext): void {
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const redactor = new SecretRedactor();
  const logger = store.add(new OutputLogger(redactor));

  store.add(vscode.commands.registerCommand(Commands.showLog, () => logger.show()));
  store.add(vscode.window.createTreeView(Views.lanes, { treeDataProvider: store.add(new LanesTreeProvider()) }));

  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  logger.info(`Release Pilot ${version} activated in VS Code ${vscode.version}`);
}

export function deactivate(): void {
  // Everything is owned by the DisposableStore pushed onto context.subscriptions.
}
