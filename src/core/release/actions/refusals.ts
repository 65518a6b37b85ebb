/**
 * GitLab's refusals of a release action, in plain words. GitLab answers a play, retry or
 * approval it will not do with a terse 400/403 (`Unplayable Job`, the approval service's
 * sentences); the person who clicked needs to know what happened and what to do next.
 * One table: the first rule whose action and wording match decides.
 */
import { GitLabError } from '../../gitlab/errors';

export type ReleaseActionKind = 'play' | 'approve' | 'reject' | 'retry' | 'cancel' | 'create-pipeline' | 'retry-pipeline' | 'cancel-pipeline' | 'rollback';

interface RefusalRule {
  readonly actions: readonly ReleaseActionKind[] | '*';
  readonly status?: number;
  /** Matched against GitLab's own explanation. */
  readonly detail?: RegExp;
  readonly words: string;
}

const JOB_ACTIONS: readonly ReleaseActionKind[] = ['play', 'retry', 'cancel'];
const APPROVALS: readonly ReleaseActionKind[] = ['approve', 'reject'];

export const REFUSAL_RULES: readonly RefusalRule[] = [
  // A rollback is GitLab's retry of the target deployment's job (`Ci::Processable#retryable?`: not retried,
  // not archived, deployment not rejected, finished); the API words every "no" as 403 "Job is not retryable".
  { actions: ['rollback'], detail: /not retryable/i, words: 'GitLab will not run the job of that deployment again: it is archived (older than this GitLab instance keeps jobs runnable), its deployment was rejected, or it was retried since (pick the newer deployment of that commit). To go back to that commit, run a new pipeline for it.' },
  { actions: ['rollback'], status: 403, words: 'GitLab refused: you may not deploy to this environment (protected environment, or your role is too low). Ask someone who may deploy there.' },
  { actions: ['rollback'], status: 404, words: 'GitLab no longer finds the job of that deployment: its pipeline may have been deleted. The environments are refreshed.' },
  { actions: ['play'], detail: /unplayable job/i, words: 'GitLab will not play this job any more: someone may have played it already, the pipeline may have been canceled, or its deployment still waits for approval. The lanes are refreshed so you see where it stands.' },
  { actions: ['retry'], detail: /not retryable/i, words: 'GitLab will not retry this job: it was retried already or has not finished yet. The lanes are refreshed so you see the latest attempt.' },
  { actions: APPROVALS, detail: /own deployment/i, words: 'You started this deployment, and this environment does not let the person who triggered a deployment approve it. Ask another approver.' },
  { actions: APPROVALS, detail: /(permission to approve|not.*allowed.*approv|not an? (eligible|allowed) approver)/i, words: 'You are not one of the allowed approvers of this environment. Ask an approver, or the project owner to add you.' },
  { actions: APPROVALS, detail: /not waiting for approval/i, words: 'This deployment is no longer waiting for approval: it was approved, rejected or canceled in the meantime.' },
  { actions: APPROVALS, detail: /not protected|not configured/i, words: 'This environment does not require deployment approvals: play the job instead.' },
  { actions: APPROVALS, detail: /already (approved|rejected)/i, words: 'You have already given your answer on this deployment.' },
  { actions: ['create-pipeline'], detail: /reference not found|ref.*(not found|invalid)/i, words: 'GitLab does not know this branch: push it first.' },
  { actions: ['create-pipeline'], status: 400, words: 'GitLab could not create the pipeline: {detail}' },
  { actions: ['play'], status: 403, words: 'GitLab refused: you may not deploy to this environment (protected environment, or your role is too low).' },
  { actions: '*', status: 404, words: 'GitLab no longer finds this job, pipeline or deployment: it may have been deleted. The lanes are refreshed.' },
];

/** A refusal the user should read as such (not a crash): `refresh` says the lanes are stale. */
export interface Refusal {
  readonly message: string;
  /** Whether what is shown is likely stale and should be refreshed at once. */
  readonly refresh: boolean;
  /** The token cannot act at all: offer to sign in with an api-scoped token. */
  readonly needsApiScope: boolean;
}

/** Plain words for a failed action; undefined when the error is not GitLab's (a programming error). */
export function explainRefusal(error: unknown, action: ReleaseActionKind): Refusal | undefined {
  if (!(error instanceof GitLabError)) return undefined;
  if (error.kind === 'forbidden' && 'missingScope' in error && typeof error.missingScope === 'string') {
    return { message: `Your token cannot ${action.replace('-', ' ')}: it lacks the "${error.missingScope}" scope. Sign in with a token that has the api scope.`, refresh: false, needsApiScope: true };
  }
  const detail = error.detail ?? '';
  const rule = REFUSAL_RULES.find((r) =>
    (r.actions === '*' || r.actions.includes(action))
    && (r.status === undefined || r.status === error.status)
    && (r.detail === undefined || r.detail.test(detail)));
  if (rule) return { message: rule.words.replace('{detail}', detail || 'no reason given'), refresh: true, needsApiScope: false };
  return { message: error.message, refresh: JOB_ACTIONS.includes(action) && error.kind === 'bad-request', needsApiScope: false };
}

/** What to say when the stored token is read-only (before any request is sent). */
export const READ_ONLY_TOKEN = 'You are signed in with a read-only token (read_api): Release Pilot can watch pipelines but cannot play, retry, cancel, approve or start them. Sign in with a token that has the api scope.';
