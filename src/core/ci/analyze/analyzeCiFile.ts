import type { Diagnostic, Range } from '../../diagnostic';
import { byPosition, comparePositions, ZERO_RANGE } from '../../diagnostic';
import type { CiMap, SourceLoc, SourceMap } from '../model/ciNode';
import { buildSourceMap, EMPTY_SOURCE_MAP, getEntry, mapNode, toPlain } from '../model/ciNode';
import { CheckContext } from '../checks/checkContext';
import { checkEntryRules } from '../checks/entryChecks';
import { checkEnvironments } from '../checks/environmentChecks';
import { checkExpressions } from '../checks/expressionChecks';
import { checkJobs, checkMatrices, checkStages } from '../checks/jobChecks';
import type { JobRefLink } from '../checks/needsChecks';
import { checkJobRefs } from '../checks/needsChecks';
import { ciDiagnostic, DOWNGRADED_BY_UNRESOLVED_INCLUDES } from '../model/codes';
import type { ExtendsLink } from '../resolve/extends';
import { resolveExtends } from '../resolve/extends';
import type { FileReader } from '../model/fileReader';
import type { IncludeLink } from '../resolve/includes';
import { resolveIncludes } from '../resolve/includes';
import { withInputs } from '../resolve/interpolate';
import type { CiJob, CiStage } from '../jobs/jobs';
import { collectJobs, collectStages } from '../jobs/jobs';
import { SourceMapLocator } from './sourceMapLocator';
import { MemoStore } from '../model/memo';
import { AnalysisBudget, expansionLimitCode } from '../model/budget';
import type { ParsedCiFile } from '../parse/parseCiFile';
import { parseCiFile } from '../parse/parseCiFile';
import type { ReferenceLink } from '../resolve/references';
import { resolveReferences } from '../resolve/references';
import { validateCiSchema, validateSpecHeader } from '../schema';
import type { CiSchemaValidator } from '../model/schemaPort';
import type { RemoteIncludeFound, RemoteIncludeRequest, RemoteIncludeSource } from '../model/remoteIncludes';

/** The keyword schema module (src/core/ci/schema), used unless a caller passes its own or `false`. */
export const GITLAB_SCHEMA: CiSchemaValidator = {
  validateCiSchema: (config, locate) => validateCiSchema(config, locate),
  validateSpecHeader: (header, locate) => validateSpecHeader(header, locate),
};

/** Everything known about one entry CI file after resolution: what the editor features build on. */
export interface CiAnalysis {
  readonly path: string;
  readonly entry: ParsedCiFile;
  /** Every file read (entry and local includes), by absolute path. */
  readonly files: ReadonlyMap<string, ParsedCiFile>;
  /** GitLab's merged configuration: includes, `extends` and `!reference` applied (no `default:` inlining). */
  readonly merged?: CiMap;
  /** {@link merged} as plain data. */
  readonly mergedValue: unknown;
  /** Where each JSON path of {@link mergedValue} came from. */
  readonly sourceMap: SourceMap;
  /** Jobs and templates, each with its effective (default-inherited) form. */
  readonly jobs: readonly CiJob[];
  readonly stages: readonly CiStage[];
  readonly includes: readonly IncludeLink[];
  readonly extendsLinks: readonly ExtendsLink[];
  readonly referenceLinks: readonly ReferenceLink[];
  readonly jobRefLinks: readonly JobRefLink[];
  readonly hasUnresolvedIncludes: boolean;
  /** Remote includes the `remote` source had no answer for yet: fetch them and analyse again (see `resolveRemoteIncludes`). */
  readonly pendingIncludes: readonly RemoteIncludeRequest[];
  /** The remote files read (project, template, component, remote), by virtual path; each is also in {@link files}. */
  readonly remoteFiles: ReadonlyMap<string, RemoteIncludeFound>;
  /** All findings, sorted; those in other files than {@link path} carry `file`. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface AnalyzeOptions {
  /** Schema validation: GitLab's keyword schema when absent, none when `false` (tests of other layers). */
  readonly schema?: CiSchemaValidator | false;
  /** Parsed files shared between analyses of one run (keyed by absolute path). */
  readonly cache?: Map<string, ParsedCiFile>;
  /**
   * Where `include:project|template|component|remote` are read from. Absent: they cannot be read
   * (offline), each is one `include-unresolved` finding and what they could define is softened.
   */
  readonly remote?: RemoteIncludeSource;
  /** Values aliases, merge keys and `!reference` may produce; GitLab's own limit when absent (the editor passes less). */
  readonly maxExpansion?: number;
}

