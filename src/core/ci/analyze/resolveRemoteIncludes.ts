import { MAX_INCLUDES } from '../resolve/includes';
import type { RemoteIncludeFetcher, RemoteIncludeRequest, RemoteIncludeSource } from '../model/remoteIncludes';
import { RemoteIncludeAnswers, remoteIncludeKey } from '../model/remoteIncludes';

export interface RemoteIncludeDriverOptions {
  /** Requests fetched at once (default 4): a config naming 40 templates does not open 40 connections. */
  readonly parallel?: number;
  /**
   * Analyses at most (default {@link MAX_INCLUDES} + 1). Each round follows the includes one level
   * deeper; a cycle across projects ends at GitLab's include limit well before this.
   */
  readonly maxRounds?: number;
  /** Answers already known (kept between runs by a caller); filled with what is fetched. */
  readonly answers?: RemoteIncludeAnswers;
}

/**
 * Analyses, fetches what the analysis found pending, and analyses again until nothing new is
 * pending. `analyzeOnce` is the synchronous analysis handed the source of answers; its result's
 * `pendingIncludes` say what it still needs. Returns the last analysis.
 */
export async function resolveRemoteIncludes<A extends { readonly pendingIncludes: readonly RemoteIncludeRequest[] }>(
  analyzeOnce: (source: RemoteIncludeSource) => A,
  fetcher: RemoteIncludeFetcher,
  options: RemoteIncludeDriverOptions = {},
): Promise<A> {
  const answers = options.answers ?? new RemoteIncludeAnswers();
  const parallel = Math.max(1, options.parallel ?? 4);
  const maxRounds = options.maxRounds ?? MAX_INCLUDES + 1;
  let analysis = analyzeOnce(answers);
  for (let round = 1; round < maxRounds; round++) {
    const fresh = distinct(analysis.pendingIncludes).filter((req) => !answers.has(req));
    if (fresh.length === 0) break;
    await fetchAll(fresh, fetcher, answers, parallel);
    analysis = analyzeOnce(answers);
  }
  return analysis;
}

function distinct(requests: readonly RemoteIncludeRequest[]): RemoteIncludeRequest[] {
  const byKey = new Map<string, RemoteIncludeRequest>();
  for (const req of requests) byKey.set(remoteIncludeKey(req), req);
  return [...byKey.values()];
}

/** Fetches with at most `parallel` requests in flight; a fetcher that throws counts as unreachable. */
async function fetchAll(requests: readonly RemoteIncludeRequest[], fetcher: RemoteIncludeFetcher, answers: RemoteIncludeAnswers, parallel: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const req = requests[next++];
      if (!req) return;
      try {
        answers.set(req, await fetcher.fetch(req));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        answers.set(req, { kind: 'failure', reason: 'unreachable', message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, requests.length) }, worker));
}
