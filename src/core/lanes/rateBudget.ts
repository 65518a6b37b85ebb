/**
 * GitLab's `RateLimit-*` headers, turned into a pace for every poller of an instance: once
 * fewer than a tenth of the quota is left, timed polls wait until the quota refills
 * (`RateLimit-Reset`). The quota is GitLab's, per user, so every window of VS Code signed in
 * as that user sees the same headers and backs off together. User actions and refreshes the
 * user asks for are not held back; a 429 is handled by the poller's `Retry-After` path.
 */
import type { RequestEvent } from '../gitlab/transport';

/** Below this share of the quota left, polling waits for the reset. */
export const LOW_QUOTA_SHARE = 0.1;
/** Without a `RateLimit-Reset`, GitLab's window is a minute. */
const WINDOW_MS = 60_000;

export class RateBudgets {
  private readonly holds = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Feeds one answer's headers; `instanceUrl` keys the instance. */
  observe(instanceUrl: string, event: Pick<RequestEvent, 'rateLimit'>): void {
    const rate = event.rateLimit;
    if (!rate) return;
    if (rate.remaining >= rate.limit * LOW_QUOTA_SHARE) {
      this.holds.delete(instanceUrl);
      return;
    }
    const until = rate.resetEpochSec !== undefined ? rate.resetEpochSec * 1000 : this.now() + WINDOW_MS;
    this.holds.set(instanceUrl, Math.max(until, this.now()));
  }

  /** Epoch ms before which timed polls of these instances should not run (0: no hold). */
  notBefore(instanceUrls: Iterable<string>): number {
    let until = 0;
    for (const url of instanceUrls) until = Math.max(until, this.holds.get(url) ?? 0);
    return until > this.now() ? until : 0;
  }
}
