/**
 * The pipeline preview for the release lanes of a repository: which pipeline each lane would get
 * (the MR lane as a merge request pipeline, dev and master as pushes), where each job runs, which
 * jobs run in no lane at all, and how a prediction compares with the jobs GitLab really created.
 * Pure: the editor hands in the lanes, the changed files and GitLab's jobs.
 */
import type { CiAnalysis, CiJob } from '../ci';
import { RUNNABLE_KEYS } from '../ci';
import type { LaneId } from '../lanes/lanes';
import type { JobWhen, PipelinePreview, PreviewContext } from './previewPipeline';
import { previewPipeline } from './previewPipeline';
import { unknownVariables } from './unknownVariables';

/** What a lane preview is made for: a lane of the repository, or a ref the person chose. */
export interface PreviewTarget {
  readonly id: LaneId | 'ref';
  /** Short name in CodeLenses and titles: `MR`, the dev or master branch, or the ref. */
  readonly label: string;
  /** One line for pickers and the preview's title. */
  readonly description: string;
  readonly context: PreviewContext;
}

/** What the editor knows of the lanes of one repository. */
export interface LaneFacts {
  /** The checked-out branch; undefined for a detached HEAD (no MR lane then). */
  readonly currentBranch: string | undefined;
  /** Target branch of the current branch's open merge request, when GitLab said there is one. */
  readonly mergeRequestTarget?: string;
  readonly devBranch: string | undefined;
  readonly masterBranch: string | undefined;
  /** `CI_DEFAULT_BRANCH`; the master branch when unknown. */
  readonly defaultBranch?: string;
  /** `CI_PROJECT_PATH`, when the GitLab project is known. */
  readonly projectPath?: string;
}

/**
 * The three lanes as preview targets. The MR lane goes from the current branch into its merge
 * request's target, or into the dev branch when there is no merge request yet (where it would go).
 */
export function laneTargets(facts: LaneFacts): PreviewTarget[] {
  const common = commonContext(facts);
  const targets: PreviewTarget[] = [];
  const mrTarget = facts.mergeRequestTarget ?? facts.devBranch;
  if (facts.currentBranch !== undefined && mrTarget !== undefined && facts.currentBranch !== mrTarget) {
    targets.push({
      id: 'mr',
      label: 'MR',
      description: `Merge request: ${facts.currentBranch} into ${mrTarget}${facts.mergeRequestTarget === undefined ? ' (no merge request yet)' : ''}`,
      context: { source: 'merge_request_event', ref: facts.currentBranch, targetBranch: mrTarget, ...common },
    });
  }
  for (const [id, branch] of [['dev', facts.devBranch], ['master', facts.masterBranch]] as const) {
    if (branch !== undefined) targets.push(branchTarget(id, branch, `Push to ${branch}`, common));
  }
  return targets;
}

/** A push pipeline on any branch the person names. */
export function refTarget(ref: string, facts: Pick<LaneFacts, 'defaultBranch' | 'masterBranch' | 'projectPath'>): PreviewTarget {
  return branchTarget('ref', ref, `Push to ${ref}`, commonContext(facts));
}

/** What every target shares: the default branch, and the project's path when known. */
function commonContext(facts: Pick<LaneFacts, 'defaultBranch' | 'masterBranch' | 'projectPath'>): Omit<PreviewContext, 'source'> {
  const defaultBranch = facts.defaultBranch ?? facts.masterBranch;
  const variables: Record<string, string> = facts.projectPath === undefined ? {} : { CI_PROJECT_PATH: facts.projectPath };
  return { ...(defaultBranch === undefined ? {} : { defaultBranch }), variables };
}

function branchTarget(id: LaneId | 'ref', branch: string, description: string, common: Omit<PreviewContext, 'source'>): PreviewTarget {
  return { id, label: branch, description, context: { ...common, source: 'push', ref: branch } };
}

/** The working tree's changed files since `base` (root-relative); undefined when they cannot be told. */
export type ChangedSince = (base: string) => Promise<readonly string[] | undefined>;

/**
 * Gives each target the files `changes` compares: those changed in the working tree since the
 * target's base. Without a base, or when the diff cannot be read, `changes` stays unknown and so
 * true, as GitLab treats a pipeline without a diff.
 */
export async function withChangedFiles(targets: readonly PreviewTarget[], baseOf: (target: PreviewTarget) => Promise<string | undefined>, changedSince: ChangedSince): Promise<PreviewTarget[]> {
  return Promise.all(targets.map(async (target) => {
    const base = await baseOf(target);
    const changed = base === undefined ? undefined : await changedSince(base);
    return changed === undefined ? target : { ...target, context: { ...target.context, changed } };
  }));
}

