import type * as vscode from 'vscode';
import type { Asker } from '../core/asker';
import { SecretRedactor } from '../core/redact';
import { CommandRunner } from './commandRunner';
import { DisposableStore } from './lifecycle';
import { OutputLogger } from './outputLogger';
import { ExtensionSettings } from './settings/extensionSettings';
import { windowAsker } from './windowAsker';

/**
 * What every `register<Feature>(context, deps)` receives: the collaborators all features share.
 * `deps` then names what a feature needs from the features registered before it.
 */
export interface FeatureContext {
  readonly extension: vscode.ExtensionContext;
  /** Owns everything a feature creates; disposed with the extension. */
  readonly store: DisposableStore;
  /** Registers commands behind the shared error boundary. */
  readonly commands: CommandRunner;
  readonly logger: OutputLogger;
  /** Learns secrets (tokens, Prometheus credentials) so logs never show them. */
  readonly redactor: SecretRedactor;
  readonly settings: ExtensionSettings;
  /** The one way to ask the person something. */
  readonly ask: Asker;
}

export function createFeatureContext(extension: vscode.ExtensionContext): FeatureContext {
  const store = new DisposableStore();
  extension.subscriptions.push(store);
  const redactor = new SecretRedactor();
  const logger = store.add(new OutputLogger(redactor));
  const settings = store.add(new ExtensionSettings(logger));
  return { extension, store, commands: new CommandRunner(logger, redactor), logger, redactor, settings, ask: windowAsker };
}
