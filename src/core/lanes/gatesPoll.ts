/**
 * The gates-waiting poll as one request instead of two. While a deployment of a repository waits
 * for approval, its approvals can only be read from the single deployment (gateDeployments.ts),
 * which made the gates-waiting minute 3 requests and the approval 60 s late. GitLab's GraphQL
 * answers both questions at once (gatesQuery.ts), so when an approval read is due (every 30 s,
 * the rest pace) the change feed's read is that one query: 2 requests a minute, approvals within
 * 30 s. Polls in between (3 s while something else runs) keep the plain REST feed.
 *
 * GraphQL may be missing or refused (a proxy that only passes `/api/v4`, a token scope, Free or an
 * older GitLab without the fields): that poll then reads the REST feed instead, at once, and the
 * instance is left on REST for a while (table below) rather than probed again every 30 s. Nothing
 * of this shows: the REST path reports its own problems as it always did. Only a 429 counts as
 * the poll's own failure, so its `Retry-After` is honoured like any other.
 *
 * It sits under the change feed as its `pipelines` read (feedApi), so the feed's cursor and its
 * "what moved?" logic stay one.
 */
import type { GitLabApi, PipelineFilter, ProjectRef, ReadResult } from '../gitlab/client';
import type { GitLabErrorKind } from '../gitlab/errors';
import { GitLabError } from '../gitlab/errors';
import type { GraphqlAnswer, PipelineBasic } from '../gitlab/models';
import { FEED_PAGE } from './changeFeed';
import type { WaitingDeployment } from './gateDeployments';
import type { GatesApproval } from './gatesQuery';
import { GATES_QUERY, gatesQueryVariables, readGatesAnswer } from './gatesQuery';
import type { SnapshotApi } from './laneStore';

/** How often a waiting deployment's approvals are read through GraphQL: the rest pace. */
export const DEFAULT_GRAPHQL_APPROVAL_EVERY_MS = 30_000;
/** Timers fire a little late; a read due within this much counts as due. */
const DUE_SLACK_MS = 1_000;

const HOUR = 60 * 60_000;
/**
 * How long an instance stays on REST after its GraphQL failed this way, before it is tried again.
 * `answer`: HTTP 200 with `errors`, no project or a partial answer (fields this GitLab lacks).
 * A 429 is not here: it is the poll's failure, honoured as such.
 */
const REST_FOR_MS: Readonly<Record<Exclude<GitLabErrorKind, 'rate-limited'> | 'answer', number>> = {
  'not-found': 6 * HOUR,
  'bad-request': 6 * HOUR,
  refused: 6 * HOUR,
  answer: 6 * HOUR,
  unauthorized: HOUR,
  forbidden: HOUR,
  server: 15 * 60_000,
  network: 15 * 60_000,
};

export type GraphqlApi = Pick<GitLabApi, 'pipelines'> & Partial<Pick<GitLabApi, 'graphql' | 'instance'>>;

/** Why a poll does or does not ask GraphQL (the decision, for tests). */
export type GatesPlan =
  | { readonly ask: true; readonly deployment: WaitingDeployment & { readonly deploymentIid: number } }
  | { readonly ask: false; readonly why: 'no-graphql' | 'resting-on-rest' | 'full-read' | 'feed-not-placed' | 'nothing-waits' | 'several-wait' | 'not-due' };

export interface GatesPlanInput {
  readonly hasGraphql: boolean;
  /** Until when this instance stays on REST (0: never failed). */
  readonly restUntil: number;
  readonly now: number;
  /** Start, branch switch, manual refresh, the user's actions: every lane is read anyway. */
  readonly fullRead: boolean;
  readonly feedPlaced: boolean;
  readonly waiting: readonly WaitingDeployment[];
  readonly everyMs: number;
}

/**
 * Whether this poll of a repository is the GraphQL one. One deployment only: GitLab resolves the
 * approval fields for one deployment per request, and two production deployments waiting at
 * once (two regions) keep the REST path, which reads each on its own.
 */
export function planGatesPoll(input: GatesPlanInput): GatesPlan {
  if (!input.hasGraphql) return { ask: false, why: 'no-graphql' };
  if (input.now < input.restUntil) return { ask: false, why: 'resting-on-rest' };
  if (input.fullRead) return { ask: false, why: 'full-read' };
  if (!input.feedPlaced) return { ask: false, why: 'feed-not-placed' };
  const [deployment, ...others] = input.waiting;
  if (!deployment || deployment.deploymentIid === undefined) return { ask: false, why: 'nothing-waits' };
  if (others.length > 0) return { ask: false, why: 'several-wait' };
  if (input.now - deployment.readAt < input.everyMs - DUE_SLACK_MS) return { ask: false, why: 'not-due' };
  return { ask: true, deployment: { ...deployment, deploymentIid: deployment.deploymentIid } };
}

