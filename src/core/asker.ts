/**
 * The one way the product asks a person something: pick one of a few items, confirm a step,
 * type a value, or read a message with buttons. Use cases in core depend on this port only;
 * the editor implements it once with its pickers, input boxes and dialogs (src/vscode/windowAsker.ts).
 */

export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

export interface PickOptions {
  readonly title: string;
  readonly placeholder?: string;
}

export interface InputQuestion {
  readonly title: string;
  readonly prompt?: string;
  /** Prefilled answer. */
  readonly value?: string;
  readonly placeholder?: string;
  /** Typed characters are hidden (tokens, passwords). */
  readonly password?: boolean;
  /** A problem with the answer, or undefined when it is fine. */
  readonly validate?: (value: string) => string | undefined;
}

export interface ConfirmQuestion {
  readonly message: string;
  readonly detail?: string;
  /** Label of the button that says yes. */
  readonly confirm: string;
}

export type Severity = 'info' | 'warning' | 'error';

export interface Asker {
  /** The chosen item's value; undefined when dismissed. */
  pick<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined>;
  /** True only when the person chose the confirming button (a modal question). */
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** Undefined when dismissed (Escape); an empty string is an answer. */
  input(question: InputQuestion): Promise<string | undefined>;
  /** A message with buttons; resolves to the chosen button, if any. */
  inform(severity: Severity, message: string, buttons?: readonly string[]): Promise<string | undefined>;
}
