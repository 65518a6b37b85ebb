import type { FeatureContext } from '../featureContext';
import type { CiAnalyzer } from '../ci/ciAnalyzer';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { loadGitApi } from '../lanes/gitApi';
import type { LanesFeature } from '../lanes/registerLanes';
import { FindingsController } from './findingsController';

/** Findings from the lanes' pipelines (failed tests, code quality) in the tree and at their lines. */
export function registerFindings(context: FeatureContext, deps: { readonly gitlab: GitLabConnections; readonly lanes: LanesFeature; readonly ci: CiAnalyzer }): FindingsController {
  return context.store.add(new FindingsController(loadGitApi(), deps.lanes.controller, deps.gitlab, deps.ci, context.logger));
}
