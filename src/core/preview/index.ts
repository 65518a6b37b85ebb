/** Pipeline preview: which pipeline GitLab would create for an event, evaluated offline. */
// The expression lexer and parser live in core/ci (the analysis checks their syntax too); preview evaluates.
export type { ExpressionNode, ParseResult, Re2Result } from '../ci';
export { compileRe2, parseExpression, PRECEDENCE } from '../ci';
export type { ExpressionValue, VariableLookup } from './expression/evaluate';
export { evaluateExpression, evaluateValue, isPresent } from './expression/evaluate';
export { fnmatch, expandBraces } from './fnmatch';
export type { PipelineEvent, PipelineSource, RefKind, ResolvedEvent } from './predefinedVariables';
export { DEFAULT_BRANCH, PIPELINE_SOURCES, SOURCE_TABLE, refSlug, resolveEvent } from './predefinedVariables';
export type { PreviewCode } from './codes';
export { PREVIEW_CODES, previewDiagnostic } from './codes';
export type { JobWhen, PipelinePreview, PreviewContext, PreviewJob } from './previewPipeline';
export { REASONS, previewPipeline } from './previewPipeline';
export type { ChangedSince, LaneFacts, LanePreview, Placement, PredictionDiff, PreviewTarget } from './lanePreview';
export { unknownVariables } from './unknownVariables';
export { comparePrediction, configJobName, jobPlacements, jobsInNoLane, laneTargets, placementSummary, previewTargets, refTarget, stagesOf, withChangedFiles } from './lanePreview';
export type { PreviewComparison, PreviewPageInput, PreviewPageJob } from './previewHtml';
export { escapeHtml, renderPreviewPage } from './previewHtml';
