/**
 * Node fires a `setTimeout` longer than 2^31-1 ms after 1 ms instead (with a warning), so a
 * huge delay (a hostile `Retry-After`, a bad setting) turns into a request storm. Every delay
 * handed to a real timer goes through here.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` clamped to what a timer can wait: [0, 2^31-1]; NaN counts as 0, +Infinity as the maximum. */
export function safeTimerDelay(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(MAX_TIMER_MS, Math.max(0, ms));
}
