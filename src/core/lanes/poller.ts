/**
 * Keeps the lanes fresh at the lowest cost that still shows changes within seconds.
 * One `setTimeout` is re-armed after each refresh finishes, so two refreshes never
 * overlap and a slow GitLab slows the poller down instead of piling requests up.
 *
 * Pace: fast while something moves, a little slower at a gate, slow when all rests;
 * nothing while the window is unfocused (one refresh as soon as it regains focus, or, when
 * the last one is more recent than the pace, the rest of the wait);
 * at once on branch switch and after the user acts. A 429 waits exactly as long as
 * GitLab asked; server and network errors back off exponentially with jitter and flag
 * the poller `offline` until a refresh succeeds again.
 */
import type { GitLabErrorKind } from '../gitlab/errors';
import { safeTimerDelay } from '../timerDelay';
import type { Activity } from './statusTable';

export type TimerHandle = unknown;

/** The timer and clock the poller runs on; tests pass a fake one. */
export interface PollerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node's own timers, with delays clamped so an overflow cannot turn a long wait into 1 ms. */
export const systemClock: PollerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, safeTimerDelay(ms)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PollIntervals {
  /** Something is running or queued. */
  readonly activeMs: number;
  /**
   * A pipeline waits for a person (blocking manual job). Faster than at rest, since someone else
   * may approve or play, but slower than running: a gate can wait for hours, and what moves it is
   * usually the user's own action, which refreshes at once anyway.
   */
  readonly gateMs: number;
  /** Everything is finished. */
  readonly idleMs: number;
}

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** Up to this share of a delay is taken off at random, so many windows do not retry in step. */
  readonly jitter: number;
  /** Consecutive failures after which the poller reports `offline`. */
  readonly offlineAfter: number;
}

/**
 * A poll at rest or at a gate costs one request (the change feed, see laneWatcher.ts), so 30 s
 * keeps one editor at 2 requests a minute, 3 with a deployment waiting for approval.
 */
export const DEFAULT_INTERVALS: PollIntervals = { activeMs: 3_000, gateMs: 30_000, idleMs: 30_000 };
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 2_000, maxMs: 120_000, factor: 2, jitter: 0.5, offlineAfter: 1 };

/** `continue`: the rest of a read the previous refresh's budget split off (`PollOutcome.more`). */
export type RefreshReason = 'start' | 'timer' | 'focus' | 'branch-switch' | 'user-action' | 'manual' | 'continue';

/** What one refresh reports back. `error` is the most serious problem it met, if any. */
export interface PollOutcome {
  readonly activity: Activity;
  readonly error?: unknown;
  /** Reads are still owed (a read split over several updates): continue at once, not at the pace. */
  readonly more?: boolean;
}

export type PollerPhase = 'idle' | 'scheduled' | 'refreshing' | 'paused' | 'halted' | 'disposed';

export interface PollerStatus {
  readonly phase: PollerPhase;
  /** Consecutive server/network failures made GitLab look unreachable; cleared by the next success. */
  readonly offline: boolean;
  readonly failures: number;
  /** Delay of the armed timer, when one is armed. */
  readonly nextDelayMs?: number;
  /** Set when polling stopped for good until the user acts (401, refused origin). */
  readonly haltedBy?: GitLabErrorKind;
  readonly lastError?: unknown;
}

export interface PollerOptions {
  readonly refresh: (reason: RefreshReason) => Promise<PollOutcome>;
  readonly clock: PollerClock;
  /** Uniform in [0, 1); injectable for tests. */
  readonly random?: () => number;
  readonly intervals?: Partial<PollIntervals>;
  readonly backoff?: Partial<BackoffOptions>;
  readonly onStatus?: (status: PollerStatus) => void;
  /** Whether the window has focus at start (default true). */
  readonly focused?: boolean;
  /** Epoch ms before which timed polls wait (GitLab's quota running low, see rateBudget.ts); 0 for none. */
  readonly notBefore?: () => number;
}

