/**
 * The release lanes of a repository (see release-flow.md): the merge-request lane of
 * the current branch, and the dev and master lanes. Branch names come from settings;
 * where a project uses `develop` or `main` instead and the user set nothing, those are
 * found among the project's branches.
 */

export type LaneId = 'mr' | 'dev' | 'master';

/** The two gates a release passes (release-flow.md): canary on the dev lane, production on the master lane. */
export type GateKind = 'canary' | 'production';

export interface LaneSpec {
  readonly id: LaneId;
  /** `mr`: pipelines of the open MR of `branch`, else of `branch` itself; `branch`: pipelines of `branch`. */
  readonly kind: 'mr' | 'branch';
  /** Shown as the lane's name. */
  readonly title: string;
  /** The branch to follow; undefined when there is none (detached HEAD, or no such branch in the project). */
  readonly branch: string | undefined;
  /** For dev/master lanes without a branch: the names that were looked for. */
  readonly lookedFor?: readonly string[];
  /** MR lane: the checked-out commit, to tell a new MR pipeline of this branch from other branches' (laneWatcher.ts). */
  readonly sha?: string;
}

/** The user's settings. `undefined` means "not set": detect. A set value is used as is. */
export interface LaneSettings {
  readonly devBranch?: string;
  readonly masterBranch?: string;
}

export const DEFAULT_LANE_BRANCHES: Readonly<Record<'dev' | 'master', string>> = { dev: 'dev', master: 'master' };

/** Names tried, in order, when a lane's branch is not configured. */
export const LANE_BRANCH_CANDIDATES: Readonly<Record<'dev' | 'master', readonly string[]>> = {
  dev: ['dev', 'develop', 'development'],
  master: ['master', 'main'],
};

export interface LaneContext {
  /** Names of the project's branches (enough of them to contain the candidates). */
  readonly projectBranches: readonly string[];
  /** The project's default branch, the last resort for the master lane. */
  readonly defaultBranch?: string | null;
  /** The checked-out branch; undefined for a detached HEAD. */
  readonly currentBranch: string | undefined;
  /** The checked-out commit, when known. */
  readonly currentCommit?: string;
}

/** The branch a dev/master lane follows: the setting, else the first candidate the project has. */
export function laneBranch(lane: 'dev' | 'master', settings: LaneSettings, context: Omit<LaneContext, 'currentBranch'>): string | undefined {
  const configured = (lane === 'dev' ? settings.devBranch : settings.masterBranch)?.trim();
  if (configured) return configured;
  const existing = new Set(context.projectBranches);
  const found = LANE_BRANCH_CANDIDATES[lane].find((name) => existing.has(name));
  if (found) return found;
  return lane === 'master' && context.defaultBranch && context.defaultBranch !== laneBranch('dev', settings, { ...context, defaultBranch: null })
    ? context.defaultBranch
    : undefined;
}

/** The three lanes, in display order. */
export function buildLanes(settings: LaneSettings, context: LaneContext): LaneSpec[] {
  const dev = laneBranch('dev', settings, context);
  const master = laneBranch('master', settings, context);
  return [
    { id: 'mr', kind: 'mr', title: 'Merge request', branch: context.currentBranch, ...(context.currentCommit ? { sha: context.currentCommit } : {}) },
    branchLane('dev', dev, settings.devBranch),
    branchLane('master', master, settings.masterBranch),
  ];
}

function branchLane(id: 'dev' | 'master', branch: string | undefined, configured: string | undefined): LaneSpec {
  const title = branch ?? configured ?? DEFAULT_LANE_BRANCHES[id];
  return branch ? { id, kind: 'branch', title, branch } : { id, kind: 'branch', title, branch: undefined, lookedFor: LANE_BRANCH_CANDIDATES[id] };
}

/**
 * The fewest `GET /repository/branches?search=` terms (GitLab matches substrings) that
 * find every branch a lane may follow: `dev` also finds `develop` and `development`.
 * Empty when both lanes are configured and nothing needs detecting.
 */
export function branchSearchTerms(settings: LaneSettings): string[] {
  if (settings.devBranch?.trim() && settings.masterBranch?.trim()) return [];
  const wanted = [...LANE_BRANCH_CANDIDATES.dev, ...LANE_BRANCH_CANDIDATES.master].sort((a, b) => a.length - b.length);
  const terms: string[] = [];
  for (const name of wanted) if (!terms.some((term) => name.includes(term))) terms.push(name);
  return terms;
}
