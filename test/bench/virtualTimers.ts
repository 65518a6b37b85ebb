import type { PollerClock, TimerHandle } from '../../src/core/lanes/poller';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * Timers on virtual time shared with the fake server's ManualClock: the benchmark runs minutes of
 * polling in seconds while every request still goes over real HTTP to the local server.
 */
export class VirtualTimers implements PollerClock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(private readonly clock: { now(): number }) {}

  now(): number {
    return this.clock.now();
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.clock.now() + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Fires, in order, the timers due at or before `now` (the caller moves the clock). */
  fireDue(): number {
    let fired = 0;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= this.clock.now()).sort((a, b) => a.at - b.at)[0];
      if (!due) return fired;
      this.timers = this.timers.filter((t) => t !== due);
      due.callback();
      fired++;
    }
  }
}
