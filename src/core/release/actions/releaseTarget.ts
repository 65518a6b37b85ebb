import type { TreeNode } from '../../lanes/treeModel';

/** The lanes tree, to turn a clicked node id into what it shows. */
export interface NodeLookup {
  node(id: string): TreeNode | undefined;
}

/** What a command acts on: from a tree node, a notification button, or a test. */
export interface ReleaseTarget {
  readonly repoKey: string;
  readonly laneId?: string;
  readonly projectId?: number;
  readonly pipelineId?: number;
  readonly jobId?: number;
  readonly deploymentId?: number;
}

/**
 * A command argument as a target. Tree nodes arrive as ids (`repo:<key>/lane:dev/pipeline:12/...`)
 * whose first segment names the repository; structured targets pass through.
 */
export function resolveTarget(arg: unknown, tree: NodeLookup | undefined): ReleaseTarget | undefined {
  if (typeof arg === 'string') {
    const repo = /^repo:([^/]+)/.exec(arg)?.[1];
    if (!repo) return undefined;
    const node = tree?.node(arg);
    const lane = /\/lane:([^/]+)/.exec(arg)?.[1];
    const ids = (name: string): number | undefined => {
      const all = [...arg.matchAll(new RegExp(`/${name}:(\\d+)`, 'g'))];
      const last = all.at(-1)?.[1];
      return last === undefined ? undefined : Number(last);
    };
    const pipelineId = node?.target?.pipelineId ?? ids('pipeline');
    const jobId = node?.target?.jobId ?? ids('job');
    return {
      repoKey: decodeURIComponent(repo),
      ...(lane ? { laneId: lane } : {}),
      ...(node?.target?.projectId !== undefined ? { projectId: node.target.projectId } : {}),
      ...(pipelineId !== undefined ? { pipelineId } : {}),
      ...(jobId !== undefined && node?.kind !== 'pipeline' ? { jobId } : {}),
    };
  }
  if (typeof arg === 'object' && arg !== null && typeof (arg as { repoKey?: unknown }).repoKey === 'string') {
    const record = arg as Record<string, unknown>;
    const num = (key: string): { [k: string]: number } => (typeof record[key] === 'number' ? { [key]: record[key] } : {});
    return {
      repoKey: record['repoKey'] as string,
      ...(typeof record['laneId'] === 'string' ? { laneId: record['laneId'] } : {}),
      ...num('projectId'), ...num('pipelineId'), ...num('jobId'), ...num('deploymentId'),
    };
  }
  return undefined;
}
