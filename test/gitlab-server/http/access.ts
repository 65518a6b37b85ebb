// Who may see and do what in a project. Non-members never learn a private project exists (404);
// members below the needed role get 403, as GitLab answers.
import { forbidden, notFound } from '../errors';
import type { Project } from '../model';
import { ACCESS } from '../model';
import type { RequestContext } from './types';

export type Need = 'read_project' | 'read_build' | 'developer' | 'maintainer';

/** Minimum role per need; a public project lets anyone signed in read. */
const NEEDS: Readonly<Record<Need, { level: number; publicReads: boolean }>> = {
  read_project: { level: ACCESS.guest, publicReads: true },
  read_build: { level: ACCESS.reporter, publicReads: true },
  developer: { level: ACCESS.developer, publicReads: false },
  maintainer: { level: ACCESS.maintainer, publicReads: false },
};

export function projectFor(ctx: RequestContext, need: Need): Project {
  const project = ctx.state.findProject(ctx.params['id'] ?? '');
  if (!project) throw notFound('Project');
  const level = ctx.state.accessOf(project, ctx.user);
  if (level === 0 && project.visibility === 'private') throw notFound('Project');
  const rule = NEEDS[need];
  const allowed = level >= rule.level || (level === 0 && rule.publicReads);
  if (!allowed) throw forbidden();
  return project;
}
