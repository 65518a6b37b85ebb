/**
 * What a person who asks for a refresh reads while GitLab's rate limit holds the lanes: when
 * the next request is allowed, so "nothing happened" has a reason and an end.
 */
import type { GitLabError } from './errors';

/** Undefined unless the poller waits on a 429; `waitMs` is the armed delay, `now` the wall clock. */
export function rateLimitNotice(lastError: unknown, waitMs: number | undefined, now: Date): string | undefined {
  const error = lastError as Partial<GitLabError> | undefined;
  if (error?.kind !== 'rate-limited' || waitMs === undefined || waitMs <= 0) return undefined;
  const at = new Date(now.getTime() + waitMs);
  const clock = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  const seconds = Math.ceil(waitMs / 1000);
  const within = seconds >= 60 ? `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}` : `${seconds} s`;
  return `GitLab asked Release Pilot to slow down (rate limit): the lanes refresh at ${clock}, in ${within}. Asking sooner would only be refused.`;
}
