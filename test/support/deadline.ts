/**
 * The one way tests wait for something asynchronous: ask again until the answer comes or the
 * deadline passes, then fail saying what was awaited and what was last seen. Never a fixed sleep.
 * Used by unit and integration tests (TypeScript) and, compiled, by the harness and the
 * end-to-end checks (out/test/support/deadline.js).
 */
export interface WaitOptions {
  /** What is awaited, for the failure message: "the sandbox to answer", "a clean result". */
  readonly what: string;
  /** How long to keep asking (default 10 s). */
  readonly deadlineMs?: number;
  /** Pause between two questions (default 50 ms). */
  readonly intervalMs?: number;
  /** What was last seen, added to the failure message. */
  readonly describe?: () => string;
}

export const DEFAULT_DEADLINE_MS = 10_000;
const DEFAULT_INTERVAL_MS = 50;

/**
 * Calls `probe` until it returns something other than `undefined` and returns that; rejects
 * once `deadlineMs` has passed. A probe that throws ends the wait with its error.
 */
export async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) {
      const seen = options.describe ? `: ${options.describe()}` : '';
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${options.what}${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? DEFAULT_INTERVAL_MS));
  }
}

/** `true` when `condition` holds, `undefined` otherwise: turns a yes/no check into a probe. */
export function holds(condition: boolean): true | undefined {
  return condition ? true : undefined;
}