export interface LanePreview {
  readonly target: PreviewTarget;
  readonly preview: PipelinePreview;
}

export function previewTargets(analysis: CiAnalysis, targets: readonly PreviewTarget[]): LanePreview[] {
  return targets.map((target) => ({ target, preview: previewPipeline(analysis, target.context) }));
}

/** One lane a job runs in, and how. */
export interface Placement {
  readonly lane: string;
  readonly when: JobWhen;
  readonly allowFailure: boolean;
}

/** How each `when` reads after a lane's name; an ordinary job reads as the lane's name alone. */
const WHEN_NOTE: Readonly<Record<JobWhen, string>> = {
  on_success: '',
  on_failure: 'on failure',
  always: 'always',
  manual: 'manual',
  delayed: 'delayed',
};

/** The lanes each job runs in, by job name, in lane order. Lanes whose pipeline GitLab would not create hold no job. */
export function jobPlacements(previews: readonly LanePreview[]): Map<string, Placement[]> {
  const placements = new Map<string, Placement[]>();
  for (const { target, preview } of previews) {
    if (!preview.created) continue;
    for (const job of preview.jobs) {
      const list = placements.get(job.name) ?? [];
      list.push({ lane: target.label, when: job.when, allowFailure: job.allowFailure });
      placements.set(job.name, list);
    }
  }
  return placements;
}

/**
 * `MR · dev · master (manual)`: the lanes a job runs in, each with how it runs there when not on
 * success. A job in no lane whose conditions read variables the file does not set (see
 * {@link unknownVariables}) says which: they may well be set in GitLab's CI/CD settings.
 */
export function placementSummary(placements: readonly Placement[] | undefined, unknown: readonly string[] = []): string {
  if (!placements || placements.length === 0) return unknown.length > 0 ? `No lane while unset: ${unknown.map((v) => `$${v}`).join(', ')}` : 'Runs in no lane';
  return placements.map((p) => (WHEN_NOTE[p.when] ? `${p.lane} (${WHEN_NOTE[p.when]})` : p.lane)).join(' · ');
}

/**
 * The visible jobs that no lane would ever run. `changes` is taken as true here (any diff may touch
 * the files), and a lane counts even when its pipeline would be refused for another job's sake, so
 * a job is flagged only when its own rules or only/except leave it out of every lane, and not when
 * they read a variable the file does not set (a project's CI/CD variable decides it in GitLab).
 * `unknownOf` lets a caller that shows those variables too work them out once per job.
 */
export function jobsInNoLane(analysis: CiAnalysis, targets: readonly PreviewTarget[], unknownOf: (job: CiJob) => readonly string[] = (job) => unknownVariables(analysis, job)): string[] {
  const placed = new Set<string>();
  for (const target of targets) {
    const { changed: _anyChange, ...context } = target.context;
    for (const job of previewPipeline(analysis, context).jobs) placed.add(job.name);
  }
  return analysis.jobs
    .filter((job) => !job.hidden && job.node.kind === 'map' && RUNNABLE_KEYS.some((k) => job.node.kind === 'map' && job.node.entries.has(k)))
    .filter((job) => !placed.has(job.name) && unknownOf(job).length === 0)
    .map((job) => job.name);
}

/**
 * GitLab names the jobs of `parallel: N` `name 1/N` and those of `parallel:matrix` `name: [a, b]`;
 * the preview lists each job once under its own name.
 */
export function configJobName(gitlabName: string): string {
  return gitlabName.replace(/ \d+\/\d+$/, '').replace(/: \[[^\]]*\]$/, '');
}

export interface PredictionDiff {
  /** Jobs GitLab created that the preview did not predict. */
  readonly unpredicted: readonly string[];
  /** Jobs the preview predicted that GitLab did not create. */
  readonly missing: readonly string[];
}

/** Compares predicted job names with GitLab's (matrix and parallel jobs folded onto their configured name). */
export function comparePrediction(predicted: readonly string[], created: readonly string[]): PredictionDiff {
  const actual = new Set(created.map(configJobName));
  const expected = new Set(predicted);
  return {
    unpredicted: [...actual].filter((name) => !expected.has(name)).sort(),
    missing: [...expected].filter((name) => !actual.has(name)).sort(),
  };
}

/** The jobs of a preview grouped into stages, in pipeline order. */
export function stagesOf(preview: PipelinePreview): { readonly stage: string; readonly jobs: PipelinePreview['jobs'] }[] {
  const stages: { stage: string; jobs: PipelinePreview['jobs'][number][] }[] = [];
  for (const job of preview.jobs) {
    const last = stages[stages.length - 1];
    if (last?.stage === job.stage) last.jobs.push(job);
    else stages.push({ stage: job.stage, jobs: [job] });
  }
  return stages;
}