type ErrorPolicy = 'retry-after' | 'back-off' | 'slow' | 'halt';

/** How each kind of failure changes the pace. Unknown failures back off like outages. */
const ERROR_POLICY: Readonly<Record<GitLabErrorKind, ErrorPolicy>> = {
  'rate-limited': 'retry-after',
  server: 'back-off',
  network: 'back-off',
  forbidden: 'slow',
  'not-found': 'slow',
  'bad-request': 'slow',
  unauthorized: 'halt',
  refused: 'halt',
};

export class Poller {
  private readonly intervals: PollIntervals;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private focused: boolean;
  private started = false;
  private timer: { readonly handle: TimerHandle } | undefined;
  private inFlight: Promise<void> | undefined;
  private pending: RefreshReason | undefined;
  private notBefore = 0;
  /** When the last refresh settled (clock time); the pace counts from there. */
  private settledAt: number | undefined;
  /** What the last settled refresh asked for: a delay before the next one, or a halt. */
  private delayAfter: { ms: number; continue?: true } | { halt: GitLabErrorKind } = { ms: 0 };
  private current: PollerStatus = { phase: 'idle', offline: false, failures: 0 };

  constructor(private readonly options: PollerOptions) {
    this.intervals = { ...DEFAULT_INTERVALS, ...options.intervals };
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.focused = options.focused ?? true;
  }

  get status(): PollerStatus {
    return this.current;
  }

  /** First refresh (now, or on focus if the window is not focused). */
  start(): void {
    if (this.started || this.current.phase === 'disposed') return;
    this.started = true;
    if (this.focused) this.refreshNow('start');
    else this.update({ phase: 'paused' });
  }

  /**
   * Window focus changed: pause, or resume. Coming back refreshes at once when the next poll
   * would be due by now; sooner than that (switching between windows side by side) it only
   * resumes the timer for what is left, so moving focus around never polls faster than the pace.
   */
  setFocused(focused: boolean): void {
    if (this.focused === focused || this.current.phase === 'disposed') return;
    this.focused = focused;
    if (!this.started) return;
    if (!focused) {
      this.disarm();
      if (this.current.phase !== 'refreshing' && this.current.phase !== 'halted') this.update({ phase: 'paused' });
      return;
    }
    // A refresh in flight arms the next one itself when it settles, now that the window has focus.
    if (this.current.phase === 'halted' || this.inFlight) return;
    const left = this.settledAt === undefined || !('ms' in this.delayAfter) ? 0 : this.settledAt + this.delayAfter.ms - this.options.clock.now();
    if (left > 0) {
      const held = (this.options.notBefore?.() ?? 0) - this.options.clock.now();
      return this.arm(Math.max(left, held), 'focus');
    }
    this.refreshNow('focus');
  }

  /**
   * Refresh as soon as allowed: at once, right after the refresh in flight, or when a
   * Retry-After window closes. Also restarts a poller halted by a 401 (after sign-in).
   */
  refreshNow(reason: RefreshReason): void {
    if (this.current.phase === 'disposed') return;
    this.started = true;
    if (this.inFlight) {
      this.pending = reason;
      return;
    }
    const wait = this.notBefore - this.options.clock.now();
    if (wait > 0) return this.arm(wait, reason);
    this.run(reason);
  }

  /** Resolves once no refresh is in flight (tests, and callers that want fresh data). */
  async whenIdle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  dispose(): void {
    this.disarm();
    this.pending = undefined;
    this.update({ phase: 'disposed' });
  }

  private run(reason: RefreshReason): void {
    this.disarm();
    this.update({ phase: 'refreshing' });
    this.inFlight = this.options
      .refresh(reason)
      .then((outcome) => this.settle(outcome), (error: unknown) => this.settle({ activity: 'rest', error }))
      .finally(() => {
        this.inFlight = undefined;
        this.afterRefresh();
      });
  }

