/**
 * The Release Lanes tree as plain data. The editor side turns each {@link TreeNode} into
 * a TreeItem one to one (`icon` is a codicon id with a theme colour id, `state` names the
 * explanation nodes so it can attach commands); nothing here knows about VS Code.
 */
import type { GitLabError } from '../gitlab/errors';
import type { GateKind } from './lanes';
import { elapsedSeconds, formatAgo, formatDuration } from './format';
import type { JobView, LaneSnapshot, PipelineView, RepoSnapshot, StageView } from './snapshot';
import { nodeIds } from './snapshot';
import type { StatusKey } from './statusTable';
import { statusInfo } from './statusTable';

export type Collapsible = 'none' | 'collapsed' | 'expanded';
export type NodeKind = 'repo' | 'lane' | 'pipeline' | 'stage' | 'job' | 'state' | 'finding';
/** Explanation nodes; each tells the user what to do next. */
export type StateKind = 'signed-out' | 'no-remote' | 'no-access' | 'no-pipeline' | 'no-branch' | 'offline' | 'error' | 'canary-health';

export interface TreeIcon {
  /** Codicon id, e.g. `sync~spin`. */
  readonly id: string;
  /** Theme colour id, e.g. `testing.iconPassed`. */
  readonly color?: string;
}

/** What commands acting on a node need to know. */
export interface NodeTarget {
  readonly projectId?: number;
  readonly pipelineId?: number;
  readonly jobId?: number;
  readonly laneId?: string;
  readonly repoKey?: string;
}

export interface TreeNode {
  /** Stable across refreshes while the thing it shows exists (see `nodeIds`). */
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: TreeIcon;
  /**
   * Space-separated tags for `when` clauses: kind, `status-<status>`, markers (`manual`, `allowFailure`, `retried`, `bridge`),
   * `state-<kind>`; jobs and pipelines end with what the action table allows them, as `;play;retry;` (menus match `/;retry;/`).
   */
  readonly contextValue: string;
  readonly collapsible: Collapsible;
  readonly children: readonly TreeNode[];
  readonly webUrl?: string;
  readonly state?: StateKind;
  readonly target?: NodeTarget;
}

export type RepoTreeState =
  | { readonly kind: 'ready'; readonly snapshot: RepoSnapshot }
  /** No signed-in instance hosts this repository; `hosts` are where its remotes point. */
  | { readonly kind: 'signed-out'; readonly hosts: readonly string[] }
  | { readonly kind: 'no-remote'; readonly reason: string }
  /** The project could not be read (403/404): `message` says why. */
  | { readonly kind: 'no-access'; readonly projectPath: string; readonly message: string };

export interface RepoTreeInput {
  readonly repoKey: string;
  /** Folder name, shown when several repositories are open. */
  readonly label: string;
  readonly state: RepoTreeState;
}

export interface TreeInput {
  readonly repos: readonly RepoTreeInput[];
  /** Set while the poller is offline: a marker on top, last known lanes below. */
  readonly offline?: { readonly message: string };
  /** Set when GitLab stopped accepting the token: a sign-in node on top, last known lanes below. */
  readonly signInNeeded?: { readonly message: string };
  /** Which jobs are the release gates (from the gate patterns setting); none are marked without it. */
  readonly gateOf?: (job: Pick<JobView['job'], 'name' | 'stage'>, repoKey: string) => GateKind | undefined;
  /** A line shown under a canary gate job, such as the canary-health verdict. */
  readonly canaryNote?: (repoKey: string, pipelineId: number, jobId: number) => GateNote | undefined;
  /** What each node may offer (the action table's answer, see {@link NodeActions}); without it no node offers an action. */
  readonly actions?: NodeActions;
  /** Nodes shown under a job or pipeline besides its own (the pipeline's findings: failed tests, reading problems), built by core/findings. */
  readonly findingsUnder?: (repoKey: string, target: { readonly jobId?: number; readonly pipelineId: number }, parentId: string) => readonly TreeNode[];
}

/** How the release commands classify a job: a gate, else a manual job, else none. */
export type NodeJobKind = GateKind | 'manual' | 'none';

/**
 * The actions a job or pipeline node offers, tagged into its `contextValue`. Handed in
 * (core/release/gates/treeActions.ts builds it from the action table) because the release
 * rules depend on the lanes, so the lanes must not depend on them.
 */
export interface NodeActions {
  job(job: { readonly id: number; readonly status: StatusKey; readonly kind: NodeJobKind }): readonly string[];
  pipeline(status: StatusKey): readonly string[];
}

const NO_ACTIONS: NodeActions = { job: () => [], pipeline: () => [] };

