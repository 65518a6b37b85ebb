/**
 * Follows one job's log: reads the trace at the pace of {@link nextLogDelay}, hands only
 * the new lines on, and stops the moment the job is final (after one last read, so the tail
 * written as it finished is not lost). One `setTimeout` is re-armed after each read, so reads
 * never overlap.
 *
 * Conditional reads are this follower's own ({@link GitLabApi.forReader}): another reader of
 * the same trace (the canary check) must not turn this one's read into a 304 for a body it
 * never saw. And what the follower shows is always what the read returned, compared with
 * what it holds; `unchanged` only paces.
 *
 * GitLab's trace route has no offsets or ranges: every read is the whole log. So once a log
 * passes `maxTraceChars` the follower stops reading it (the job's status is still followed)
 * and says so in the log, pointing at GitLab for the rest: a 200 MB log is read once, not
 * every two seconds.
 */
import { browsableLink } from '../../safeLink';
import type { GitLabApi, ProjectRef, ReaderApi } from '../../gitlab/client';
import type { GitLabError } from '../../gitlab/errors';
import type { CiStatus, Job } from '../../gitlab/models';
import type { PollerClock, TimerHandle } from '../../lanes/poller';
import type { LogPaceOptions } from './logPace';
import { DEFAULT_LOG_PACE, logGrowth, logPhase, nextLogDelay, VERDICT_LINE } from './logPace';
import type { LogRendererOptions, LogUpdate } from './logRenderer';
import { LogRenderer } from './logRenderer';

export interface LogFollowerStats {
  readonly requests: number;
  readonly traceRequests: number;
  readonly jobRequests: number;
  /** Body characters received (a 304 brings none). */
  readonly bytes: number;
  readonly notModified: number;
}

export interface LogFollowerListener {
  onUpdate(update: LogUpdate, job: Job | undefined): void;
  /** The job reached a final status; nothing more will be read. */
  onEnd?(job: Job): void;
  /** A read failed; `willRetry` says whether following goes on. */
  onError?(error: unknown, willRetry: boolean): void;
}

export interface LogFollowerOptions {
  readonly api: Pick<GitLabApi, 'job' | 'jobTrace' | 'forReader'>;
  readonly project: ProjectRef;
  readonly jobId: number;
  readonly clock: PollerClock;
  readonly listener: LogFollowerListener;
  readonly pace?: Partial<LogPaceOptions>;
  /** Name of this follower's conditional reads; unique per follower (default: project, job and start time). */
  readonly reader?: string;
  /** Past this many characters the trace is no longer read (default 4 MiB). */
  readonly maxTraceChars?: number;
  readonly renderer?: Partial<LogRendererOptions>;
  /** The instance the log is read from: the note past `maxTraceChars` links the full log only on it. */
  readonly instanceUrl?: string;
}

export const DEFAULT_MAX_TRACE_CHARS = 4 * 1024 * 1024;

/** Failures after which following stops by itself (the user can reopen the log). */
const GIVE_UP: ReadonlySet<string> = new Set(['unauthorized', 'forbidden', 'not-found', 'refused']);

export class LogFollower {
  private readonly pace: LogPaceOptions;
  private readonly renderer: LogRenderer;
  private readonly api: Pick<GitLabApi, 'job' | 'jobTrace'> & Partial<Pick<ReaderApi, 'release'>>;
  private readonly maxTraceChars: number;
  /** The trace passed `maxTraceChars`: it is not read again. */
  private oversized = false;
  private timer: { readonly handle: TimerHandle } | undefined;
  private stopped = false;
  private job: Job | undefined;
  private delayMs = 0;
  private lastStatusAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  private counts = { requests: 0, traceRequests: 0, jobRequests: 0, bytes: 0, notModified: 0 };

  constructor(private readonly options: LogFollowerOptions) {
    this.pace = { ...DEFAULT_LOG_PACE, ...options.pace };
    this.renderer = new LogRenderer(options.renderer);
    this.maxTraceChars = options.maxTraceChars ?? DEFAULT_MAX_TRACE_CHARS;
    const reader = options.reader ?? `job-log ${String(options.project)} ${options.jobId} ${options.clock.now()}`;
    this.api = options.api.forReader?.(reader) ?? options.api;
  }

  get stats(): LogFollowerStats {
    return { ...this.counts };
  }

  get status(): CiStatus | undefined {
    return this.job?.status;
  }

  get done(): boolean {
    return this.stopped;
  }

  /** Sections and line count of what was shown (folding ranges read this). */
  get view(): LogRenderer {
    return this.renderer;
  }

  start(): void {
    if (this.stopped || this.reading || this.timer) return;
    this.run();
  }