  private settle(outcome: PollOutcome): void {
    if (this.current.phase === 'disposed') return;
    this.settledAt = this.options.clock.now();
    const kind = errorKind(outcome.error);
    const policy: ErrorPolicy | 'ok' = outcome.error === undefined ? 'ok' : kind ? ERROR_POLICY[kind] : 'back-off';
    const interval = this.intervalFor(outcome.activity);
    switch (policy) {
      case 'ok':
        this.update({ offline: false, failures: 0, lastError: undefined });
        this.delayAfter = outcome.more === true ? { ms: 0, continue: true } : { ms: interval };
        return;
      case 'retry-after': {
        const ms = Math.max(retryAfterMs(outcome.error), this.intervals.activeMs);
        this.notBefore = this.options.clock.now() + ms;
        this.update({ lastError: outcome.error });
        this.delayAfter = { ms };
        return;
      }
      case 'back-off': {
        const failures = this.current.failures + 1;
        this.update({ failures, offline: failures >= this.backoff.offlineAfter, lastError: outcome.error });
        this.delayAfter = { ms: this.backoffDelay(failures) };
        return;
      }
      case 'slow':
        this.update({ offline: false, failures: 0, lastError: outcome.error });
        this.delayAfter = { ms: this.intervals.idleMs };
        return;
      case 'halt':
        this.update({ offline: false, failures: 0, lastError: outcome.error });
        this.delayAfter = { halt: kind ?? 'unauthorized' };
        return;
    }
  }

  private afterRefresh(): void {
    if (this.current.phase === 'disposed') return;
    if ('halt' in this.delayAfter) {
      const haltedBy = this.delayAfter.halt;
      this.pending = undefined;
      this.update({ phase: 'halted', haltedBy });
      return;
    }
    if (this.pending) {
      const reason = this.pending;
      this.pending = undefined;
      return this.refreshNow(reason);
    }
    if (!this.focused) return this.update({ phase: 'paused' });
    const held = (this.options.notBefore?.() ?? 0) - this.options.clock.now();
    // The rest of a split read follows at once (its requests let the editor run in between), so
    // `whenIdle` and a person's refresh wait for the whole read; GitLab's quota still holds it.
    if (this.delayAfter.continue && held <= 0) return this.run('continue');
    this.arm(Math.max(this.delayAfter.ms, held), this.delayAfter.continue ? 'continue' : 'timer');
  }

  private arm(ms: number, reason: RefreshReason): void {
    this.disarm();
    const handle = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.run(reason);
    }, ms);
    this.timer = { handle };
    this.update({ phase: 'scheduled', nextDelayMs: ms });
  }

  private disarm(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
  }

  private intervalFor(activity: Activity): number {
    return activity === 'active' ? this.intervals.activeMs : activity === 'gate' ? this.intervals.gateMs : this.intervals.idleMs;
  }

  private backoffDelay(failures: number): number {
    const raw = Math.min(this.backoff.maxMs, this.backoff.initialMs * this.backoff.factor ** (failures - 1));
    return Math.round(raw * (1 - this.backoff.jitter * this.random()));
  }

  private update(change: Partial<PollerStatus>): void {
    const next: { -readonly [K in keyof PollerStatus]: PollerStatus[K] } = { ...this.current, ...change };
    if (next.phase !== 'scheduled') delete next.nextDelayMs;
    if (next.phase !== 'halted') delete next.haltedBy;
    if (next.lastError === undefined) delete next.lastError;
    this.current = next;
    this.options.onStatus?.(next);
  }
}

function errorKind(error: unknown): GitLabErrorKind | undefined {
  const kind = (error as { kind?: unknown } | undefined)?.kind;
  return typeof kind === 'string' && kind in ERROR_POLICY ? (kind as GitLabErrorKind) : undefined;
}

function retryAfterMs(error: unknown): number {
  const seconds = (error as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : 60_000;
}
