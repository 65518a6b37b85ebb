import * as vscode from 'vscode';
import type { FeatureContext } from './featureContext';
import { registerWhenTrusted } from './trustGate';

/**
 * Runs `register` now when the workspace is trusted, else once the person grants trust. The
 * features that talk to GitLab or Prometheus on a repository's word (its settings name the
 * project, remote and Prometheus; its config names gates) register only then; the language
 * service does not wait (package.json declares `untrustedWorkspaces: limited`). The rule itself
 * is `trustGate.ts`, unit-tested with a fake workspace.
 */
export function whenTrusted(context: FeatureContext, register: () => void): void {
  const waiting = registerWhenTrusted(vscode.workspace, context.logger, register);
  if (waiting) context.store.add(waiting);
}
