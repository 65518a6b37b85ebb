// The local GitLab-compatible server: what tests, the benchmark and the sandbox import.
export { startGitLabServer } from './server';
export type { GitLabServer, GitLabServerOptions } from './server';
export { FakeGitLabState } from './state';
export type { NewProject, NewProtectedEnvironment, Who } from './state';
export { ScaledClock, systemClock } from './clock';
export { FakeClock } from '../support/fakeClock';
/** The old name of FakeClock, kept while test/integration still imports it. */
export { FakeClock as ManualClock } from '../support/fakeClock';
export type { Clock } from './clock';
export { FaultController } from './faults';
export type { FaultHandle, FaultScope, PathMatch } from './faults';
export { RequestLog } from './requestLog';
export type { LoggedRequest, RequestFilter } from './requestLog';
export { buildDemoScenario, DEMO_FEATURE_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKENS } from './scenario';
export { createDemoDriver, seedDemoHistory } from './demoDriver';
export type { DemoScenario, Lane } from './scenario';
export { createPipeline } from './pipelineFactory';
export type { NewPipeline } from './pipelineFactory';
export { APPROVAL_REFUSALS, approveDeployment, cancelJob, cancelPipeline, playJob, retryJob, retryPipeline } from './actions';
export { tick } from './simulation';
export { setJobStatus, appendLog } from './testControls';
export * from './model';
