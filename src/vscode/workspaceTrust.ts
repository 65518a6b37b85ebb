import * as vscode from 'vscode';
import type { FeatureContext } from './featureContext';

/**
 * Runs `register` now when the workspace is trusted, else once the person grants trust. The
 * features that talk to GitLab or Prometheus on a repository's word (its settings name the
 * project, remote and Prometheus; its config names gates) register only then; the language
 * service does not wait (package.json declares `untrustedWorkspaces: limited`).
 */
export function whenTrusted(context: FeatureContext, register: () => void): void {
  // Trusted: registered during activation, and a failure fails activation as it always did.
  if (vscode.workspace.isTrusted) {
    register();
    return;
  }
  context.logger.info('Restricted Mode: .gitlab-ci.yml checking works; release lanes, actions and canary health start once this workspace is trusted.');
  const granted = context.store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => {
    granted.dispose();
    try {
      register();
    } catch (error: unknown) {
      context.logger.error(`Release Pilot could not start its release features: ${error instanceof Error ? error.message : String(error)}`);
    }
  }));
}
