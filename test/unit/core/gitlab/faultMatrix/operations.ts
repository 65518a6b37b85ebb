// The fault matrix's columns: what a person does with Release Pilot, each through the core use
// case and the real adapter, reduced to "worked" or "what the person reads".
import type { GitLabApi } from '../../../../../src/core/gitlab/client';
import { GitLabError } from '../../../../../src/core/gitlab/errors';
import { checkToken } from '../../../../../src/core/gitlab/signIn';
import type { LaneSpec } from '../../../../../src/core/lanes/lanes';
import { branchSearchTerms, buildLanes } from '../../../../../src/core/lanes/lanes';
import { LaneStore } from '../../../../../src/core/lanes/laneStore';
import type { ReleaseActionKind } from '../../../../../src/core/release/actions/refusals';
import { explainRefusal } from '../../../../../src/core/release/actions/refusals';
import { LogFollower } from '../../../../../src/core/release/log/logFollower';
import type { DemoScenario, FakeGitLabState, GitLabServer } from '../../../../gitlab-server';
import { DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH } from '../../../../gitlab-server';
import { FakeClock } from '../../../../support/fakeClock';

/** One fresh server with the demo project: dev at its canary gate, master at its (approval-blocked) production gate, an MR pipeline under way. */
export interface Cell {
  readonly server: GitLabServer;
  readonly state: FakeGitLabState;
  readonly demo: DemoScenario;
  readonly ids: { readonly playJob: number; readonly deployment: number; readonly retryJob: number; readonly cancelJob: number; readonly logJob: number };
  /** A client for `token`, with this request timeout. */
  api(token: string, timeoutMs: number): GitLabApi;
}

export type Outcome = { readonly ok: true } | { readonly ok: false; readonly seen: string; readonly error: unknown; readonly refusedAsDone: boolean };

export interface OperationSpec {
  readonly id: string;
  readonly label: string;
  /** The action a person clicked, for writes (its refusal words apply). */
  readonly action?: ReleaseActionKind;
  /** The request the fault hits. */
  readonly method: 'GET' | 'POST';
  readonly match: RegExp;
  /** Who does it: the reviewer approves and rejects, the developer does the rest. */
  readonly as: 'developer' | 'reviewer';
  /** Reads made before the fault is armed (lanes need branches and the project). */
  prepare?(cell: Cell, api: GitLabApi): Promise<unknown>;
  run(cell: Cell, api: GitLabApi, prepared: unknown): Promise<Outcome>;
}

const OK: Outcome = { ok: true };
const LINT_CONTENT = 'build:\n  script: make\n';

function failed(error: unknown, action?: ReleaseActionKind): Outcome {
  if (!(error instanceof GitLabError)) throw error;
  const refusal = action ? explainRefusal(error, action) : undefined;
  // A refusal rule that matched (not the generic fall-through) means GitLab said "already done / no longer possible".
  const refusedAsDone = refusal !== undefined && refusal.message !== error.message && error.status !== undefined && error.status < 500 && error.status !== 429;
  return { ok: false, seen: refusal?.message ?? error.message, error, refusedAsDone };
}

async function attempt(work: () => Promise<unknown>, action?: ReleaseActionKind): Promise<Outcome> {
  try {
    await work();
    return OK;
  } catch (error) {
    return failed(error, action);
  }
}

const write = (id: string, label: string, action: ReleaseActionKind, match: RegExp, as: 'developer' | 'reviewer', call: (api: GitLabApi, cell: Cell) => Promise<unknown>): OperationSpec => ({
  id, label, action, method: 'POST', match, as,
  run: (cell, api) => attempt(() => call(api, cell), action),
});

export const OPERATIONS: readonly OperationSpec[] = [
  {
    id: 'lanes', label: 'lanes refresh', method: 'GET', match: /\/pipelines$/, as: 'developer',
    prepare: async (_cell, api) => {
      const names = new Set<string>();
      for (const term of branchSearchTerms({})) for (const b of (await api.branches(DEMO_PROJECT_PATH, { search: term })).data) names.add(b.name);
      const project = (await api.project(DEMO_PROJECT_PATH)).data;
      return buildLanes({}, { projectBranches: [...names], defaultBranch: project.default_branch ?? null, currentBranch: DEMO_FEATURE_BRANCH });
    },
    run: async (_cell, api, lanes) => {
      const result = await new LaneStore().refresh([{ repoKey: 'demo', projectPath: DEMO_PROJECT_PATH, api, lanes: lanes as readonly LaneSpec[] }]);
      return result.error ? failed(result.error) : OK;
    },
  },
  {
    id: 'sign-in', label: 'sign-in', method: 'GET', match: /\/api\/v4\/user$/, as: 'developer',
    run: (_cell, api) => attempt(() => checkToken(api)),
  },
  write('play', 'play', 'play', /\/jobs\/\d+\/play$/, 'developer', (api, cell) => api.playJob(DEMO_PROJECT_PATH, cell.ids.playJob)),
  write('approve', 'approve', 'approve', /\/deployments\/\d+\/approval$/, 'reviewer', (api, cell) => api.approveDeployment(DEMO_PROJECT_PATH, cell.ids.deployment, 'canary looked fine')),
  write('reject', 'reject', 'reject', /\/deployments\/\d+\/approval$/, 'reviewer', (api, cell) => api.rejectDeployment(DEMO_PROJECT_PATH, cell.ids.deployment)),
  write('retry', 'retry', 'retry', /\/jobs\/\d+\/retry$/, 'developer', (api, cell) => api.retryJob(DEMO_PROJECT_PATH, cell.ids.retryJob)),
  // Roll Back... sends GitLab's rollback: the retry of an earlier deployment's job, worded as a rollback.
  write('rollback', 'roll back', 'rollback', /\/jobs\/\d+\/retry$/, 'developer', (api, cell) => api.retryJob(DEMO_PROJECT_PATH, cell.ids.retryJob)),
  write('cancel', 'cancel', 'cancel', /\/jobs\/\d+\/cancel$/, 'developer', (api, cell) => api.cancelJob(DEMO_PROJECT_PATH, cell.ids.cancelJob)),
  write('run-pipeline', 'run pipeline', 'create-pipeline', /\/pipeline$/, 'developer', (api) => api.createPipeline(DEMO_PROJECT_PATH, 'dev')),
  {
    id: 'follow-log', label: 'follow log', method: 'GET', match: /\/jobs\/\d+\/trace$/, as: 'developer',
    run: async (cell, api) => {
      const errors: unknown[] = [];
      let ended = false;
      const follower = new LogFollower({
        api, project: DEMO_PROJECT_PATH, jobId: cell.ids.logJob, clock: new FakeClock(),
        listener: { onUpdate: () => undefined, onEnd: () => (ended = true), onError: (error) => errors.push(error) },
      });
      follower.start();
      await follower.whenIdle();
      follower.dispose();
      if (errors.length > 0) return failed(errors[0]);
      if (!ended) throw new Error('the log of a finished job did not end');
      return OK;
    },
  },
  {
    id: 'lint', label: 'validate with GitLab', method: 'POST', match: /\/ci\/lint$/, as: 'developer',
    run: (_cell, api) => attempt(() => api.ciLint(DEMO_PROJECT_PATH, LINT_CONTENT)),
  },
];
