/**
 * The one fake clock of the tests and benchmarks: a time that moves only when told to, with
 * timers on it. It is the poller's and log follower's clock (`now`, `setTimeout`,
 * `clearTimeout`) and the local GitLab server's (`now`), so a test can put the product and the
 * server on one timeline: moving it fires the product's timers in order and lets the server's
 * pipelines progress.
 */

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** A fixed, realistic moment: GitLab timestamps in tests read like real ones and never vary. */
export const FAKE_CLOCK_START = Date.UTC(2026, 0, 15, 9, 0, 0);

export class FakeClock {
  private time: number;
  private nextId = 1;
  private timers: Pending[] = [];

  /** `start`: epoch ms; pass 0 to read `now()` as the virtual time elapsed. */
  constructor(start: number = FAKE_CLOCK_START) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Delays of the timers armed now, relative to the current time. */
  get armed(): number[] {
    return this.timers.map((t) => t.at - this.time);
  }

  /** Time of the earliest armed timer. */
  get nextAt(): number | undefined {
    return this.timers.reduce<number | undefined>((min, t) => (min === undefined || t.at < min ? t.at : min), undefined);
  }

  /** Moves time forward by `ms`, firing the timers that come due, in order, each at its own time. */
  advance(ms: number): void {
    this.set(this.time + ms);
  }

  /** Moves time forward to `ms` (never back), firing the timers that come due on the way. */
  set(ms: number): void {
    if (ms < this.time) throw new Error(`FakeClock cannot go back in time (${ms} < ${this.time})`);
    for (;;) {
      const due = this.earliestDueBy(ms);
      if (!due) break;
      this.fire(due);
    }
    this.time = ms;
  }

  /**
   * Moves to the earliest timer and fires it, after `before(ms)` has moved whatever else shares
   * this timeline but keeps its own clock; false when no timer is armed.
   */
  async runNext(before?: (ms: number) => void | Promise<void>): Promise<boolean> {
    const due = this.earliestDueBy(Infinity);
    if (!due) return false;
    await before?.(due.at - this.time);
    this.fire(due);
    return true;
  }

  private earliestDueBy(limit: number): Pending | undefined {
    return this.timers.filter((t) => t.at <= limit).sort((a, b) => a.at - b.at || a.id - b.id)[0];
  }

  private fire(due: Pending): void {
    this.timers = this.timers.filter((t) => t !== due);
    this.time = Math.max(this.time, due.at);
    due.callback();
  }
}
