/** The status bar item: the current branch's pipeline at a glance (the MR lane's head). */
import type { LaneSnapshot } from './snapshot';
import { statusInfo } from './statusTable';

export interface StatusBarModel {
  /** With a `$(codicon)` prefix, ready for a StatusBarItem's text. */
  readonly text: string;
  readonly tooltip: string;
  /** Theme colour id of the status, for the item's colour. */
  readonly color?: string;
}

/** Undefined hides the item (no branch checked out). */
export function statusBarModel(lane: LaneSnapshot | undefined, options: { readonly offline?: boolean } = {}): StatusBarModel | undefined {
  if (!lane?.lane.branch) return undefined;
  const offline = options.offline ? ' (offline)' : '';
  if (!lane.pipeline) {
    return { text: `$(circle-large-outline) ${lane.lane.branch}${offline}`, tooltip: `No pipeline for ${lane.lane.branch} yet. Click to open Release Lanes.` };
  }
  const info = statusInfo(lane.pipeline.status);
  const mr = lane.mergeRequest ? ` · !${lane.mergeRequest.iid}` : '';
  return {
    text: `$(${info.icon}) #${lane.pipeline.pipeline.id} ${info.label}${offline}`,
    tooltip: `Pipeline #${lane.pipeline.pipeline.id} of ${lane.lane.branch}${mr}: ${info.label}. Click to open Release Lanes.`,
    color: info.color,
  };
}
