import type { ReleaseTarget } from '../actions/releaseTarget';

/** What a standing notice offers to do about the gate it shows, and on which job. */
export interface NoticeAction {
  readonly label: string;
  readonly button: 'play' | 'approve';
  readonly target: ReleaseTarget;
}

/**
 * Where notices about states that can stop being true (a gate waiting for a person) are posted,
 * each shown until `ended` settles. A port because the editor cannot close a plain message:
 * its implementation (src/vscode/release/windowNoticeBoard.ts) shows a progress notification
 * closed when `ended` settles, with the action as a status bar entry removed with it.
 */
export interface NoticeBoard {
  post(message: string, action: NoticeAction | undefined, ended: Promise<void>): void;
}
