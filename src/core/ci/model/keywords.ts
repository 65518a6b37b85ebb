/**
 * Top-level keys GitLab reads as global keywords rather than jobs (`pages` and `spec` are not among
 * them: they are ordinary job names). `types` is the removed predecessor of `stages`, still tolerated.
 */
export const TOP_LEVEL_KEYWORDS: ReadonlySet<string> = new Set([
  'default',
  'include',
  'before_script',
  'image',
  'services',
  'after_script',
  'variables',
  'stages',
  'types',
  'cache',
  'workflow',
]);

/**
 * `spec` is a job name in a configuration document, except when it holds `inputs` (a header whose
 * `---` was forgotten): the schema reports that, so it must not also be judged as a job.
 */
export function isMisplacedSpecHeader(name: string, value: { kind: string; entries?: ReadonlyMap<string, unknown> }): boolean {
  if (name !== 'spec' || value.kind !== 'map' || !value.entries) return false;
  const keys = value.entries;
  return (keys.has('inputs') || keys.has('component')) && !RUNNABLE_KEYS.some((k) => keys.has(k));
}

/** Keys a job takes from `default:` when it does not set them (and `inherit:default` allows it). */
export const DEFAULT_INHERITED_KEYS: readonly string[] = [
  'after_script',
  'artifacts',
  'before_script',
  'cache',
  'hooks',
  'id_tokens',
  'identity',
  'image',
  'interruptible',
  'retry',
  'services',
  'tags',
  'timeout',
];

/** Global keywords that, when `default:` does not set them, still act as defaults (GitLab's legacy form). */
export const LEGACY_GLOBAL_DEFAULTS: readonly string[] = ['image', 'services', 'before_script', 'after_script', 'cache'];

/** GitLab's stages when the configuration declares none. */
export const DEFAULT_STAGES: readonly string[] = ['.pre', 'build', 'test', 'deploy', '.post'];

/** The stage of a job that does not name one. */
export const DEFAULT_JOB_STAGE = 'test';

/** Keys that make a job runnable; a visible job needs one of them. */
export const RUNNABLE_KEYS: readonly string[] = ['script', 'trigger', 'run'];

export function isHiddenJobName(name: string): boolean {
  return name.startsWith('.');
}

/** True for names built from `$[[ ... ]]` expressions that only GitLab can evaluate. */
export function isDynamicName(name: string): boolean {
  return name.includes('$[[');
}
