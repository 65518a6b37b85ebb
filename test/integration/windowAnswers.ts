/**
 * Answers the editor's own questions the way a person would, for tests driving the real
 * commands. The extension asks through `vscode.window` (src/vscode/windowAsker.ts), and the tests
 * share its `vscode` API object in the extension host, so this replaces the window's input box,
 * quick pick and message functions for one test and restores them after: the product carries no
 * test double and no test-only switch, and what is exercised is its real asking code. Progress
 * notifications and status bar entries (a gate's standing notice and its action) still show; they
 * are only recorded, with whether they have ended.
 */
import * as vscode from 'vscode';

/**
 * An answer, found by a fragment of the question's title (messages: of the message): text to
 * type, a pick's label (or part of it), true to press a modal's confirming button, `cancel` for
 * Escape, or a list answered in order, one per time the question is asked.
 */
export type WindowAnswer = string | boolean | { readonly cancel: true } | readonly (string | { readonly cancel: true })[];

type Severity = 'info' | 'warning' | 'error';
const PATCHED = ['showInputBox', 'showQuickPick', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'withProgress', 'createStatusBarItem'] as const;
type Patched = (typeof PATCHED)[number];

export interface ShownMessage {
  readonly severity: Severity;
  readonly message: string;
  readonly modal: boolean;
  readonly detail?: string;
  readonly buttons: readonly string[];
}

type ProgressTask = Parameters<typeof vscode.window.withProgress<unknown>>[1];

/** A progress shown through `window.withProgress`; `ended` once its task settled (the notice closed). */
export interface ShownProgress {
  readonly title: string;
  readonly location: vscode.ProgressOptions['location'];
  ended: boolean;
}

/** A status bar entry the extension created; `disposed` once it was removed. */
export interface ShownStatusItem {
  readonly item: vscode.StatusBarItem;
  disposed: boolean;
}

/**
 * Unscripted input boxes take their prefilled value, unscripted picks the first item, unscripted
 * modals are dismissed, and a notification's button is pressed only when listed in `buttons`.
 * An answer an input box would refuse (its validation) fails the test.
 */
export class WindowAnswers implements vscode.Disposable {
  /** Titles of the input boxes and quick picks shown, in order. */
  readonly asked: string[] = [];
  readonly messages: ShownMessage[] = [];
  readonly progress: ShownProgress[] = [];
  readonly statusItems: ShownStatusItem[] = [];
  private readonly originals = new Map<Patched, unknown>();
  private readonly used = new Map<string, number>();

  constructor(private readonly answers: Readonly<Record<string, WindowAnswer>> = {}, private readonly buttons: readonly string[] = []) {
    const window = vscode.window as unknown as Record<Patched, unknown>;
    const replacements: Record<Patched, unknown> = {
      showInputBox: (options?: vscode.InputBoxOptions) => this.input(options ?? {}),
      showQuickPick: (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => this.pick(items, options),
      showInformationMessage: (message: string, ...rest: unknown[]) => this.message('info', message, rest),
      showWarningMessage: (message: string, ...rest: unknown[]) => this.message('warning', message, rest),
      showErrorMessage: (message: string, ...rest: unknown[]) => this.message('error', message, rest),
      withProgress: (options: vscode.ProgressOptions, task: ProgressTask) => this.withProgress(options, task),
      createStatusBarItem: (...args: unknown[]) => this.createStatusBarItem(args),
    };
    for (const name of PATCHED) {
      this.originals.set(name, window[name]);
      window[name] = replacements[name];
    }
  }

  dispose(): void {
    const window = vscode.window as unknown as Record<Patched, unknown>;
    for (const [name, original] of this.originals) window[name] = original;
    this.originals.clear();
  }

  private answerFor(text: string): string | boolean | { readonly cancel: true } | undefined {
    const key = Object.keys(this.answers).find((k) => text.includes(k));
    if (key === undefined) return undefined;
    const answer = this.answers[key];
    if (!Array.isArray(answer)) return answer as string | boolean | { readonly cancel: true };
    const index = this.used.get(key) ?? 0;
    this.used.set(key, index + 1);
    const list = answer as readonly (string | { readonly cancel: true })[];
    if (index >= list.length) throw new Error(`no answer left for "${text}" (answered ${list.length} times)`);
    return list[index];
  }

  private async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const title = options.title ?? options.prompt ?? '';
    this.asked.push(title);
    const answer = this.answerFor(title);
    if (typeof answer === 'object') return undefined;
    const value = typeof answer === 'string' ? answer : (options.value ?? '');
    const problem = await options.validateInput?.(value);
    if (problem) throw new Error(`"${value}" typed into "${title}" was refused: ${typeof problem === 'string' ? problem : problem.message}`);
    return value;
  }

  private async pick(itemsOrPromise: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions): Promise<vscode.QuickPickItem | undefined> {
    const items = await itemsOrPromise;
    const title = options?.title ?? options?.placeHolder ?? '';
    this.asked.push(title);
    const answer = this.answerFor(title);
    if (typeof answer === 'object') return undefined;
    if (typeof answer !== 'string') return items[0];
    const item = items.find((i) => i.label === answer) ?? items.find((i) => i.label.includes(answer));
    if (!item) throw new Error(`"${answer}" is not among the choices of "${title}": ${items.map((i) => i.label).join(', ')}`);
    return item;
  }

  private original<F>(name: Patched): F {
    return this.originals.get(name) as F;
  }

  private withProgress(options: vscode.ProgressOptions, task: ProgressTask): Thenable<unknown> {
    const shown: ShownProgress = { title: options.title ?? '', location: options.location, ended: false };
    this.progress.push(shown);
    const show = this.original<typeof vscode.window.withProgress>('withProgress');
    const run: ProgressTask = (progress, token) => Promise.resolve(task(progress, token)).finally(() => {
      shown.ended = true;
    });
    return show.call(vscode.window, options, run);
  }

  private createStatusBarItem(args: readonly unknown[]): vscode.StatusBarItem {
    const create = this.original<(...a: unknown[]) => vscode.StatusBarItem>('createStatusBarItem');
    const item = create.apply(vscode.window, [...args]);
    const shown: ShownStatusItem = { item, disposed: false };
    this.statusItems.push(shown);
    const dispose = item.dispose.bind(item);
    item.dispose = () => {
      shown.disposed = true;
      dispose();
    };
    return item;
  }

  private message(severity: Severity, message: string, rest: readonly unknown[]): Promise<string | undefined> {
    const first = rest[0];
    const options = typeof first === 'object' && first !== null && !('title' in first) ? (first as vscode.MessageOptions) : undefined;
    const buttons = (options ? rest.slice(1) : rest).map((b) => (typeof b === 'string' ? b : (b as vscode.MessageItem).title));
    const modal = options?.modal === true;
    this.messages.push({ severity, message, modal, ...(options?.detail ? { detail: options.detail } : {}), buttons });
    if (modal) return Promise.resolve(this.answerFor(message) === true ? buttons[0] : undefined);
    return Promise.resolve(buttons.find((b) => this.buttons.includes(b)));
  }
}
