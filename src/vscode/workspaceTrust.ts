import * as vscode from 'vscode';
import type { FeatureContext } from './featureContext';

/**
 * Runs `register` now when the workspace is trusted (resolving when it is done), else once the
 * person grants trust (resolving at once). The
 * features that talk to GitLab or Prometheus on a repository's word (its settings name the
 * project, remote and Prometheus; its config names gates) register only then; the language
 * service does not wait (package.json declares `untrustedWorkspaces: limited`).
 */
export async function whenTrusted(context: FeatureContext, register: () => Promise<void>): Promise<void> {
  // Trusted: registered during activation, and a failure fails activation as it always did.
  if (vscode.workspace.isTrusted) return register();
  context.logger.info('Restricted Mode: .gitlab-ci.yml checking works; release lanes, actions and canary health start once this workspace is trusted.');
  const granted = context.store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => {
    granted.dispose();
    register().catch((error: unknown) => context.logger.error(`Release Pilot could not start its release features: ${error instanceof Error ? error.message : String(error)}`));
  }));
}
