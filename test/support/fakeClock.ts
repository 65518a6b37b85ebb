import type { PollerClock, TimerHandle } from '../../src/core/lanes/poller';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** A manual clock: timers fire only when a test (or a benchmark on virtual time) moves it. */
export class FakeClock implements PollerClock {
  private time = 0;
  private nextId = 1;
  private timers: Pending[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
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

  /**
   * Moves to the earliest timer and fires it, after `before(ms)` has moved whatever else shares
   * this timeline (a fake server's clock); false when no timer is armed.
   */
  async runNext(before: (ms: number) => void | Promise<void>): Promise<boolean> {
    const due = [...this.timers].sort((a, b) => a.at - b.at)[0];
    if (!due) return false;
    await before(due.at - this.time);
    this.time = due.at;
    this.timers = this.timers.filter((t) => t !== due);
    due.callback();
    return true;
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}
