/** Where the fake server reads the time; tests hand in a ManualClock to drive pipelines. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number = Date.UTC(2026, 0, 15, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  set(ms: number): void {
    if (ms < this.current) throw new Error(`ManualClock cannot go back in time (${ms} < ${this.current})`);
    this.current = ms;
  }

  advanceBy(ms: number): void {
    this.set(this.current + ms);
  }
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Real time sped up by `factor` from the moment it is made: pipelines finish sooner in benchmarks. */
export class ScaledClock implements Clock {
  private readonly origin: number;

  constructor(private readonly factor: number, private readonly realNow: () => number = Date.now) {
    if (!(factor > 0)) throw new Error(`ScaledClock needs a positive factor, got ${factor}`);
    this.origin = realNow();
  }

  now(): number {
    return Math.floor(this.origin + (this.realNow() - this.origin) * this.factor);
  }
}