/** Parses, resolves and checks one entry file. Never throws on user content. */
export function analyzeCiFile(path: string, root: string, reader: FileReader, options: AnalyzeOptions = {}): CiAnalysis | undefined {
  const cached = options.cache?.get(path);
  const text = cached ? cached.text : reader.readFile(path);
  if (text === undefined) return undefined;
  const entry = cached ?? parseCiFile(path, text);
  options.cache?.set(path, entry);
  return analyzeParsed(entry, root, reader, options);
}

/** {@link analyzeCiFile} for an already parsed entry (the editor's current buffer). */
export function analyzeParsed(entry: ParsedCiFile, root: string, reader: FileReader, options: AnalyzeOptions = {}): CiAnalysis {
  const path = entry.path;
  const schema = options.schema === false ? undefined : (options.schema ?? GITLAB_SCHEMA);
  const diagnostics: Diagnostic[] = [...entry.diagnostics];
  const empty: CiAnalysis = {
    path, entry, files: new Map([[path, entry]]), mergedValue: undefined, sourceMap: EMPTY_SOURCE_MAP, jobs: [], stages: [], includes: [],
    extendsLinks: [], referenceLinks: [], jobRefLinks: [], hasUnresolvedIncludes: false, pendingIncludes: [], remoteFiles: new Map(), diagnostics,
  };
  if (!entry.config) {
    if (!entry.spec && !diagnostics.some((d) => d.code === 'yaml-syntax')) diagnostics.push(ciDiagnostic('config-empty', {}, ZERO_RANGE));
    validateSpecs(new Map([[path, entry]]), schema, diagnostics);
    return finish(empty, diagnostics);
  }
  if (entry.config.kind !== 'map') {
    diagnostics.push(ciDiagnostic('config-not-a-map', {}, entry.config.loc.range));
    return finish(empty, diagnostics);
  }
  // One allowance for the whole analysis: bytes read over all files, values copied by aliases and references.
  const budget = new AnalysisBudget(options.maxExpansion);
  const included = resolveIncludes(withInputs(entry), root, reader, options.cache, budget, options.remote);
  diagnostics.push(...included.diagnostics);
  chargeAliases(included.files, budget, diagnostics, entry.path);
  // Derived facts live with each file's nodes, so files the editor did not change cost little.
  const memos = new MemoStore(included.files);
  const extended = resolveExtends(included.merged, memos);
  const referenced = resolveReferences(extended.config, memos, budget, mayHoldReferences(included.files));
  const merged = referenced.config;
  const mergedValue = memos.plain(merged);
  const sourceMap = buildSourceMap(merged);
  const jobs = collectJobs(merged, memos);
  const stages = collectStages(merged);
  const ctx = new CheckContext(merged, jobs, stages, included.hasUnresolvedIncludes, extended.incomplete, memos);
  const syntaxBroken = diagnostics.some((d) => d.code === 'yaml-syntax');
  checkJobs(ctx);
  checkStages(ctx);
  checkMatrices(ctx);
  const jobRefLinks = checkJobRefs(ctx);
  checkEnvironments(ctx);
  checkEntryRules(ctx);
  checkExpressions(ctx);
  // With a syntax error the rest of the file is a guess: its findings would only add noise while typing.
  if (!syntaxBroken) {
    diagnostics.push(...extended.diagnostics.map((d) => downgrade(d, included.hasUnresolvedIncludes)), ...referenced.diagnostics.map((d) => downgrade(d, included.hasUnresolvedIncludes)));
    diagnostics.push(...ctx.diagnostics);
    // Past the expansion allowance GitLab refuses the whole file; keyword findings about the half-expanded rest would be noise.
    if (schema && !budget.expansionReported) diagnostics.push(...validateSchema(schema, merged, mergedValue, sourceMap, referenced.unresolved));
    validateSpecs(included.files, schema, diagnostics);
  }
  return finish(
    {
      path, entry, files: included.files, merged, mergedValue, sourceMap, jobs, stages, includes: included.includes, extendsLinks: extended.links,
      referenceLinks: referenced.links, jobRefLinks, hasUnresolvedIncludes: included.hasUnresolvedIncludes, pendingIncludes: included.pending,
      remoteFiles: included.remoteFiles, diagnostics,
    },
    diagnostics,
  );
}

