import type { PresetId } from './presets';
import { PRESETS } from './presets';

/** What the "Create release pipeline" command asks for. Every field but `preset` has a default. */
export interface ReleasePipelineOptions {
  /** Build tool / language preset: decides image, build and unit-test commands, cache, artifacts. */
  readonly preset: PresetId;
  /** Integration branch that merge requests target (default `dev`). */
  readonly devBranch?: string;
  /** Release branch that `dev` is merged into (default `master`). */
  readonly masterBranch?: string;
  /** Environment names (defaults `test`, `canary`, `production`). */
  readonly environments?: {
    readonly test?: string;
    readonly canary?: string;
    readonly production?: string;
  };
  /**
   * CI/CD variable (masked, protected) holding a project access token with `write_repository`,
   * used by the `clear` job to push `master` back into `dev`. Default `RELEASE_PILOT_PUSH_TOKEN`.
   */
  readonly pushTokenVariable?: string;
  /**
   * Text of the project's existing root `.gitlab-ci.yml`, if there is one. When given, the
   * pipeline goes to {@link INCLUDE_FILE_PATH} and the result says which include line to add.
   */
  readonly existingCiFile?: string;
}

/** {@link ReleasePipelineOptions} with every default applied. */
export interface ResolvedPipelineOptions {
  readonly preset: PresetId;
  readonly devBranch: string;
  readonly masterBranch: string;
  readonly environments: { readonly test: string; readonly canary: string; readonly production: string };
  readonly pushTokenVariable: string;
  readonly existingCiFile: string | undefined;
}

export const DEFAULT_PIPELINE_OPTIONS = {
  devBranch: 'dev',
  masterBranch: 'master',
  environments: { test: 'test', canary: 'canary', production: 'production' },
  pushTokenVariable: 'RELEASE_PILOT_PUSH_TOKEN',
} as const;

/** Where the pipeline goes when the project already has a root CI file. */
export const INCLUDE_FILE_PATH = '.gitlab/ci/release-pilot.yml';

/** One thing wrong with the options, worded for the person who typed it. */
export interface OptionProblem {
  /** The option at fault, e.g. `devBranch` or `environments.canary`. */
  readonly field: string;
  readonly message: string;
}

// Git refuses these in branch names (git-check-ref-format); quotes and `$` would also break the
// generated `rules:if` strings, so they are refused too.
const BAD_BRANCH = /(^[./-])|\.\.|[\s~^:?*[\\'"$]|@\{|\.lock$|\/$|\.$|\/\//;
// GitLab's environment name charset (letters, digits, spaces, -, _, /, $, {, }, .), minus `$`,
// `{` and `}` because a scaffolded name is a constant, not a variable expansion.
const GOOD_ENVIRONMENT = /^[A-Za-z0-9 _./-]+$/;
const GOOD_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function resolvePipelineOptions(options: ReleasePipelineOptions): ResolvedPipelineOptions {
  const env = options.environments ?? {};
  const defaults = DEFAULT_PIPELINE_OPTIONS;
  return {
    preset: options.preset,
    devBranch: nonBlank(options.devBranch) ?? defaults.devBranch,
    masterBranch: nonBlank(options.masterBranch) ?? defaults.masterBranch,
    environments: {
      test: nonBlank(env.test) ?? defaults.environments.test,
      canary: nonBlank(env.canary) ?? defaults.environments.canary,
      production: nonBlank(env.production) ?? defaults.environments.production,
    },
    pushTokenVariable: nonBlank(options.pushTokenVariable) ?? defaults.pushTokenVariable,
    existingCiFile: options.existingCiFile,
  };
}

/**
 * Everything wrong with the options, empty when they can be generated. Meant for input
 * validation in the editor (quick-pick `validateInput`) before calling the generator.
 */
export function checkReleasePipelineOptions(options: ReleasePipelineOptions): OptionProblem[] {
  const o = resolvePipelineOptions(options);
  const problems: OptionProblem[] = [];
  if (!Object.hasOwn(PRESETS, o.preset)) {
    problems.push({ field: 'preset', message: `Unknown preset "${String(o.preset)}"; choose one of ${Object.keys(PRESETS).join(', ')}.` });
  }
  for (const field of ['devBranch', 'masterBranch'] as const) {
    if (BAD_BRANCH.test(o[field])) problems.push({ field, message: `"${o[field]}" is not a branch name Git accepts (no spaces, quotes, \`$\`, \`..\`, \`~^:?*[\\\`).` });
  }
  if (o.devBranch === o.masterBranch) problems.push({ field: 'masterBranch', message: `The release branch must differ from the integration branch ("${o.devBranch}").` });
  const names = new Set<string>();
  for (const key of ['test', 'canary', 'production'] as const) {
    const name = o.environments[key];
    if (!GOOD_ENVIRONMENT.test(name)) problems.push({ field: `environments.${key}`, message: `Environment name "${name}" may only use letters, digits, spaces, "-", "_", "/" and ".".` });
    if (names.has(name)) problems.push({ field: `environments.${key}`, message: `Environment name "${name}" is used twice; each lane needs its own environment.` });
    names.add(name);
  }
  if (!GOOD_VARIABLE.test(o.pushTokenVariable)) problems.push({ field: 'pushTokenVariable', message: `"${o.pushTokenVariable}" is not a valid CI/CD variable name (letters, digits, "_").` });
  return problems;
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
