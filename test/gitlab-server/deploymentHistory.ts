// Deployment history on the local server, made the way people make it: pipelines, approvals, plays.
// For tests of environments and rollback (unit and integration levels).
import { approveDeployment, playJob } from './actions';
import type { Pipeline } from './model';
import type { DemoScenario } from './scenario';
import type { GitLabServer } from './server';

/** Pushes a commit to master and runs its pipeline through the production gate (Riley approves, Dana plays). */
export function releaseToProduction(server: GitLabServer, demo: DemoScenario, title: string): Pipeline {
  const pipeline = demo.start('master', { commit: title });
  server.advance(180_000);
  const job = server.state.findJob(pipeline, 'deploy-prod');
  const deployment = job && server.state.deploymentOfJob(job);
  if (!job || !deployment) throw new Error('the master pipeline has no production deployment');
  approveDeployment(server.state, demo.users.reviewer, deployment, 'approved', null);
  server.advance(1000);
  playJob(server.state, demo.users.developer, job);
  server.advance(120_000);
  if (deployment.status !== 'success') throw new Error(`production deployment ended ${deployment.status}`);
  return pipeline;
}

/** Pushes a commit to dev and runs its pipeline through the canary gate. */
export function playCanary(server: GitLabServer, demo: DemoScenario, title: string): Pipeline {
  const pipeline = demo.start('dev', { commit: title });
  server.advance(240_000);
  const job = server.state.findJob(pipeline, 'deploy-canary');
  if (!job) throw new Error('the dev pipeline has no canary job');
  playJob(server.state, demo.users.developer, job);
  server.advance(120_000);
  return pipeline;
}
