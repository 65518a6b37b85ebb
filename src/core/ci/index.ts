/**
 * The offline `.gitlab-ci.yml` analysis: the only module the rest of `src` imports from `core/ci`
 * (a lint rule keeps it so). Inside, the stages import downwards only:
 * model <- parse <- resolve <- jobs <- checks <- analyze <- features, with schema beside them.
 */
// model: the node tree, finding codes, keyword tables and the ports the analysis is handed
export type { FileReader, FileRead } from './model/fileReader';
export { MAX_FILE_BYTES } from './model/fileReader';
export { AnalysisBudget, MAX_EXPANSION, MAX_ANALYSIS_TEXT } from './model/budget';
export type { CiNode, CiMap, CiSeq, CiScalar, CiRef, CiMapEntry, SourceLoc, SourceMap, SourceMapEntry, JsonPath, PathSegment } from './model/ciNode';
export { toPlain, buildSourceMap, nodeAtPath, getChild, getEntry, scalarString } from './model/ciNode';
export { CI_CODES, ciDiagnostic } from './model/codes';
export type { CiCode } from './model/codes';
export { TOP_LEVEL_KEYWORDS, DEFAULT_INHERITED_KEYS, DEFAULT_STAGES, DEFAULT_JOB_STAGE, RUNNABLE_KEYS, isHiddenJobName } from './model/keywords';
export type { CiSchemaValidator, SchemaLocator } from './model/schemaPort';
export type {
  RemoteIncludeRequest, RemoteIncludeAnswer, RemoteIncludeFound, RemoteIncludeFailure, RemoteIncludeFailureReason, RemoteIncludeFreshness,
  RemoteIncludeSource, RemoteIncludeFetcher,
} from './model/remoteIncludes';
export { remoteIncludeKey, isRemoteIncludePath, REMOTE_INCLUDE_SCHEME, RemoteIncludeAnswers } from './model/remoteIncludes';
// parse
export type { ParsedCiFile } from './parse/parseCiFile';
export { parseCiFile } from './parse/parseCiFile';
export type { AnchorSite, AliasSite } from './parse/yamlToNode';
// resolve and jobs
export type { IncludeLink, IncludeKind } from './resolve/includes';
export { MAX_INCLUDES } from './resolve/includes';
export { globToRegExp } from './resolve/glob';
export type { CiJob, CiStage } from './jobs/jobs';
// analyze: the one entry point, and the CLI's lint over it
export type { CiAnalysis, AnalyzeOptions } from './analyze/analyzeCiFile';
export { analyzeCiFile, analyzeParsed, GITLAB_SCHEMA } from './analyze/analyzeCiFile';
export type { RemoteIncludeDriverOptions } from './analyze/resolveRemoteIncludes';
export { resolveRemoteIncludes } from './analyze/resolveRemoteIncludes';
export type { LintRequest, LintResult, FileLintResult } from './analyze/lint';
export { lintCiFiles, lintCiFilesResolving, mergedConfigYaml } from './analyze/lint';
// features: editor features as pure functions
export type { CursorTarget, CiSymbol, CiSymbols, CiLink, CiLinkKind } from './features/editorQueries';
export { pathAtPosition, offsetAt, ciSymbols, ciLinks } from './features/editorQueries';
export type { CiCompletion, CompletionKind, CompletionRequest } from './features/completion';
export { completeCi } from './features/completion';
export type { CiHover } from './features/hover';
export { hoverCi } from './features/hover';
export { CiNavigator } from './features/navigation';
export type { CiOutlineSymbol, OutlineKind } from './features/outline';
export { outlineCi } from './features/outline';
export { serverLintDiagnostics } from './features/serverLint';
export { fragmentDiagnostics, isFragmentPath } from './features/fragment';