/** A short finding shown as a child of a gate job. */
export interface GateNote {
  readonly label: string;
  readonly tooltip: string;
  readonly icon: TreeIcon;
}

/** How a gate job waiting for a person looks: its own icon, so the eye finds it in a long pipeline. */
const GATE_LOOK: Readonly<Record<GateKind, { readonly icon: TreeIcon; readonly word: string }>> = {
  canary: { icon: { id: 'beaker', color: 'charts.yellow' }, word: 'canary gate' },
  production: { icon: { id: 'rocket', color: 'charts.purple' }, word: 'production gate' },
};

/** Builds the whole tree. With one repository its lanes are the roots; with several, each gets a node. */
export function buildTree(input: TreeInput, nowMs: number): TreeNode[] {
  const offline = [
    ...(input.signInNeeded ? [stateNode('auth', 'signed-out', 'Sign in to GitLab again', input.signInNeeded.message)] : []),
    ...(input.offline ? [stateNode('offline', 'offline', 'Offline: showing the last known state', input.offline.message)] : []),
  ];
  const contextFor = (repoKey: string): JobContext => ({
    gateOf: (job) => input.gateOf?.(job, repoKey),
    noteFor: (pipelineId, jobId) => input.canaryNote?.(repoKey, pipelineId, jobId),
    actions: input.actions ?? NO_ACTIONS,
    findingsUnder: (target, parentId) => input.findingsUnder?.(repoKey, target, parentId) ?? [],
  });
  if (input.repos.length === 1) return [...offline, ...repoContent(input.repos[0]!, nowMs, contextFor(input.repos[0]!.repoKey))];
  return [
    ...offline,
    ...input.repos.map((repo): TreeNode => ({
      id: nodeIds.repo(repo.repoKey),
      kind: 'repo',
      label: repo.label,
      ...(repo.state.kind === 'ready' ? { description: repo.state.snapshot.projectPath } : {}),
      icon: { id: 'repo' },
      contextValue: 'repo',
      collapsible: 'expanded',
      children: repoContent(repo, nowMs, contextFor(repo.repoKey)),
      target: { repoKey: repo.repoKey },
    })),
  ];
}

const SIGNED_OUT_HINT = 'Sign in to GitLab with a personal access token (read_api to watch, api to act).';

/** What job nodes of one repository need to know beyond the job itself. */
interface JobContext {
  readonly gateOf: (job: Pick<JobView['job'], 'name' | 'stage'>) => GateKind | undefined;
  readonly noteFor: (pipelineId: number, jobId: number) => GateNote | undefined;
  readonly actions: NodeActions;
  readonly findingsUnder: (target: { readonly jobId?: number; readonly pipelineId: number }, parentId: string) => readonly TreeNode[];
}

/** The actions a node offers, as `;a;b;` for `viewItem =~ /;a;/`: the action table's word, nothing else's. */
function actionTags(actions: readonly string[]): string {
  return actions.length ? `;${actions.join(';')};` : '';
}


function repoContent(repo: RepoTreeInput, nowMs: number, context: JobContext): TreeNode[] {
  const root = nodeIds.repo(repo.repoKey);
  const { state } = repo;
  switch (state.kind) {
    case 'ready':
      return state.snapshot.lanes.map((lane) => laneNode(repo.repoKey, lane, nowMs, context));
    case 'signed-out':
      return [stateNode(root, 'signed-out', state.hosts.length ? `Sign in to ${state.hosts.join(', ')}` : 'Sign in to GitLab', SIGNED_OUT_HINT)];
    case 'no-remote':
      return [stateNode(root, 'no-remote', 'No GitLab remote in this repository', `${state.reason} Add a remote, or set the project path in the settings.`)];
    case 'no-access':
      return [stateNode(root, 'no-access', `No access to ${state.projectPath}`, state.message)];
  }
}

