import { waitUntil } from './deadline';

/**
 * Polls `probe` until it returns something other than undefined, then returns that. For what
 * happens asynchronously (diagnostics, tree refreshes, notifications): a deadline, never a fixed
 * sleep. A shorthand over the one deadline helper, `waitUntil`.
 */
export function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  return waitUntil(probe, { what, deadlineMs: timeoutMs });
}
