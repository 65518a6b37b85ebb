/**
 * The event a preview is made for and the predefined variables GitLab sets for it. Only the
 * variables that follow from the event are set; project facts (path, protected refs, open merge
 * requests of a branch) are unknown offline and come from `variables` when the caller knows them.
 */

export const PIPELINE_SOURCES = ['push', 'merge_request_event', 'tag', 'schedule', 'web', 'api'] as const;
export type PipelineSource = (typeof PIPELINE_SOURCES)[number];

export interface PipelineEvent {
  readonly source: PipelineSource;
  /** The branch (for a merge request: its source branch). Defaults to the default branch. */
  readonly ref?: string;
  /** Merge request target branch. Defaults to the default branch. */
  readonly targetBranch?: string;
  /** `CI_DEFAULT_BRANCH`; `main` when absent. */
  readonly defaultBranch?: string;
  /** Tag name: makes a `tag`, `web`, `api` or `schedule` pipeline a tag pipeline. */
  readonly tag?: string;
  /** Added last: they override any predefined variable. */
  readonly variables?: Readonly<Record<string, string>>;
}

/** What kind of ref a pipeline runs for, which decides `only: [branches|tags]` and the commit variables. */
export type RefKind = 'branch' | 'tag' | 'merge_request';

interface SourceFacts {
  /** `CI_PIPELINE_SOURCE` (a tag push is a `push`). */
  readonly pipelineSource: string;
  readonly refKind: (event: PipelineEvent) => RefKind;
  /** Whether GitLab knows the changed files: only pushes and merge requests have a diff to compare. */
  readonly comparesChanges: (event: PipelineEvent) => boolean;
}

const branchOrTag = (event: PipelineEvent): RefKind => (event.tag === undefined ? 'branch' : 'tag');

/** One row per `--source`. */
export const SOURCE_TABLE: Readonly<Record<PipelineSource, SourceFacts>> = {
  push: { pipelineSource: 'push', refKind: () => 'branch', comparesChanges: () => true },
  merge_request_event: { pipelineSource: 'merge_request_event', refKind: () => 'merge_request', comparesChanges: () => true },
  tag: { pipelineSource: 'push', refKind: () => 'tag', comparesChanges: () => false },
  schedule: { pipelineSource: 'schedule', refKind: branchOrTag, comparesChanges: () => false },
  web: { pipelineSource: 'web', refKind: branchOrTag, comparesChanges: () => false },
  api: { pipelineSource: 'api', refKind: branchOrTag, comparesChanges: () => false },
};

export const DEFAULT_BRANCH = 'main';

/** The event with its defaults filled in, and the facts the evaluation needs. */
export interface ResolvedEvent {
  readonly source: PipelineSource;
  readonly pipelineSource: string;
  readonly refKind: RefKind;
  /** The pipeline's ref name: the branch, the tag, or the merge request's source branch. */
  readonly ref: string;
  readonly comparesChanges: boolean;
  readonly variables: Readonly<Record<string, string>>;
}

/** `CI_COMMIT_REF_SLUG`: lowercased, non-alphanumerics as `-`, at most 63 characters, no `-` at either end. */
export function refSlug(ref: string): string {
  return ref
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
}

export function resolveEvent(event: PipelineEvent): ResolvedEvent {
  const facts = SOURCE_TABLE[event.source];
  const defaultBranch = event.defaultBranch ?? DEFAULT_BRANCH;
  const refKind = facts.refKind(event);
  const branch = event.ref ?? defaultBranch;
  const ref = refKind === 'tag' ? (event.tag ?? event.ref ?? '') : branch;
  const vars: Record<string, string> = {
    CI: 'true',
    GITLAB_CI: 'true',
    CI_SERVER: 'yes',
    CI_PIPELINE_SOURCE: facts.pipelineSource,
    CI_DEFAULT_BRANCH: defaultBranch,
    CI_COMMIT_REF_NAME: ref,
    CI_COMMIT_REF_SLUG: refSlug(ref),
  };
  if (refKind === 'branch') vars['CI_COMMIT_BRANCH'] = branch;
  if (refKind === 'tag') vars['CI_COMMIT_TAG'] = ref;
  if (refKind === 'merge_request') {
    const iid = '1';
    Object.assign(vars, {
      CI_MERGE_REQUEST_IID: iid,
      CI_MERGE_REQUEST_ID: iid,
      CI_MERGE_REQUEST_EVENT_TYPE: 'detached',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: branch,
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: event.targetBranch ?? defaultBranch,
      CI_MERGE_REQUEST_REF_PATH: `refs/merge-requests/${iid}/head`,
      // The branch of a merge request pipeline has (at least) this merge request open.
      CI_OPEN_MERGE_REQUESTS: `${event.variables?.['CI_PROJECT_PATH'] ?? 'project'}!${iid}`,
    });
  }
  Object.assign(vars, event.variables ?? {});
  return { source: event.source, pipelineSource: facts.pipelineSource, refKind, ref, comparesChanges: facts.comparesChanges(event), variables: vars };
}
