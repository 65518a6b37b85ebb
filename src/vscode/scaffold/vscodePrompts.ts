import * as vscode from 'vscode';
import type { ConfirmQuestion, PickQuestion, Prompts, TextQuestion } from './prompts';

/** {@link Prompts} through the editor's input boxes, quick picks and modal dialogs. */
export const vscodePrompts: Prompts = {
  text: (q: TextQuestion) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: q.title,
        ...(q.prompt ? { prompt: q.prompt } : {}),
        ...(q.value !== undefined ? { value: q.value } : {}),
        password: q.password === true,
        ignoreFocusOut: true,
        ...(q.validate ? { validateInput: q.validate } : {}),
      }),
    ),
  pick: async <T extends string>(q: PickQuestion<T>) => {
    const items = q.items.map((i) => ({ label: i.label, ...(i.description ? { description: i.description } : {}), id: i.id }));
    const chosen = await vscode.window.showQuickPick(items, { title: q.title, ignoreFocusOut: true });
    return chosen?.id;
  },
  confirm: async (q: ConfirmQuestion) => {
    const choice = await vscode.window.showWarningMessage(q.message, { modal: true, ...(q.detail ? { detail: q.detail } : {}) }, q.confirm);
    return choice === q.confirm;
  },
  inform: (message: string, ...actions: string[]) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
  warn: (message: string, ...actions: string[]) => Promise.resolve(vscode.window.showWarningMessage(message, ...actions)),
};
