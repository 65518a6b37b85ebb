import { isMap, isScalar, parseDocument } from 'yaml';
import { addIncludeToCiFile, includeSnippet } from './includeLine';
import { LANE_STAGES, RELEASE_STAGES } from './releaseFlow';
import type { ReleasePipelineOptions, ResolvedPipelineOptions } from './options';
import { INCLUDE_FILE_PATH, checkReleasePipelineOptions, resolvePipelineOptions } from './options';
import { buildPipelineDocument } from './pipelineDocument';
import { PRESETS } from './presets';
import { CHECK_JOBS, QUALITY_CHECKS } from './qualityChecks';
import { renderPipeline } from './renderPipeline';

/** A file to write, relative to the repository root. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** How to hook the generated file into an existing root CI file. */
export interface IncludeInstruction {
  /** The root CI file to edit (`.gitlab-ci.yml`). */
  readonly entryPath: string;
  /** The include block to add by hand when {@link updatedEntry} is absent. */
  readonly snippet: string;
  /** The root file's text with the include added, when it could be done without reformatting it. */
  readonly updatedEntry?: string;
}

export interface GeneratedPipeline {
  readonly files: readonly GeneratedFile[];
  /** Present when `existingCiFile` was given. */
  readonly include?: IncludeInstruction;
  /** Things the person should know before committing (clashes with the existing file). */
  readonly notes: readonly string[];
}

export const ROOT_CI_FILE = '.gitlab-ci.yml';

/**
 * Writes the release pipeline: merge-request, dev and master lanes with `workflow:rules` and
 * job `rules`, manual canary and prod gates on environments, and a `clear` job merging master
 * back into dev. Without `existingCiFile` the result is one `.gitlab-ci.yml`; with it, one file
 * under `.gitlab/ci/` plus the include to add to the existing file.
 *
 * Pure: no I/O. Throws `RangeError` when {@link checkReleasePipelineOptions} reports problems,
 * so call that first to show them to the person.
 */
export function generateReleasePipeline(options: ReleasePipelineOptions): GeneratedPipeline {
  const problems = checkReleasePipelineOptions(options);
  if (problems.length > 0) throw new RangeError(`Invalid release pipeline options: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  const o = resolvePipelineOptions(options);
  const content = renderPipeline(buildPipelineDocument(o), header(o));
  if (o.existingCiFile === undefined) return { files: [{ path: ROOT_CI_FILE, content }], notes: [] };
  const updatedEntry = addIncludeToCiFile(o.existingCiFile, INCLUDE_FILE_PATH);
  return {
    files: [{ path: INCLUDE_FILE_PATH, content }],
    include: { entryPath: ROOT_CI_FILE, snippet: includeSnippet(INCLUDE_FILE_PATH), ...(updatedEntry === undefined ? {} : { updatedEntry }) },
    notes: clashes(o.existingCiFile),
  };
}

function header(o: ResolvedPipelineOptions): string {
  const lane = (name: string, stages: readonly string[]): string => `   ${name.padEnd(30)} ${stages.join(' -> ')}`;
  return [
    ` Release pipeline written by Release Pilot (preset: ${PRESETS[o.preset].label}).`,
    ' Three lanes, one per kind of event:',
    lane(`merge request into ${o.devBranch}:`, LANE_STAGES.mr),
    lane(`push to ${o.devBranch}:`, LANE_STAGES.dev),
    lane(`push to ${o.masterBranch}:`, LANE_STAGES.master),
    ` build checks first in every lane: ${buildStageSummary(o)}.`,
    ' canary and prod are manual gates. Replace the placeholder deploy and test scripts with yours.',
  ].join('\n');
}

/** `code-check (ESLint), unit-test (npm test), sonarqube (when SONAR_HOST_URL and SONAR_TOKEN are set), build`. */
function buildStageSummary(o: ResolvedPipelineOptions): string {
  const checks = QUALITY_CHECKS[o.preset];
  const jobs = [
    `${CHECK_JOBS.codeCheck} (${checks.codeCheck.tool})`,
    `${CHECK_JOBS.unitTests} (${checks.unitTests.runner})`,
    `${CHECK_JOBS.sonar} (when SONAR_HOST_URL and SONAR_TOKEN are set)`,
    ...(PRESETS[o.preset].build ? ['build'] : []),
  ];
  return jobs.join(', ');
}

/** Top-level keys of the existing file that take precedence over (or merge into) the included ones. */
function clashes(existing: string): string[] {
  const doc = parseDocument(existing);
  if (!isMap(doc.contents)) return [];
  const keys = new Set(doc.contents.items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : [])));
  const notes: string[] = [];
  if (keys.has('workflow')) notes.push(`${ROOT_CI_FILE} defines workflow:, which replaces the lane rules of ${INCLUDE_FILE_PATH}: remove it or merge the rules by hand.`);
  if (keys.has('stages')) notes.push(`${ROOT_CI_FILE} defines stages:, which replaces the included list: make sure it contains ${RELEASE_STAGES.join(', ')}.`);
  const jobs = [...Object.values(CHECK_JOBS), ...RELEASE_STAGES].filter((s) => keys.has(s));
  if (jobs.length > 0) notes.push(`${ROOT_CI_FILE} already has job(s) ${jobs.join(', ')}: GitLab merges them with the included jobs of the same name.`);
  return notes;
}
