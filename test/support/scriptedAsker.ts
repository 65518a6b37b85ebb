/**
 * The questions commands ask, behind one small interface: the editor's input boxes and pickers
 * in use, a script in tests (see {@link ScriptedPrompts}). Each question has a stable `key` so a
 * script can answer it by name.
 */

export interface TextQuestion {
  readonly key: string;
  readonly title: string;
  readonly prompt?: string;
  /** Prefilled answer. */
  readonly value?: string;
  readonly password?: boolean;
  /** A problem with the answer, or undefined when it is fine. */
  readonly validate?: (value: string) => string | undefined;
}

export interface PickItem<T extends string> {
  readonly id: T;
  readonly label: string;
  readonly description?: string;
}

export interface PickQuestion<T extends string> {
  readonly key: string;
  readonly title: string;
  readonly items: readonly PickItem<T>[];
}

export interface ConfirmQuestion {
  readonly key: string;
  readonly message: string;
  readonly detail?: string;
  /** Label of the button that says yes. */
  readonly confirm: string;
}

export interface Prompts {
  /** The answer, or undefined when the person cancelled. */
  text(question: TextQuestion): Promise<string | undefined>;
  pick<T extends string>(question: PickQuestion<T>): Promise<T | undefined>;
  /** True only when the person chose the confirming button. */
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** Tells something; `actions` are buttons, the chosen one is returned. */
  inform(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
}

/** An answer in a script: a value, or `cancel` to act like Escape. */
export type ScriptedAnswer = string | boolean | { readonly cancel: true };

/**
 * Answers questions from a table keyed by question key. Unscripted text questions take their
 * prefilled value, unscripted picks the first item, unscripted confirmations say no. Answers
 * that fail a question's validation throw, so a test cannot pass with input the editor would
 * have refused. Everything asked and told is recorded.
 */
export class ScriptedPrompts implements Prompts {
  readonly asked: string[] = [];
  readonly messages: string[] = [];

  constructor(private readonly answers: Readonly<Record<string, ScriptedAnswer>> = {}, private readonly actionAnswers: readonly string[] = []) {}

  text(question: TextQuestion): Promise<string | undefined> {
    this.asked.push(question.key);
    const answer = this.answers[question.key];
    if (isCancel(answer)) return Promise.resolve(undefined);
    const value = typeof answer === 'string' ? answer : (question.value ?? '');
    const problem = question.validate?.(value);
    if (problem) return Promise.reject(new Error(`scripted answer ${JSON.stringify(value)} to ${question.key} was refused: ${problem}`));
    return Promise.resolve(value);
  }

  pick<T extends string>(question: PickQuestion<T>): Promise<T | undefined> {
    this.asked.push(question.key);
    const answer = this.answers[question.key];
    if (isCancel(answer)) return Promise.resolve(undefined);
    if (typeof answer !== 'string') return Promise.resolve(question.items[0]?.id);
    const item = question.items.find((i) => i.id === answer);
    if (!item) return Promise.reject(new Error(`scripted answer ${answer} to ${question.key} is not one of ${question.items.map((i) => i.id).join(', ')}`));
    return Promise.resolve(item.id);
  }

  confirm(question: ConfirmQuestion): Promise<boolean> {
    this.asked.push(question.key);
    return Promise.resolve(this.answers[question.key] === true);
  }

  inform(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.tell(message, actions);
  }

  warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.tell(message, actions);
  }

  private tell(message: string, actions: readonly string[]): Promise<string | undefined> {
    this.messages.push(message);
    return Promise.resolve(actions.find((a) => this.actionAnswers.includes(a)));
  }
}

function isCancel(answer: ScriptedAnswer | undefined): answer is { readonly cancel: true } {
  return typeof answer === 'object' && answer !== null && answer.cancel;
}