/**
 * Aliases were expanded while each file was read; their values count against the same allowance as
 * `!reference`. Files that each stayed under it can still overrun it together: that is said once.
 */
function chargeAliases(files: ReadonlyMap<string, ParsedCiFile>, budget: AnalysisBudget, diagnostics: Diagnostic[], entryPath: string): void {
  for (const file of files.values()) budget.chargeParsed(file.expanded ?? 0);
  if (diagnostics.some((d) => d.code === 'yaml-alias-limit')) budget.expansionReported = true;
  else if (!budget.fits(0)) {
    budget.expansionReported = true;
    diagnostics.push(ciDiagnostic(expansionLimitCode(budget), { max: budget.maxExpansion }, ZERO_RANGE, { file: entryPath }));
  }
}

/**
 * Whether any file could hold a `!reference` tag: every spelling of it (`!reference`, `!<!reference>`)
 * contains the word, and only a `%TAG` directive could spell it otherwise. Most files have none, and
 * looking for tags in their trees is a walk over every node.
 */
function mayHoldReferences(files: ReadonlyMap<string, ParsedCiFile>): boolean {
  for (const file of files.values()) if (file.text.includes('reference') || file.text.includes('%TAG')) return true;
  return false;
}

function downgrade(d: Diagnostic, unresolved: boolean): Diagnostic {
  const soft = unresolved && (DOWNGRADED_BY_UNRESOLVED_INCLUDES as ReadonlySet<string>).has(d.code);
  return soft && d.severity === 'error' ? { ...d, severity: 'warning' } : d;
}

function validateSchema(schema: CiSchemaValidator, merged: CiMap, value: unknown, sourceMap: SourceMap, unresolved: readonly SourceLoc[]): Diagnostic[] {
  const locator = new SourceMapLocator(sourceMap, merged.loc);
  const found = schema.validateCiSchema(value, locator.locate);
  return found
    .map((d) => ({ ...d, file: locator.fileFor(d) }))
    .filter((d) => !unresolved.some((u) => u.file === d.file && contains(u.range, d.range)));
}

function validateSpecs(files: ReadonlyMap<string, ParsedCiFile>, schema: CiSchemaValidator | undefined, out: Diagnostic[]): void {
  if (!schema) return;
  for (const file of files.values()) {
    validateIncludeKeyword(file, schema, out);
    if (!file.header) continue;
    const locator = new SourceMapLocator(buildSourceMap(file.header), file.header.loc);
    for (const d of schema.validateSpecHeader(toPlain(file.header), locator.locate)) out.push({ ...d, file: locator.fileFor(d) });
  }
}

/** Each file's `include:` is gone from the merged configuration, so it is checked on its own, file by file. */
function validateIncludeKeyword(file: ParsedCiFile, schema: CiSchemaValidator, out: Diagnostic[]): void {
  const include = getEntry(file.config, 'include');
  if (!include || !file.config) return;
  const holder = mapNode(new Map([['include', include]]), file.config.loc);
  const locator = new SourceMapLocator(buildSourceMap(holder), holder.loc);
  // A path the include resolver already refused (`include-not-yaml`, say) is one problem, reported once.
  const refused = (d: Diagnostic): boolean => out.some((o) => o.code.startsWith('include-') && o.severity === 'error'
    && (o.file ?? file.path) === (d.file ?? file.path) && o.range.start.line === d.range.start.line);
  for (const found of schema.validateCiSchema(toPlain(holder), locator.locate)) {
    const d = { ...found, file: locator.fileFor(found) };
    if (!refused(d)) out.push(d);
  }
}

function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** Sorts, removes exact duplicates, and drops `file` where it names the entry itself. */
function finish(analysis: CiAnalysis, diagnostics: Diagnostic[]): CiAnalysis {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const { file, ...rest } = d;
    const clean: Diagnostic = file === undefined || file === analysis.path ? rest : d;
    const id = JSON.stringify([clean.code, clean.file ?? '', clean.range]);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(clean);
  }
  // localeCompare only between different files: its first call initialises ICU (about 10 ms).
  out.sort((a, b) => (a.file === b.file ? 0 : (a.file ?? '').localeCompare(b.file ?? '')) || byPosition(a, b));
  return { ...analysis, diagnostics: out };
}