function laneNode(repoKey: string, snapshot: LaneSnapshot, nowMs: number, context: JobContext): TreeNode {
  const { lane, pipeline, mergeRequest, error } = snapshot;
  const id = nodeIds.lane(repoKey, lane.id);
  const status = pipeline ? statusInfo(pipeline.status) : undefined;
  const title = lane.id === 'mr' && mergeRequest ? `Merge request !${mergeRequest.iid}` : lane.title;
  const fallback = lane.id === 'mr' && mergeRequest && snapshot.source === 'branch' ? 'branch pipeline' : undefined;
  const description = [lane.branch === title ? undefined : lane.branch, fallback, status?.label, error && pipeline ? 'not updated' : undefined].filter(Boolean).join(' · ');
  const children = pipeline ? [pipelineNode(id, pipeline, nowMs, context)] : [laneState(id, snapshot)];
  return {
    id,
    kind: 'lane',
    label: title,
    ...(description ? { description } : {}),
    tooltip: [mergeRequest ? `!${mergeRequest.iid} ${mergeRequest.title}` : undefined, lane.branch ? `Branch: ${lane.branch}` : undefined, error?.message].filter(Boolean).join('\n') || title,
    icon: status ? { id: status.icon, color: status.color } : { id: lane.kind === 'mr' ? 'git-pull-request' : 'git-branch' },
    contextValue: ['lane', `lane-${lane.id}`, pipeline ? `status-${pipeline.status}` : undefined].filter(Boolean).join(' '),
    collapsible: 'expanded',
    children,
    ...(mergeRequest ? { webUrl: mergeRequest.web_url } : {}),
    target: { repoKey, laneId: lane.id },
  };
}

function laneState(laneId: string, { lane, error }: LaneSnapshot): TreeNode {
  if (error) return errorState(laneId, error);
  if (!lane.branch) {
    return lane.kind === 'mr'
      ? stateNode(laneId, 'no-branch', 'No branch checked out', 'Check out a branch to follow its merge request.')
      : stateNode(laneId, 'no-branch', `No ${lane.title} branch found`, `Looked for ${(lane.lookedFor ?? []).join(', ')}. Set the ${lane.id} branch name in the settings.`);
  }
  return stateNode(laneId, 'no-pipeline', `No pipeline for ${lane.branch} yet`, 'Push to the branch or start a pipeline to see it here.');
}

const ERROR_STATES: Readonly<Record<GitLabError['kind'], StateKind>> = {
  unauthorized: 'signed-out',
  forbidden: 'no-access',
  'not-found': 'no-access',
  network: 'offline',
  server: 'offline',
  'rate-limited': 'offline',
  'bad-request': 'error',
  refused: 'error',
};

/** A trigger job whose downstream pipeline could not be read: the rest of the lane still shows, this part says why it is missing. */
function downstreamErrorNode(parent: string, view: JobView, error: GitLabError): TreeNode {
  const child = (view.job as { downstream_pipeline?: { id: number } | null }).downstream_pipeline;
  const what = child ? `Downstream pipeline #${child.id}` : 'Downstream pipeline';
  return stateNode(parent, ERROR_STATES[error.kind], `${what} could not be loaded`, error.message);
}

function errorState(parent: string, error: GitLabError): TreeNode {
  return stateNode(parent, ERROR_STATES[error.kind], error.message.split('. ')[0] ?? error.message, error.message);
}

function pipelineNode(parent: string, view: PipelineView, nowMs: number, context: JobContext): TreeNode {
  const { pipeline } = view;
  const id = nodeIds.pipeline(parent, pipeline.id);
  const info = statusInfo(view.status);
  const user = 'user' in pipeline && pipeline.user ? pipeline.user.username : undefined;
  const commit = view.commit ? `${view.commit.short_id} ${view.commit.title}` : pipeline.sha.slice(0, 8);
  const label = [`#${pipeline.id}`, commit, user, formatAgo(pipeline.created_at, nowMs), formatDuration(elapsedSeconds(pipeline, nowMs))].filter(Boolean).join(' · ');
  const children = [...context.findingsUnder({ pipelineId: pipeline.id }, id), ...view.stages.map((stage) => stageNode(id, stage, pipeline.project_id, pipeline.id, nowMs, context))];
  return {
    id,
    kind: 'pipeline',
    label,
    description: info.label,
    tooltip: [`Pipeline #${pipeline.id} on ${pipeline.ref}: ${info.label}`, view.commit?.title, pipeline.source ? `Source: ${pipeline.source}` : undefined].filter(Boolean).join('\n'),
    icon: { id: info.icon, color: info.color },
    contextValue: ['pipeline', `status-${view.status}`, actionTags(context.actions.pipeline(view.status))].filter(Boolean).join(' '),
    collapsible: children.length ? 'expanded' : 'none',
    children,
    webUrl: pipeline.web_url,
    target: { projectId: pipeline.project_id, pipelineId: pipeline.id },
  };
}

/** Stages that need a look open by themselves; finished ones stay folded. */
const OPEN_STAGE: ReadonlySet<StatusKey> = new Set<StatusKey>(['running', 'pending', 'failed', 'manual', 'canceling', 'preparing']);

