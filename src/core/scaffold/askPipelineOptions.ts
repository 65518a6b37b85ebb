/**
 * The questions of "Create Release Pipeline", validated as they are typed with the generator's
 * own checks. The answers come through the {@link Asker} port.
 */
import type { Asker } from '../asker';
import type { ReleasePipelineOptions } from './options';
import { DEFAULT_PIPELINE_OPTIONS, checkReleasePipelineOptions } from './options';
import type { PresetId } from './presets';
import { PRESETS, PRESET_IDS } from './presets';

/** Prefilled answers: the lane settings when set, else the release flow's defaults. */
export interface OptionDefaults {
  readonly devBranch?: string;
  readonly masterBranch?: string;
}

type Env = 'test' | 'canary' | 'production';

const ENVIRONMENT_QUESTIONS: readonly { readonly env: Env; readonly title: string }[] = [
  { env: 'test', title: 'Environment the merge-request and dev pipelines deploy to for integration tests' },
  { env: 'canary', title: 'Environment of the canary nodes (manual gate on the dev pipeline)' },
  { env: 'production', title: 'Production environment (manual gate on the master pipeline, tier: production)' },
];

/** The problem the generator would report for `field`, if any. */
function problemWith(options: ReleasePipelineOptions, field: string): string | undefined {
  return checkReleasePipelineOptions(options).find((p) => p.field === field)?.message;
}

/** Asks every option in turn; undefined as soon as the person cancels one. */
export async function askPipelineOptions(ask: Asker, defaults: OptionDefaults): Promise<ReleasePipelineOptions | undefined> {
  const probe: ReleasePipelineOptions = { preset: 'node' };
  const devBranch = await ask.input({
    title: 'Create Release Pipeline (1/6): integration branch that merge requests target',
    value: defaults.devBranch || DEFAULT_PIPELINE_OPTIONS.devBranch,
    validate: (v) => (v.trim() ? problemWith({ ...probe, devBranch: v }, 'devBranch') : 'Give a branch name.'),
  });
  if (devBranch === undefined) return undefined;
  const masterBranch = await ask.input({
    title: `Create Release Pipeline (2/6): release branch that ${devBranch.trim()} is merged into`,
    value: defaults.masterBranch || DEFAULT_PIPELINE_OPTIONS.masterBranch,
    validate: (v) => (v.trim() ? problemWith({ ...probe, devBranch, masterBranch: v }, 'masterBranch') : 'Give a branch name.'),
  });
  if (masterBranch === undefined) return undefined;
  const preset = await ask.pick<PresetId>(
    PRESET_IDS.map((id) => ({ value: id, label: PRESETS[id].label, description: PRESETS[id].description })),
    { title: 'Create Release Pipeline (3/6): how the code is built and unit-tested' },
  );
  if (preset === undefined) return undefined;
  const environments: Partial<Record<Env, string>> = {};
  for (const [index, q] of ENVIRONMENT_QUESTIONS.entries()) {
    const answer = await ask.input({
      title: `Create Release Pipeline (${index + 4}/6): ${q.title}`,
      value: DEFAULT_PIPELINE_OPTIONS.environments[q.env],
      validate: (v) => (v.trim() ? problemWith({ ...probe, environments: { ...environments, [q.env]: v } }, `environments.${q.env}`) : 'Give an environment name.'),
    });
    if (answer === undefined) return undefined;
    environments[q.env] = answer.trim();
  }
  return { preset, devBranch: devBranch.trim(), masterBranch: masterBranch.trim(), environments };
}
