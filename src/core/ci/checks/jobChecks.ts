import { getChild } from '../model/ciNode';
import { isDynamicName } from '../model/keywords';
import { jobStage } from '../jobs/jobs';
import { RUNNABLE_KEYS } from '../model/keywords';
import type { CheckContext } from './checkContext';
import { MAX_INSTANCES, matrixJobCount } from './matrix';

/**
 * Job shape: a visible job is a mapping with `script`, `trigger` or `run`, and at least one visible
 * job exists. While an unreadable include exists, a local job may be only an override of an
 * included one, so the "what a job needs" checks stay quiet rather than guess.
 */
export function checkJobs(ctx: CheckContext): void {
  const blind = ctx.hasUnresolvedIncludes;
  if (ctx.visible.size === 0 && !blind) ctx.report('no-visible-job', {}, ctx.config.loc);
  for (const job of ctx.visible.values()) {
    // A job that is not a mapping (an empty value included) is the schema's finding, not a second one here.
    if (job.node.kind !== 'map') continue;
    if (blind || ctx.incomplete.has(job.name)) continue;
    const runnable = job.effective && RUNNABLE_KEYS.some((key) => getChild(job.effective, key) !== undefined);
    if (!runnable) ctx.report('job-no-script', { job: job.name }, job.keyLoc);
  }
}

/** Every visible job's stage (given or the default `test`) must be one of the pipeline's stages. */
export function checkStages(ctx: CheckContext): void {
  for (const job of ctx.visible.values()) {
    if (job.node.kind !== 'map' || ctx.incomplete.has(job.name)) continue;
    const stage = jobStage(job);
    if (stage.name === undefined || ctx.stageNames.includes(stage.name) || isDynamicName(stage.name)) continue;
    if (!stage.explicit && ctx.hasUnresolvedIncludes) continue;
    ctx.report('stage-undefined', { job: job.name, stage: stage.name, stages: ctx.stageNames.join(', ') }, stage.loc);
  }
}

/** A `parallel:matrix` may generate at most {@link MAX_INSTANCES} jobs; GitLab refuses the pipeline otherwise. */
export function checkMatrices(ctx: CheckContext): void {
  for (const job of ctx.jobs) {
    if (job.hidden) continue;
    const matrix = getChild(getChild(job.node, 'parallel'), 'matrix');
    const count = matrixJobCount(matrix);
    if (matrix && count > MAX_INSTANCES) ctx.report('matrix-too-many-jobs', { job: job.name, max: MAX_INSTANCES }, matrix.loc);
  }
}