function stageNode(parent: string, stage: StageView, projectId: number, pipelineId: number, nowMs: number, context: JobContext): TreeNode {
  const id = nodeIds.stage(parent, stage.name);
  const info = statusInfo(stage.status);
  return {
    id,
    kind: 'stage',
    label: stage.name,
    description: `${info.label} · ${stage.jobs.length} job${stage.jobs.length === 1 ? '' : 's'}`,
    tooltip: `Stage ${stage.name}: ${info.label}`,
    icon: { id: info.icon, color: info.color },
    contextValue: `stage status-${stage.status}`,
    collapsible: OPEN_STAGE.has(stage.status) ? 'expanded' : 'collapsed',
    children: stage.jobs.map((job) => jobNode(id, job, nowMs, context)),
    target: { projectId, pipelineId },
  };
}

function jobNode(parent: string, view: JobView, nowMs: number, context: JobContext): TreeNode {
  const { job, markers } = view;
  const id = nodeIds.job(parent, job.id);
  const info = statusInfo(view.status);
  // Markers the status label already says ("Manual", "Failed (allowed to fail)") are left out.
  const markerWords = [markers.manual && job.status !== 'manual' ? 'manual' : undefined, markers.allowFailure && view.status !== 'failed_allowed' ? 'allowed to fail' : undefined, markers.retried ? `retried ×${view.attempts - 1}` : undefined];
  const duration = formatDuration(elapsedSeconds(job, nowMs));
  const gate = view.kind === 'bridge' ? undefined : context.gateOf(job);
  const waiting = gate !== undefined && job.status === 'manual';
  // The same kind the release commands work out (describeJob): a gate, else a manual job, else none.
  const kind: NodeJobKind = gate ?? (job.status === 'manual' ? 'manual' : 'none');
  const actions = context.actions.job({ id: job.id, status: view.status, kind }).filter((a) => view.kind !== 'bridge' || a !== 'open-log');
  const tags = ['job', gate ? `gate-${gate}` : undefined, view.kind === 'bridge' ? 'bridge' : undefined, `status-${job.status}`, markers.manual ? 'manual' : undefined, markers.allowFailure ? 'allowFailure' : undefined, markers.retried ? 'retried' : undefined, actionTags(actions)];
  const note = gate === 'canary' && job.pipeline ? context.noteFor(job.pipeline.id, job.id) : undefined;
  const children = [
    ...(note ? [noteNode(id, note)] : []),
    ...(job.pipeline ? context.findingsUnder({ jobId: job.id, pipelineId: job.pipeline.id }, id) : []),
    ...(view.downstream ? [pipelineNode(id, view.downstream, nowMs, context)] : []),
    ...(view.downstreamError ? [downstreamErrorNode(id, view, view.downstreamError)] : []),
  ];
  return {
    id,
    kind: 'job',
    label: job.name,
    description: [info.label, waiting ? GATE_LOOK[gate].word : undefined, duration, ...markerWords].filter(Boolean).join(' · '),
    tooltip: [`${job.name} (${job.stage}): ${info.label}`, duration ? `Duration: ${duration}` : undefined, job.failure_reason ? `Failure: ${job.failure_reason.replace(/_/g, ' ')}` : undefined, markers.retried ? `Attempt ${view.attempts}` : undefined].filter(Boolean).join('\n'),
    icon: waiting ? GATE_LOOK[gate].icon : { id: info.icon, color: info.color },
    contextValue: tags.filter(Boolean).join(' '),
    collapsible: children.length ? 'expanded' : 'none',
    children,
    webUrl: job.web_url,
    target: { ...(job.pipeline ? { projectId: job.pipeline.project_id, pipelineId: job.pipeline.id } : {}), jobId: job.id },
  };
}

function noteNode(parent: string, note: GateNote): TreeNode {
  return {
    id: `${parent}/note`,
    kind: 'state',
    label: note.label,
    tooltip: note.tooltip,
    icon: note.icon,
    contextValue: 'state state-canary-health',
    collapsible: 'none',
    children: [],
    state: 'canary-health',
  };
}

const STATE_ICONS: Readonly<Record<StateKind, string>> = {
  'signed-out': 'account',
  'no-remote': 'repo',
  'no-access': 'lock',
  'no-pipeline': 'circle-large-outline',
  'no-branch': 'git-branch',
  offline: 'debug-disconnect',
  error: 'warning',
  'canary-health': 'pulse',
};

function stateNode(parent: string, state: StateKind, label: string, tooltip: string): TreeNode {
  return {
    id: nodeIds.state(parent, state),
    kind: 'state',
    label,
    ...(tooltip === label ? {} : { description: tooltip }),
    tooltip,
    icon: { id: STATE_ICONS[state] },
    contextValue: `state state-${state}`,
    collapsible: 'none',
    children: [],
    state,
  };
}