export interface GatesPollRequest {
  readonly api: GraphqlApi;
  readonly projectPath: string;
  readonly fullRead: boolean;
  readonly feedPlaced: boolean;
  readonly waiting: readonly WaitingDeployment[];
  /** Called with the approval state the query read, before the feed's read resolves. */
  readonly onApproval: (deploymentId: number, approval: GatesApproval) => void;
}

export class GatesPoll {
  /** Per instance URL: until when it stays on REST after its GraphQL failed. */
  private readonly restUntil = new Map<string, number>();

  constructor(private readonly now: () => number, private readonly everyMs = DEFAULT_GRAPHQL_APPROVAL_EVERY_MS) {}

  /** Whether this client's instance reads approvals through GraphQL (has it, and it has not failed lately). */
  answersFor(api: GraphqlApi): boolean {
    return typeof api.graphql === 'function' && this.now() >= (this.restUntil.get(instanceKey(api)) ?? 0);
  }

  plan(request: Omit<GatesPollRequest, 'projectPath' | 'onApproval'>): GatesPlan {
    return planGatesPoll({
      hasGraphql: typeof request.api.graphql === 'function',
      restUntil: this.restUntil.get(instanceKey(request.api)) ?? 0,
      now: this.now(),
      fullRead: request.fullRead,
      feedPlaced: request.feedPlaced,
      waiting: request.waiting,
      everyMs: this.everyMs,
    });
  }

  /**
   * The `pipelines` read the change feed should make for this poll: the REST one, or, when this
   * poll is the GraphQL one, the query (if GraphQL fails, this poll learns nothing and the next
   * ones are REST: see {@link NOTHING_KNOWN}).
   */
  feedApi(request: GatesPollRequest): Pick<SnapshotApi, 'pipelines'> {
    const plan = this.plan(request);
    if (!plan.ask) return request.api;
    return {
      pipelines: (project: ProjectRef, filter?: PipelineFilter) => {
        // The feed's placing read (no cursor yet) and any other shape stay REST.
        if (filter?.updatedAfter === undefined) return request.api.pipelines(project, filter);
        return this.ask(request, plan.deployment, project, filter, filter.updatedAfter);
      },
    };
  }

  private async ask(request: GatesPollRequest, deployment: WaitingDeployment & { readonly deploymentIid: number }, project: ProjectRef, filter: PipelineFilter, updatedAfter: string): Promise<ReadResult<PipelineBasic[]>> {
    const api = request.api;
    if (!api.graphql) return api.pipelines(project, filter);
    const variables = gatesQueryVariables({ projectPath: request.projectPath, updatedAfter, first: filter.perPage ?? FEED_PAGE, deploymentIid: deployment.deploymentIid });
    let answer: ReadResult<GraphqlAnswer>;
    try {
      answer = await api.graphql(GATES_QUERY, variables);
    } catch (error) {
      if (!(error instanceof GitLabError) || error.kind === 'rate-limited') throw error;
      this.restFor(request.api, error.kind);
      return NOTHING_KNOWN;
    }
    const read = readGatesAnswer(answer.data, request.api.instance?.origin ?? '');
    if (!read.ok) {
      this.restFor(request.api, 'answer');
      return NOTHING_KNOWN;
    }
    if (read.deployment) request.onApproval(deployment.deploymentId, read.deployment);
    return { data: [...read.pipelines], unchanged: answer.unchanged };
  }

  private restFor(api: GraphqlApi, why: keyof typeof REST_FOR_MS): void {
    this.restUntil.set(instanceKey(api), this.now() + REST_FOR_MS[why]);
  }
}

/**
 * What a failed GraphQL poll tells the change feed: nothing, as a 304 would (its cursor stays, so
 * the next poll, on REST, sees whatever moved meanwhile). The failed query stands in for this poll's
 * feed read instead of adding a REST read beside it: on an instance without GraphQL the one probe
 * then costs no more requests than the REST path alone, and a pipeline that moved shows one poll later.
 */
const NOTHING_KNOWN: ReadResult<PipelineBasic[]> = { data: [], unchanged: true };

function instanceKey(api: GraphqlApi): string {
  return api.instance?.url ?? '';
}
