/**
 * Re-checks `probe` until it returns a value (not undefined) or `deadlineMs` passes; then fails
 * with `describe()` saying what was last seen. Polling with a deadline, not a fixed sleep.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, options: { deadlineMs: number; intervalMs?: number; what: string; describe?: () => string }): Promise<T> {
  const until = Date.now() + options.deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${options.deadlineMs} ms waiting for ${options.what}${options.describe ? `: ${options.describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
