import type { NodeActions } from '../../lanes/treeModel';
import type { ApprovalState } from './actionTable';
import { allowedActions, pipelineActions } from './actionTable';

/**
 * The lanes tree's node actions, from the action table. A job whose approval is not known counts
 * as `not-required`, so Approve and Reject are offered only where approval is known to be needed
 * (the notifier reads it for waiting gates); a write re-checks the table on fresh state anyway.
 */
export function treeActions(approvalOf: (jobId: number) => ApprovalState | undefined = () => undefined): NodeActions {
  return {
    job: (job) => allowedActions({ status: job.status, kind: job.kind, approval: approvalOf(job.id) ?? 'not-required' }),
    pipeline: (status) => pipelineActions(status),
  };
}
