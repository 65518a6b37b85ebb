// A workspace at scale (issue 10): many repositories, one pipeline of hundreds of jobs, one
// project with a long pipeline history. Served with GitLab's pagination (per_page at most 100,
// x-next-page and Link headers), so reading 500 jobs takes five pages as it does on gitlab.com.
import type { FakeClock } from '../support/fakeClock';
import type { JobSpec, Pipeline, PipelineSpec, Project, User } from './model';
import { ACCESS } from './model';
import { createPipeline } from './pipelineFactory';
import { tick } from './simulation';
import type { FakeGitLabState } from './state';

export const SCALE_TOKEN = 'glpat-scale-sam-api';

export interface ScaleOptions {
  /** Repositories (projects) in the workspace. */
  readonly projects: number;
  /** Jobs of the big dev pipeline of the first project. */
  readonly jobs: number;
  /** Finished pipelines in the first project's history, before its lanes' pipelines. */
  readonly history: number;
  /** Stages the big pipeline spreads its jobs over. */
  readonly stages?: number;
}

export interface ScaleScenario {
  readonly user: User;
  readonly token: string;
  readonly projects: readonly Project[];
  /** The dev pipeline with `jobs` jobs (first project). */
  readonly big: Pipeline;
}

/** Three short jobs: what every other repository runs on dev and master. */
const SMALL_SPEC: PipelineSpec = {
  stages: ['build', 'test'],
  jobs: [
    { name: 'compile', stage: 'build', durationSec: 30 },
    { name: 'lint', stage: 'build', durationSec: 20 },
    { name: 'unit-tests', stage: 'test', durationSec: 60 },
  ],
};

const HISTORY_SPEC: PipelineSpec = { stages: ['build'], jobs: [{ name: 'compile', stage: 'build', queueSec: 0, durationSec: 1 }] };

/**
 * A pipeline of `jobs` jobs over `stages` stages (`test 1/50`...), with durations spread so that
 * some job changes status every few seconds while it runs.
 */
export function wideSpec(jobs: number, stages: number): PipelineSpec {
  const names = Array.from({ length: stages }, (_, i) => `stage-${i + 1}`);
  const perStage = Math.ceil(jobs / stages);
  const specs: JobSpec[] = Array.from({ length: jobs }, (_, i) => ({
    name: `job ${(i % perStage) + 1}/${perStage}`,
    stage: names[Math.floor(i / perStage)]!,
    queueSec: 1 + (i % 7),
    durationSec: 5 + ((i * 37) % 55),
  }));
  return { stages: names, jobs: specs };
}

export function buildScaleScenario(state: FakeGitLabState, clock: FakeClock, options: ScaleOptions): ScaleScenario {
  const user = state.addUser({ username: 'sam', name: 'Sam Scale' });
  state.addToken({ user, value: SCALE_TOKEN, scopes: ['api'], name: 'release-pilot' });
  const projects: Project[] = [];
  for (let i = 0; i < options.projects; i++) {
    const project = state.addProject({ path: `scale/service-${String(i).padStart(2, '0')}`, defaultBranch: 'master', members: [{ user, access: ACCESS.maintainer }] });
    state.addCommit(project, { branch: 'master', title: 'Initial commit', author: user });
    state.addBranch(project, 'dev', 'master');
    state.addCommit(project, { branch: 'dev', title: `Change ${i}`, author: user });
    projects.push(project);
  }
  const first = projects[0];
  if (!first) throw new Error('the scale scenario needs at least one project');
  // The long history first (older ids), finished: one-second jobs, all run in one clock step.
  for (let i = 0; i < options.history; i++) createPipeline(state, first, { ref: i % 2 ? 'dev' : 'master', user, source: 'push', spec: HISTORY_SPEC });
  tick(state);
  clock.advance(5_000);
  tick(state);
  for (const project of projects) {
    createPipeline(state, project, { ref: 'master', user, source: 'push', spec: SMALL_SPEC });
    if (project !== first) createPipeline(state, project, { ref: 'dev', user, source: 'push', spec: SMALL_SPEC });
  }
  const big = createPipeline(state, first, { ref: 'dev', user, source: 'push', spec: wideSpec(options.jobs, options.stages ?? 10) });
  tick(state);
  return { user, token: SCALE_TOKEN, projects, big };
}
