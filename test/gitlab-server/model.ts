// The in-memory objects behind the fake GitLab. They hold what GitLab stores, not what it
// renders: payload builders (payloads/*.ts) turn them into REST JSON.
import type { JobOutputs } from './jobOutputs';

export const JOB_STATUSES = [
  'created', 'waiting_for_resource', 'preparing', 'waiting_for_callback', 'pending', 'running',
  'success', 'failed', 'canceling', 'canceled', 'skipped', 'manual', 'scheduled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** Pipelines use the same status vocabulary as jobs (Ci::HasStatus). */
export type PipelineStatus = JobStatus;

export const PIPELINE_SOURCES = [
  'push', 'web', 'trigger', 'schedule', 'api', 'external', 'pipeline', 'chat', 'webide',
  'merge_request_event', 'external_pull_request_event', 'parent_pipeline', 'ondemand_dast_scan',
  'ondemand_dast_validation', 'security_orchestration_policy', 'container_registry_push',
  'duo_workflow', 'pipeline_execution_policy_schedule', 'unknown',
] as const;
export type PipelineSource = (typeof PIPELINE_SOURCES)[number];

export const DEPLOYMENT_STATUSES = ['created', 'running', 'success', 'failed', 'canceled', 'skipped', 'blocked'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export type TokenScope = 'api' | 'read_api' | 'read_user' | 'read_repository' | 'write_repository';
export type EnvironmentTier = 'production' | 'staging' | 'testing' | 'development' | 'other';

/** GitLab's member roles (Gitlab::Access). */
export const ACCESS = { guest: 10, reporter: 20, developer: 30, maintainer: 40, owner: 50 } as const;
export type AccessLevel = (typeof ACCESS)[keyof typeof ACCESS];

export interface User {
  readonly id: number;
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: number;
}

export interface Token {
  readonly id: number;
  readonly name: string;
  readonly value: string;
  readonly userId: number;
  readonly scopes: readonly TokenScope[];
  readonly createdAt: number;
  revoked: boolean;
  /** Epoch ms of the expiry day, or null for a token that never expires. */
  expiresAt: number | null;
  lastUsedAt: number | null;
}

export interface Commit {
  readonly sha: string;
  readonly parentIds: readonly string[];
  readonly title: string;
  readonly message: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly createdAt: number;
  /** The repository's files at this commit (path -> content): its parent's, with this commit's changes. */
  readonly files: ReadonlyMap<string, string>;
}

/** A release (Releases API); its tag names the commit. CI/CD catalog versions are released tags. */
export interface Release {
  readonly tagName: string;
  readonly name: string;
  readonly sha: string;
  readonly createdAt: number;
  readonly releasedAt: number;
}

export type CiStatus = 'success' | 'failed';

/** How a job behaves once it runs: what it prints, how long it takes, how it ends. */
export interface JobPlan {
  queueSec: number;
  durationSec: number;
  result: CiStatus;
  failureReason: string;
  script: readonly string[];
}

export interface EnvironmentRef {
  readonly name: string;
  readonly tier?: EnvironmentTier;
  readonly url?: string;
}

export interface JobSpec {
  readonly name: string;
  readonly stage: string;
  readonly when?: 'on_success' | 'manual';
  /** Defaults like GitLab: true for manual jobs (non-blocking), false otherwise. */
  readonly allowFailure?: boolean;
  readonly needs?: readonly string[];
  readonly environment?: EnvironmentRef;
  readonly queueSec?: number;
  readonly durationSec?: number;
  readonly result?: CiStatus;
  readonly script?: readonly string[];
  /** Makes the job a bridge that starts this child pipeline. */
  readonly trigger?: PipelineSpec;
  /** Its JUnit report and artifact files (jobOutputs.ts). */
  readonly outputs?: JobOutputs;
}

export interface PipelineSpec {
  readonly stages: readonly string[];
  readonly jobs: readonly JobSpec[];
  readonly name?: string;
}

export interface PipelineVariable {
  readonly key: string;
  readonly value: string;
  readonly variable_type: 'env_var' | 'file';
}

export interface Pipeline {
  readonly id: number;
  readonly iid: number;
  readonly projectId: number;
  readonly ref: string;
  readonly sha: string;
  readonly beforeSha: string;
  readonly source: PipelineSource;
  readonly userId: number;
  readonly createdAt: number;
  readonly stages: readonly string[];
  readonly variables: readonly PipelineVariable[];
  readonly name: string | null;
  readonly mergeRequestIid: number | null;
  readonly parent: { readonly pipelineId: number; readonly bridgeId: number } | null;
  status: PipelineStatus;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface Job {
  readonly id: number;
  readonly pipelineId: number;
  readonly projectId: number;
  readonly name: string;
  readonly stage: string;
  readonly stageIdx: number;
  readonly kind: 'build' | 'bridge';
  readonly when: 'on_success' | 'manual';
  readonly allowFailure: boolean;
  readonly needs: readonly string[] | null;
  readonly environment: EnvironmentRef | null;
  readonly plan: JobPlan;
  readonly childSpec: PipelineSpec | null;
  readonly createdAt: number;
  status: JobStatus;
  userId: number;
  retried: boolean;
  /** A manual job someone played: it runs like an ordinary job from then on. */
  played: boolean;
  queuedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  failureReason: string | null;
  /** What it uploads when it ends (jobOutputs.ts); tests may replace it. */
  outputs?: JobOutputs;
  trace: string;
  /** Index of the next plan line to print. */
  logCursor: number;
  jobVariables: readonly { key: string; value: string }[];
  downstreamPipelineId: number | null;
  updatedAt: number;
  /** Set when someone erased the job (`POST /jobs/:id/erase`): log and artifacts are gone, the job stays retryable. */
  erasedAt?: number | null;
}

export interface MergeRequest {
  readonly id: number;
  readonly iid: number;
  readonly projectId: number;
  readonly title: string;
  readonly description: string;
  readonly sourceBranch: string;
  readonly targetBranch: string;
  readonly authorId: number;
  readonly createdAt: number;
  state: 'opened' | 'closed' | 'merged' | 'locked';
  updatedAt: number;
}

export interface Environment {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly slug: string;
  readonly tier: EnvironmentTier;
  readonly externalUrl: string | null;
  readonly createdAt: number;
  state: 'available' | 'stopping' | 'stopped';
  updatedAt: number;
}

export interface ApprovalRule {
  readonly id: number;
  readonly userId: number | null;
  readonly accessLevel: AccessLevel | null;
  readonly requiredApprovals: number;
}

export interface DeployAccessLevel {
  readonly id: number;
  readonly accessLevel: AccessLevel | null;
  readonly userId: number | null;
}

export interface ProtectedEnvironment {
  readonly projectId: number;
  readonly name: string;
  readonly deployAccessLevels: readonly DeployAccessLevel[];
  readonly approvalRules: readonly ApprovalRule[];
  /** The legacy single count; used only when there are no approval rules. */
  readonly requiredApprovalCount: number;
}

export interface Approval {
  readonly userId: number;
  status: 'approved' | 'rejected';
  readonly createdAt: number;
  comment: string | null;
  readonly ruleId: number | null;
}

export interface Deployment {
  readonly id: number;
  readonly iid: number;
  readonly projectId: number;
  readonly environmentId: number;
  readonly jobId: number;
  readonly ref: string;
  readonly sha: string;
  readonly userId: number;
  readonly createdAt: number;
  status: DeploymentStatus;
  updatedAt: number;
  finishedAt: number | null;
  readonly approvals: Approval[];
}

export type PipelineSpecResolver = (ref: string, source: PipelineSource) => PipelineSpec | undefined;

export interface Project {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  readonly namespace: string;
  readonly description: string;
  readonly createdAt: number;
  readonly visibility: 'private' | 'internal' | 'public';
  defaultBranch: string;
  readonly members: Map<number, AccessLevel>;
  /** Content of .gitlab-ci.yml, answered by GET /ci/lint. */
  ciConfig: string;
  resolveSpec: PipelineSpecResolver;
  /** GitLab's project setting allow_pipeline_trigger_approve_deployment. */
  allowTriggererToApprove: boolean;
  readonly commits: Map<string, Commit>;
  readonly branches: Map<string, string>;
  readonly protectedBranches: Set<string>;
  /** Tag name -> commit SHA (lightweight tags). */
  readonly tags: Map<string, string>;
  readonly releases: Release[];
}

export function fullPath(project: Project): string {
  return `${project.namespace}/${project.path}`;
}
