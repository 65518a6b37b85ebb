import type { Logger } from '../core/logger';

/** What `whenTrusted` needs of `vscode.workspace`: a port, so the rule runs in unit tests without an editor. */
export interface WorkspaceTrust {
  readonly isTrusted: boolean;
  onDidGrantWorkspaceTrust(listener: () => void): { dispose(): void };
}

/**
 * Runs `register` now when the workspace is trusted, else once the person grants trust (once).
 * The returned subscription is the caller's to own (it waits for the grant while untrusted).
 */
export function registerWhenTrusted(trust: WorkspaceTrust, logger: Logger, register: () => void): { dispose(): void } | undefined {
  // Trusted: registered during activation, and a failure fails activation as it always did.
  if (trust.isTrusted) {
    register();
    return undefined;
  }
  logger.info('Restricted Mode: .gitlab-ci.yml checking works; release lanes, actions and canary health start once this workspace is trusted.');
  let done = false;
  const granted = trust.onDidGrantWorkspaceTrust(() => {
    if (done) return;
    done = true;
    granted.dispose();
    try {
      register();
    } catch (error: unknown) {
      logger.error(`Release Pilot could not start its release features: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return granted;
}
