/**
 * The release flow (docs: shared/design/release-flow.md) as data: which lane runs which stage, and
 * which scaffolded job sits in which stage. The generator writes rules from these tables and the
 * tests compare the lane model of the generated file against them. Lanes are the same three the
 * Release Lanes view shows (`LaneId`, core/lanes/lanes.ts).
 */

import type { LaneId } from '../lanes/lanes';

export const LANE_IDS: readonly LaneId[] = ['mr', 'dev', 'master'];

/** Stages in pipeline order; every lane runs a subsequence of it. */
export const RELEASE_STAGES = ['build', 'package', 'deploy', 'test', 'canary', 'clear', 'prod'] as const;
export type ReleaseStage = (typeof RELEASE_STAGES)[number];

/** Stages of each lane, in order, exactly as the release flow lists them. */
export const LANE_STAGES: Readonly<Record<LaneId, readonly ReleaseStage[]>> = {
  mr: ['build', 'package', 'deploy', 'test'],
  dev: ['build', 'package', 'deploy', 'test', 'canary'],
  master: ['build', 'package', 'clear', 'prod'],
};

/** Which environment option a stage deploys to, if any. */
export type EnvironmentRole = 'test' | 'canary' | 'production';

/**
 * What sets a scaffolded job apart beyond its script. The job is named after its stage, except in
 * `build`, which holds the code check, unit tests and SonarQube beside `build` (qualityChecks.ts).
 */
export interface StageJobSpec {
  /** A gate a human owns: `when: manual`, blocking the rest of the pipeline until played. */
  readonly manual: boolean;
  readonly environment?: EnvironmentRole;
  /** Deployments to one environment never overlap. */
  readonly exclusive: boolean;
}

export const STAGE_JOBS: Readonly<Record<ReleaseStage, StageJobSpec>> = {
  build: { manual: false, exclusive: false },
  package: { manual: false, exclusive: false },
  deploy: { manual: false, environment: 'test', exclusive: true },
  test: { manual: false, exclusive: false },
  canary: { manual: true, environment: 'canary', exclusive: true },
  clear: { manual: false, exclusive: true },
  prod: { manual: true, environment: 'production', exclusive: true },
};

/** GitLab deployment tier per environment role (canary is kept out of `production` so DORA counts only real releases). */
export const ENVIRONMENT_TIERS: Readonly<Record<EnvironmentRole, string>> = {
  test: 'testing',
  canary: 'staging',
  production: 'production',
};

/** Variables the generated file defines, so branch names live in one place. */
export const DEV_BRANCH_VARIABLE = 'RELEASE_DEV_BRANCH';
export const MASTER_BRANCH_VARIABLE = 'RELEASE_MASTER_BRANCH';

/** The `rules:if` (and `workflow:rules:if`) condition that selects each lane. */
export const LANE_CONDITIONS: Readonly<Record<LaneId, string>> = {
  mr: `$CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == $${DEV_BRANCH_VARIABLE}`,
  // CI_COMMIT_BRANCH is unset in merge-request pipelines, so these only match branch pipelines.
  dev: `$CI_COMMIT_BRANCH == $${DEV_BRANCH_VARIABLE}`,
  master: `$CI_COMMIT_BRANCH == $${MASTER_BRANCH_VARIABLE}`,
};

/** Lanes a stage runs in, derived from {@link LANE_STAGES}. */
export function lanesOfStage(stage: ReleaseStage): LaneId[] {
  return LANE_IDS.filter((lane) => LANE_STAGES[lane].includes(stage));
}
