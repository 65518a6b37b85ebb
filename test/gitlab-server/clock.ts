/**
 * Where the fake server reads the time. Tests hand in test/support/fakeClock.ts#FakeClock to drive
 * pipelines (and the product's timers) on one timeline; the sandbox moves it with real time.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

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
