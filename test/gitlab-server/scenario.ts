// The demo project, `group/demo-service`: people, tokens, branches master/dev/feature, one open
// merge request, and a protected production environment that needs one approval.
import { DEMO_CI_CONFIG, demoSpecFor } from './demoSpecs';
import type { MergeRequest, Pipeline, Project, User } from './model';
import { ACCESS } from './model';
import { createPipeline } from './pipelineFactory';
import { tick } from './simulation';
import type { FakeGitLabState } from './state';

export const DEMO_PROJECT_PATH = 'group/demo-service';
export const DEMO_FEATURE_BRANCH = 'feature/faster-checkout';

export const DEMO_TOKENS = {
  /** Dana, maintainer, who pushes and triggers pipelines. */
  developer: 'glpat-demo-dana-api',
  /** Riley, maintainer, who approves Dana's production deployments. */
  reviewer: 'glpat-demo-riley-api',
  /** Dana again, with read_api only. */
  readOnly: 'glpat-demo-dana-read',
  /** Gus, guest in the project. */
  guest: 'glpat-demo-gus-api',
  /** Olga, not a member. */
  outsider: 'glpat-demo-olga-api',
  /** Dana's revoked token. */
  revoked: 'glpat-demo-dana-revoked',
} as const;

export type Lane = 'mr' | 'dev' | 'master';

export interface DemoScenario {
  readonly project: Project;
  readonly users: { readonly developer: User; readonly reviewer: User; readonly guest: User; readonly outsider: User };
  readonly tokens: { readonly [K in keyof typeof DEMO_TOKENS]: string };
  readonly mergeRequest: MergeRequest;
  /** Starts the lane's pipeline at the branch head, optionally after pushing a commit with this title. */
  start(lane: Lane, options?: { readonly commit?: string; readonly by?: User }): Pipeline;
}

export function buildDemoScenario(state: FakeGitLabState, options: { readonly developerToken?: string } = {}): DemoScenario {
  const developer = state.addUser({ username: 'dana', name: 'Dana Developer' });
  const reviewer = state.addUser({ username: 'riley', name: 'Riley Reviewer' });
  const guest = state.addUser({ username: 'gus', name: 'Gus Guest' });
  const outsider = state.addUser({ username: 'olga', name: 'Olga Outsider' });
  const tokens = { ...DEMO_TOKENS, developer: options.developerToken ?? DEMO_TOKENS.developer };
  state.addToken({ user: developer, value: tokens.developer, scopes: ['api'], name: 'release-pilot' });
  state.addToken({ user: reviewer, value: tokens.reviewer, scopes: ['api'] });
  state.addToken({ user: developer, value: tokens.readOnly, scopes: ['read_api'], name: 'read-only' });
  state.addToken({ user: guest, value: tokens.guest, scopes: ['api'] });
  state.addToken({ user: outsider, value: tokens.outsider, scopes: ['api'] });
  state.addToken({ user: developer, value: tokens.revoked, scopes: ['api'], revoked: true, name: 'old' });

  // The spec resolver needs the merge request, which needs the project first.
  const opened: { mr?: MergeRequest } = {};
  const project = state.addProject({
    path: DEMO_PROJECT_PATH,
    defaultBranch: 'master',
    description: 'A small service released the DevOps way: MR, dev (canary) and master (production) pipelines.',
    members: [
      { user: developer, access: ACCESS.maintainer },
      { user: reviewer, access: ACCESS.maintainer },
      { user: guest, access: ACCESS.guest },
    ],
    ciConfig: DEMO_CI_CONFIG,
    resolveSpec: (ref, source) => demoSpecFor(ref, source, (r) => (opened.mr && r === `refs/merge-requests/${opened.mr.iid}/head` ? opened.mr.sourceBranch : undefined)),
  });
  state.addCommit(project, { branch: 'master', title: 'Add order service skeleton', author: developer });
  state.addBranch(project, 'dev', 'master');
  project.protectedBranches.add('dev');
  state.addCommit(project, { branch: 'dev', title: 'Cache product lookups', author: developer });
  state.addBranch(project, DEMO_FEATURE_BRANCH, 'dev');
  state.addCommit(project, { branch: DEMO_FEATURE_BRANCH, title: 'Speed up checkout by batching stock checks', author: developer });
  const mr = state.addMergeRequest(project, {
    sourceBranch: DEMO_FEATURE_BRANCH,
    targetBranch: 'dev',
    title: 'Speed up checkout by batching stock checks',
    author: developer,
  });
  state.protectEnvironment(project, {
    name: 'production',
    deployAccess: [{ accessLevel: ACCESS.maintainer }],
    approvalRules: [{ accessLevel: ACCESS.maintainer, requiredApprovals: 1 }],
  });
  opened.mr = mr;

  const branchOf: Readonly<Record<Lane, string>> = { mr: mr.sourceBranch, dev: 'dev', master: 'master' };
  return {
    project,
    users: { developer, reviewer, guest, outsider },
    tokens,
    mergeRequest: mr,
    start(lane, startOptions = {}) {
      const by = startOptions.by ?? developer;
      if (startOptions.commit !== undefined) state.addCommit(project, { branch: branchOf[lane], title: startOptions.commit, author: by });
      const pipeline = lane === 'mr'
        ? createPipeline(state, project, { ref: `refs/merge-requests/${mr.iid}/head`, user: by, source: 'merge_request_event', mergeRequestIid: mr.iid })
        : createPipeline(state, project, { ref: branchOf[lane], user: by, source: 'push' });
      // GitLab enqueues the first jobs as it creates the pipeline.
      tick(state);
      return pipeline;
    },
  };
}
