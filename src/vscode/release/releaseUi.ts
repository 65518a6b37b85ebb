import * as vscode from 'vscode';
import type { Confirmation } from '../../core/release/actions/confirmation';

export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

/**
 * Every question the release commands ask, behind one interface: the editor implementation
 * below, and a scripted one in integration tests that answers like a person would.
 */
export interface ReleaseUi {
  /** True only when the person chose the confirming button. */
  confirm(confirmation: Confirmation): Promise<boolean>;
  pick<T>(items: readonly PickItem<T>[], options: { readonly title: string; readonly placeholder?: string }): Promise<T | undefined>;
  /** Undefined when dismissed (Escape); an empty string is an answer. */
  input(options: { readonly title: string; readonly prompt: string; readonly value?: string; readonly placeholder?: string; readonly validate?: (value: string) => string | undefined }): Promise<string | undefined>;
  /** A message with buttons; resolves to the chosen button, if any (does not wait for modal-less reading). */
  notify(severity: 'info' | 'warning' | 'error', message: string, buttons?: readonly string[]): Promise<string | undefined>;
  /**
   * A notice about a state that can stop being true (a gate waiting for a person), shown until
   * `ended` settles. VS Code cannot close a plain message, so this is a progress notification
   * (closed when `ended` settles) with the action as a status bar entry (removed with it).
   */
  standing(message: string, action: NoticeAction | undefined, ended: Promise<void>): void;
}

/** A command a standing notice offers, with the arguments it runs with. */
export interface NoticeAction {
  readonly label: string;
  readonly command: string;
  readonly arguments: readonly unknown[];
}

export const vscodeReleaseUi: ReleaseUi = {
  async confirm(confirmation) {
    if (confirmation.level === 'none') return true;
    const choice = await vscode.window.showWarningMessage(
      confirmation.message,
      { modal: true, detail: confirmation.detail },
      confirmation.confirm,
    );
    return choice === confirmation.confirm;
  },
  async pick(items, options) {
    const chosen = await vscode.window.showQuickPick(
      items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, item })),
      { title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true, matchOnDescription: true },
    );
    return chosen?.item.value;
  },
  input(options) {
    return Promise.resolve(vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeholder,
      ignoreFocusOut: true,
      ...(options.validate ? { validateInput: options.validate } : {}),
    }));
  },
  notify(severity, message, buttons = []) {
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return Promise.resolve(show(message, ...buttons));
  },
  standing(message, action, ended) {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: message }, () => ended);
    if (!action) return;
    const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 40);
    item.text = `$(bell-dot) ${action.label}`;
    item.tooltip = message;
    item.command = { title: action.label, command: action.command, arguments: [...action.arguments] };
    item.show();
    void ended.finally(() => item.dispose());
  },
};
