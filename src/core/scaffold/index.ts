/** Release pipeline scaffold: generator, the release-flow tables it follows, and the lane model that checks it. */
export type { GeneratedFile, GeneratedPipeline, IncludeInstruction } from './generateReleasePipeline';
export { ROOT_CI_FILE, generateReleasePipeline } from './generateReleasePipeline';
export { addIncludeToCiFile, includeSnippet } from './includeLine';
export type { LaneId } from '../lanes/lanes';
export type { ReleaseStage } from './releaseFlow';
export { LANE_CONDITIONS, LANE_IDS, LANE_STAGES, RELEASE_STAGES } from './releaseFlow';
export type { JobWhen, LaneEvaluation, LaneJob, PipelineContext } from './laneModel';
export { evaluatePipeline, laneContexts, mergeRequestContext, pushContext } from './laneModel';
export type { OptionProblem, ReleasePipelineOptions, ResolvedPipelineOptions } from './options';
export { DEFAULT_PIPELINE_OPTIONS, INCLUDE_FILE_PATH, checkReleasePipelineOptions, resolvePipelineOptions } from './options';
export type { Preset, PresetId } from './presets';
export { PRESETS, PRESET_IDS } from './presets';
export type { CodeCheck, CoverageFormat, QualityChecks, ReportFiles, SonarScanner, UnitTests } from './qualityChecks';
export {
  CHECK_JOBS, CODE_QUALITY_REPORT, COVERAGE_LINE_PATTERN, QUALITY_CHECKS, SONAR_ALLOW_FAILURE, SONAR_CONDITION, SONAR_VARIABLES, reportFiles,
} from './qualityChecks';
