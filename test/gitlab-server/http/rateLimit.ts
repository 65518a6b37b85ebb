// GitLab's RateLimit-* headers for authenticated API traffic: a per-client quota per 60 s window.
import type { Clock } from '../clock';

const WINDOW_MS = 60_000;

export interface RateLimitState {
  readonly headers: Record<string, string>;
  readonly exceeded: boolean;
  readonly retryAfterSec: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock, private readonly limit: number) {}

  /** Counts one request for `client` and says where it stands. */
  observe(client: string): RateLimitState {
    const now = this.clock.now();
    let window = this.windows.get(client);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(client, window);
    }
    window.count += 1;
    return this.describe(window, now);
  }

  /** Headers of a forced throttle (a fault), reset in `retryAfterSec`. */
  throttled(retryAfterSec: number): RateLimitState {
    const now = this.clock.now();
    return this.describe({ start: now + retryAfterSec * 1000 - WINDOW_MS, count: this.limit + 1 }, now);
  }

  private describe(window: { start: number; count: number }, now: number): RateLimitState {
    const resetMs = window.start + WINDOW_MS;
    const retryAfterSec = Math.max(1, Math.ceil((resetMs - now) / 1000));
    const exceeded = window.count > this.limit;
    const headers: Record<string, string> = {
      'RateLimit-Name': 'throttle_authenticated_api',
      'RateLimit-Limit': String(this.limit),
      'RateLimit-Observed': String(window.count),
      'RateLimit-Remaining': String(Math.max(0, this.limit - window.count)),
      'RateLimit-Reset': String(Math.floor(resetMs / 1000)),
    };
    if (exceeded) {
      headers['Retry-After'] = String(retryAfterSec);
      headers['RateLimit-ResetTime'] = new Date(resetMs).toUTCString();
    }
    return { headers, exceeded, retryAfterSec };
  }
}
