import type { Route } from '../http/types';
import { environmentRoutes } from './environments';
import { jobRoutes } from './jobs';
import { lintRoutes } from './lint';
import { mergeRequestRoutes } from './mergeRequests';
import { pipelineRoutes } from './pipelines';
import { projectRoutes } from './projects';
import { repositoryRoutes } from './repository';
import { reportRoutes } from './reports';
import { userRoutes } from './user';

/** Every /api/v4 route the fake answers; literal segments come before parameters that could swallow them. */
export const ALL_ROUTES: readonly Route[] = [
  ...userRoutes,
  ...projectRoutes,
  ...repositoryRoutes,
  ...mergeRequestRoutes,
  ...pipelineRoutes,
  ...jobRoutes,
  ...reportRoutes,
  ...environmentRoutes,
  ...lintRoutes,
];
