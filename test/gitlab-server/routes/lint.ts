// CI lint: POST with content (answers 200, not 201) and GET for the project's own CI file.
import { lintCi } from '../ciLint';
import { notFound } from '../errors';
import { projectFor } from '../http/access';
import { boolParam, requiredString, stringParam } from '../http/params';
import type { Route } from '../http/types';
import { ok } from '../http/types';

export const lintRoutes: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/projects/:id/ci/lint',
    handler: (ctx) => {
      const project = projectFor(ctx, 'developer');
      const content = requiredString(ctx, 'content');
      const dryRun = boolParam(ctx, 'dry_run', false);
      const includeJobs = boolParam(ctx, 'include_jobs', false);
      const ref = stringParam(ctx, 'ref') ?? project.defaultBranch;
      const result = lintCi(content, { includeJobs });
      if (dryRun && !project.branches.has(ref)) {
        return ok({ ...result, valid: false, errors: [...result.errors, 'Reference not found'], merged_yaml: null });
      }
      return ok(result);
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/ci/lint',
    handler: (ctx) => {
      const project = projectFor(ctx, 'read_build');
      const contentRef = stringParam(ctx, 'content_ref') ?? stringParam(ctx, 'sha') ?? project.defaultBranch;
      if (!ctx.state.resolveRef(project, contentRef)) throw notFound('Commit');
      return ok(lintCi(project.ciConfig, { includeJobs: boolParam(ctx, 'include_jobs', false) }));
    },
  },
];