  /** Read now (e.g. the user asked), unless a read is on its way. */
  poke(): void {
    if (this.stopped || this.reading) return;
    this.disarm();
    this.run();
  }

  /** Resolves when no read is in flight (tests and the benchmark use it). */
  async whenIdle(): Promise<void> {
    while (this.reading) await this.reading;
  }

  dispose(): void {
    this.stopped = true;
    this.disarm();
    this.api.release?.();
  }

  private run(): void {
    this.reading = this.read().finally(() => {
      this.reading = undefined;
    });
  }

  private async read(): Promise<void> {
    let delay: number | undefined;
    try {
      delay = await this.step();
    } catch (error) {
      const kind = (error as Partial<GitLabError> | undefined)?.kind;
      const giveUp = typeof kind === 'string' && GIVE_UP.has(kind);
      this.options.listener.onError?.(error, !giveUp);
      if (giveUp) return this.dispose();
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      delay = typeof retryAfter === 'number' ? Math.max(retryAfter * 1000, this.pace.quietMaxMs) : this.pace.quietMaxMs;
    }
    if (this.stopped) return;
    if (delay === undefined) {
      this.stopped = true;
      this.api.release?.();
      if (this.job) this.options.listener.onEnd?.(this.job);
      return;
    }
    const handle = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, delay);
    this.timer = { handle };
  }

  /** One round; returns the delay before the next, or undefined when the job is final. */
  private async step(): Promise<number | undefined> {
    if (!this.job || logPhase(this.job.status) === 'waiting') {
      await this.readJob();
      if (logPhase(this.job!.status) === 'waiting') return nextLogDelay('waiting', 'quiet', 0, this.pace);
    }
    const grew = await this.readTrace();
    const now = this.options.clock.now();
    const mustCheck = grew.lines === 0 || grew.verdict || now - this.lastStatusAt >= this.pace.statusEveryMs;
    if (mustCheck) await this.readJob();
    if (logPhase(this.job!.status) === 'final') {
      // The job may have written its last lines between the two reads.
      await this.readTrace();
      const tail = this.renderer.finish();
      if (tail.lines.length) this.options.listener.onUpdate(tail, this.job);
      return undefined;
    }
    this.delayMs = nextLogDelay('running', grew.reset ? 'burst' : logGrowth(grew.lines, this.pace), this.delayMs, this.pace) ?? this.pace.quietMaxMs;
    return this.delayMs;
  }

  private async readJob(): Promise<void> {
    const result = await this.api.job(this.options.project, this.options.jobId);
    this.counts.requests++;
    this.counts.jobRequests++;
    if (result.unchanged) this.counts.notModified++;
    else this.counts.bytes += JSON.stringify(result.data).length;
    this.job = result.data;
    this.lastStatusAt = this.options.clock.now();
  }

  /** Reads the whole trace; reports how many lines it added (a held-back partial line counts as none yet). */
  private async readTrace(): Promise<{ lines: number; reset: boolean; verdict: boolean }> {
    if (this.oversized) return { lines: 0, reset: false, verdict: false };
    const result = await this.api.jobTrace(this.options.project, this.options.jobId);
    this.counts.requests++;
    this.counts.traceRequests++;
    if (result.unchanged) this.counts.notModified++;
    else this.counts.bytes += result.data.length;
    // Even a 304 hands over the body: compared with what is shown, it adds only what is new.
    const update = this.renderer.update(result.data);
    if (update.reset || update.lines.length > 0) this.options.listener.onUpdate(update, this.job);
    if (result.data.length > this.maxTraceChars) this.stopReadingTrace(result.data.length);
    return { lines: update.lines.length, reset: update.reset, verdict: update.lines.some((l) => VERDICT_LINE.test(l.text)) };
  }

  private stopReadingTrace(chars: number): void {
    this.oversized = true;
    this.api.release?.();
    // The editor makes addresses in text clickable: only a link to the job's own instance goes in.
    const raw = this.job?.web_url && this.options.instanceUrl ? browsableLink(`${this.job.web_url}/raw`, this.options.instanceUrl) : undefined;
    const where = raw?.ok ? `: ${raw.url}` : ' (Open in Browser on the job)';
    const size = chars >= 1024 * 1024 ? `${Math.floor(chars / 1024 / 1024)} MiB` : `${Math.floor(chars / 1024)} KiB`;
    this.options.listener.onUpdate(this.renderer.note(`This log passed ${size}. GitLab sends the whole log on every read, so live updates stop here to keep the editor responsive; the job's status is still followed. The full log is in GitLab${where}`), this.job);
  }

  /** The trace grew past `maxTraceChars` and is no longer read. */
  get truncated(): boolean {
    return this.oversized;
  }

  private disarm(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
  }
}
