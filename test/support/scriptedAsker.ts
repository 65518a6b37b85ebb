import type { Asker, ConfirmQuestion, InputQuestion, PickItem, PickOptions, Severity } from '../../src/core/asker';

/** An answer in a script: a value (a pick's value or label), true to confirm, or `cancel` to act like Escape. */
export type ScriptedAnswer = string | boolean | { readonly cancel: true };

/**
 * {@link Asker} answering from a table keyed by a fragment of the question's title (or a
 * confirmation's message), as a person reads it. Unscripted inputs take their prefilled value,
 * unscripted picks the first item, unscripted confirmations say no. Answers that fail an input's
 * validation throw, so a test cannot pass with input the editor would have refused. Everything
 * asked and told is recorded.
 */
export class ScriptedAsker implements Asker {
  /** Titles (confirmations: messages) of the questions asked, in order. */
  readonly asked: string[] = [];
  readonly messages: { readonly severity: Severity; readonly message: string; readonly buttons: readonly string[] }[] = [];

  constructor(private readonly answers: Readonly<Record<string, ScriptedAnswer>> = {}, private readonly buttonAnswers: readonly string[] = []) {}

  input(question: InputQuestion): Promise<string | undefined> {
    const answer = this.answerFor(question.title);
    if (isCancel(answer)) return Promise.resolve(undefined);
    const value = typeof answer === 'string' ? answer : (question.value ?? '');
    const problem = question.validate?.(value);
    if (problem) return Promise.reject(new Error(`scripted answer ${JSON.stringify(value)} to "${question.title}" was refused: ${problem}`));
    return Promise.resolve(value);
  }

  pick<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    const answer = this.answerFor(options.title);
    if (isCancel(answer)) return Promise.resolve(undefined);
    if (typeof answer !== 'string') return Promise.resolve(items[0]?.value);
    const item = items.find((i) => i.value === answer || i.label === answer);
    if (!item) return Promise.reject(new Error(`scripted answer ${answer} to "${options.title}" is not one of ${items.map((i) => i.label).join(', ')}`));
    return Promise.resolve(item.value);
  }

  confirm(question: ConfirmQuestion): Promise<boolean> {
    return Promise.resolve(this.answerFor(question.message) === true);
  }

  inform(severity: Severity, message: string, buttons: readonly string[] = []): Promise<string | undefined> {
    this.messages.push({ severity, message, buttons });
    return Promise.resolve(buttons.find((b) => this.buttonAnswers.includes(b)));
  }

  private answerFor(title: string): ScriptedAnswer | undefined {
    this.asked.push(title);
    const key = Object.keys(this.answers).find((k) => title.includes(k));
    return key === undefined ? undefined : this.answers[key];
  }
}

function isCancel(answer: ScriptedAnswer | undefined): answer is { readonly cancel: true } {
  return typeof answer === 'object' && answer !== null && answer.cancel;
}
