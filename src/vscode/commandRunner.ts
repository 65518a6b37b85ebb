import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { SecretRedactor } from '../core/redact';
import type { CommandId } from './ids';

/**
 * One error boundary around every command: a failure is logged and shown once, in words
 * that never carry a token, and the extension keeps working.
 */
export class CommandRunner {
  constructor(
    private readonly logger: Logger,
    private readonly redactor: SecretRedactor,
  ) {}

  register(id: CommandId, handler: (...args: unknown[]) => unknown): vscode.Disposable {
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        const message = this.redactor.redact(error instanceof Error ? error.message : String(error));
        this.logger.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Release Pilot: ${message}`);
        return undefined;
      }
    });
  }
}
