import type { CiNode } from '../model/ciNode';
import { getChild, scalarString } from '../model/ciNode';
import { isDynamicName } from '../model/keywords';
import type { CheckContext } from './checkContext';

function environmentName(env: CiNode | undefined): string | undefined {
  return env?.kind === 'map' ? scalarString(getChild(env, 'name')) : scalarString(env);
}

/** `environment:on_stop` must name a visible job that stops the same environment (`action: stop`). */
export function checkEnvironments(ctx: CheckContext): void {
  for (const job of ctx.visible.values()) {
    const env = getChild(job.effective, 'environment');
    const onStop = getChild(env, 'on_stop');
    const target = scalarString(onStop);
    if (!onStop || target === undefined || isDynamicName(target)) continue;
    const stopper = ctx.visible.get(target);
    const args = { job: job.name, target };
    if (!stopper) {
      ctx.report('on-stop-undefined-job', args, onStop.loc);
      continue;
    }
    if (ctx.incomplete.has(stopper.name)) continue;
    const stopEnv = getChild(stopper.effective, 'environment');
    if (!stopEnv) ctx.report('on-stop-no-environment', args, onStop.loc);
    else if (environmentName(stopEnv) !== environmentName(env)) ctx.report('on-stop-environment-mismatch', args, onStop.loc);
    else if (scalarString(getChild(stopEnv, 'action')) !== 'stop') ctx.report('on-stop-action-not-stop', args, onStop.loc);
  }
}
