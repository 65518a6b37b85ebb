import * as vscode from 'vscode';
import type { Asker } from '../core/asker';

/** {@link Asker} through the editor's quick picks, input boxes, modal dialogs and notifications. */
export const windowAsker: Asker = {
  async pick(items, options) {
    const chosen = await vscode.window.showQuickPick(
      items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, item })),
      { title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true, matchOnDescription: true },
    );
    return chosen?.item.value;
  },
  async confirm(question) {
    const choice = await vscode.window.showWarningMessage(question.message, { modal: true, ...(question.detail ? { detail: question.detail } : {}) }, question.confirm);
    return choice === question.confirm;
  },
  input(question) {
    return Promise.resolve(vscode.window.showInputBox({
      title: question.title,
      prompt: question.prompt,
      value: question.value,
      placeHolder: question.placeholder,
      password: question.password === true,
      ignoreFocusOut: true,
      ...(question.validate ? { validateInput: question.validate } : {}),
    }));
  },
  inform(severity, message, buttons = []) {
    const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return Promise.resolve(show(message, ...buttons));
  },
};
