// Faults tests switch on to see how a client copes: rate limiting (429 + Retry-After), server
// errors, slow answers, dropped connections and canned answers (what a proxy in front of
// GitLab sends: an HTML page, JSON cut off), for the next N requests or for matching paths.

/** Substring of, or pattern for, the request path (including `/api/v4`, without the query). */
export type PathMatch = string | RegExp;

export interface FaultScope {
  /** How many matching requests get the fault; default: all until removed. */
  readonly times?: number;
  readonly match?: PathMatch;
  readonly method?: string;
}

export type FaultDecision =
  | { readonly kind: 'rate-limit'; readonly retryAfterSec: number }
  | { readonly kind: 'server-error'; readonly status: number }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'drop' }
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string };

export type FaultKind = FaultDecision['kind'];

interface FaultRule {
  readonly id: number;
  readonly decision: FaultDecision;
  readonly match: PathMatch | undefined;
  readonly method: string | undefined;
  remaining: number;
}

export interface FaultHandle {
  /** Uses left (Infinity for an open-ended fault). */
  readonly remaining: number;
  remove(): void;
}

export function pathMatches(match: PathMatch | undefined, path: string): boolean {
  if (match === undefined) return true;
  return typeof match === 'string' ? path.includes(match) : match.test(path);
}

export class FaultController {
  private rules: FaultRule[] = [];
  private nextId = 1;

  rateLimit(options: FaultScope & { readonly retryAfterSec?: number } = {}): FaultHandle {
    return this.add({ kind: 'rate-limit', retryAfterSec: options.retryAfterSec ?? 60 }, options);
  }

  serverError(options: FaultScope & { readonly status?: number } = {}): FaultHandle {
    return this.add({ kind: 'server-error', status: options.status ?? 500 }, options);
  }

  slow(delayMs: number, options: FaultScope = {}): FaultHandle {
    return this.add({ kind: 'slow', delayMs }, options);
  }

  drop(options: FaultScope = {}): FaultHandle {
    return this.add({ kind: 'drop' }, options);
  }

  /** Answers with exactly this, instead of GitLab (a proxy's page, a cut body, a `Retry-After` date). */
  answer(options: FaultScope & { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body: string }): FaultHandle {
    return this.add({ kind: 'answer', status: options.status, headers: options.headers ?? {}, body: options.body }, options);
  }

  clear(): void {
    this.rules = [];
  }

  get active(): readonly { readonly kind: FaultKind; readonly remaining: number; readonly match?: PathMatch }[] {
    return this.rules.map((r) => ({ kind: r.decision.kind, remaining: r.remaining, ...(r.match === undefined ? {} : { match: r.match }) }));
  }

  /** Consumes one use of the first fault matching this request. */
  take(method: string, path: string): FaultDecision | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.method === undefined || r.method === method) && pathMatches(r.match, path));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.decision;
  }

  private add(decision: FaultDecision, scope: FaultScope): FaultHandle {
    const rule: FaultRule = {
      id: this.nextId++,
      decision,
      match: scope.match,
      method: scope.method?.toUpperCase(),
      remaining: scope.times ?? Infinity,
    };
    this.rules.push(rule);
    return {
      get remaining() {
        return rule.remaining;
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== rule);
      },
    };
  }
}
