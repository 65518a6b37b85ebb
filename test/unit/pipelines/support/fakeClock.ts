import type { PollerClock, TimerHandle } from '../../../../src/core/pipelines/poller';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** A manual clock: timers fire only when the test advances time. */
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
