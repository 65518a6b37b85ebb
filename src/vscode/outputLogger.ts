import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { SecretRedactor } from '../core/redact';

/**
 * The Logger the core receives, writing to the "Release Pilot" output channel.
 * Every line passes through the redactor so a token that slipped into an error
 * message never reaches the log.
 */
export class OutputLogger implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(private readonly redactor: SecretRedactor, name = 'Release Pilot') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  debug(message: string): void {
    this.channel.debug(this.redactor.redact(message));
  }

  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }

  error(message: string): void {
    this.channel.error(this.redactor.redact(message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
