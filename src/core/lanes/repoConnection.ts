import type { LaneSpec } from './lanes';
import type { GitLabApi } from '../gitlab/client';

/** A repository's GitLab project as of the last refresh: what commands acting on its nodes need. */
export interface RepoConnection {
  /** The repository's root folder (file system path): the key every feature uses for it. */
  readonly repoKey: string;
  readonly projectPath: string;
  readonly api: GitLabApi;
  /** The token has the `api` scope: writes may be sent. */
  readonly canAct: boolean;
  readonly lanes: readonly LaneSpec[];
  /**
   * The project was named by the workspace's own settings (`releasePilot.gitlab.projectPath` in
   * `.vscode/settings.json` or the folder's), not by the person: a repository could aim the
   * actions at another project, so the first write asks, naming project and instance.
   */
  readonly projectSetByWorkspace?: boolean;
}
