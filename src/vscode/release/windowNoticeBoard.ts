import * as vscode from 'vscode';
import type { NoticeAction, NoticeBoard } from '../../core/release/notify/noticeBoard';
import { Commands } from '../ids';

const COMMAND_OF: Readonly<Record<NoticeAction['button'], string>> = {
  play: Commands.playJob,
  approve: Commands.approveDeployment,
};

/**
 * {@link NoticeBoard} in the editor: a plain message cannot be closed by the extension, so a
 * standing notice is a progress notification that ends with `ended`, and its action is a status
 * bar entry (a progress notification has no buttons) disposed at the same moment.
 */
export const windowNoticeBoard: NoticeBoard = {
  post(message, action, ended) {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: message }, () => ended);
    if (!action) return;
    const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 40);
    item.text = `$(bell-dot) ${action.label}`;
    item.tooltip = message;
    item.command = { title: action.label, command: COMMAND_OF[action.button], arguments: [action.target] };
    item.show();
    void ended.finally(() => item.dispose());
  },
};
