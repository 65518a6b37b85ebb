import type { Position, Range } from '../../diagnostic';
import type { CiAnalysis } from '../analyze/analyzeCiFile';
import { getChild, isMap } from '../model/ciNode';
import type { CiNode } from '../model/ciNode';
import { ciSymbols } from './editorQueries';
import { childKeywords, enumValues, isHiddenKey, RESERVED_TOP_LEVEL } from '../schema';
import type { KeywordInfo } from '../schema';
import type { PathSegment } from '../model/ciNode';
import { cursorContext } from './cursorContext';
import { PREDEFINED_VARIABLES } from './predefinedVariables';

export type CompletionKind = 'keyword' | 'value' | 'job' | 'template' | 'stage' | 'variable' | 'reference';

export interface CiCompletion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Short text shown beside the label. */
  readonly detail?: string;
  /** Markdown shown in the details pane. */
  readonly documentation?: string;
  /** Text to insert; a snippet when `snippet` is true. Defaults to the label. */
  readonly insertText?: string;
  readonly snippet?: boolean;
  /** The text the completion replaces (the word typed so far). */
  readonly range: Range;
  readonly sortText?: string;
}

export interface CompletionRequest {
  readonly text: string;
  readonly position: Position;
  /** The last good analysis of the file (may be a few keystrokes old); gives jobs, stages and variables. */
  readonly analysis?: CiAnalysis;
}

/**
 * Value positions that name other things of the configuration, keyed by the keyword path
 * without the job name and list indices (`needs`, `needs:job`, `environment:on_stop`).
 */
const NAME_VALUES: Readonly<Record<string, 'jobs' | 'jobs-and-templates' | 'stages'>> = {
  stage: 'stages',
  extends: 'jobs-and-templates',
  needs: 'jobs',
  'needs:job': 'jobs',
  dependencies: 'jobs',
  'environment:on_stop': 'jobs',
};

/** Completions at a cursor in a CI file. Pure: the editor converts the result. */
export function completeCi(request: CompletionRequest): CiCompletion[] {
  const context = cursorContext(request.text, request.position);
  switch (context.kind) {
    case 'variable':
      return variableCompletions(request.analysis, context.path, context.replace, context.braced);
    case 'reference':
      return referenceCompletions(request.analysis, context.segments, context.replace);
    case 'key':
      return [
        ...keyCompletions(context.parentPath, context.replace),
        ...(context.listItem ? valueCompletions(request.analysis, context.parentPath, context.replace) : []),
      ];
    case 'value':
      return valueCompletions(request.analysis, context.path, context.replace);
    case 'none':
      return [];
  }
}

function keyCompletions(parentPath: readonly PathSegment[], replace: Range): CiCompletion[] {
  return childKeywords(parentPath).map((k) => keywordCompletion(k, replace));
}

function keywordCompletion(k: KeywordInfo, replace: Range): CiCompletion {
  const listy = k.valueKinds.includes('list') && !k.valueKinds.includes('string');
  const mapping = k.valueKinds.length === 1 && k.valueKinds[0] === 'mapping';
  const insertText = mapping ? `${k.name}:\n  $0` : listy ? `${k.name}:\n  - $0` : `${k.name}: $0`;
  return {
    label: k.name,
    kind: 'keyword',
    detail: k.deprecated ? `deprecated: ${k.deprecated}` : k.valueKinds.join(' | '),
    documentation: `${k.summary}\n\n[GitLab docs](${k.docsUrl})`,
    insertText,
    snippet: true,
    range: replace,
    sortText: `${k.deprecated ? '9' : '1'}${k.name}`,
  };
}

/** The keyword path of a YAML path: job name and list indices dropped, top-level keywords kept. */
function keywordPath(path: readonly PathSegment[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const [first, ...rest] = names;
  if (first !== undefined && !RESERVED_TOP_LEVEL.has(first)) return rest.join(':');
  return names.join(':');
}

function valueCompletions(analysis: CiAnalysis | undefined, path: readonly PathSegment[], replace: Range): CiCompletion[] {
  const named = NAME_VALUES[keywordPath(path)];
  if (named) return nameCompletions(analysis, named, path, replace);
  return enumValues(path).map((value, i) => ({ label: value, kind: 'value', range: replace, sortText: String(i).padStart(3, '0') }));
}

function nameCompletions(analysis: CiAnalysis | undefined, what: 'jobs' | 'jobs-and-templates' | 'stages', path: readonly PathSegment[], replace: Range): CiCompletion[] {
  if (!analysis) return [];
  const symbols = ciSymbols(analysis);
  if (what === 'stages') {
    return symbols.stages.map((s, i) => ({ label: s.name, kind: 'stage', detail: `stage ${i + 1} of ${symbols.stages.length}`, range: replace, sortText: String(i).padStart(3, '0') }));
  }
  const self = typeof path[0] === 'string' ? path[0] : undefined;
  const stageOf = new Map(analysis.jobs.map((j) => [j.name, stageName(j.effective ?? j.node)]));
  const jobs = symbols.visibleJobs.filter((j) => j.name !== self).map((j): CiCompletion => ({
    label: j.name, kind: 'job', detail: `job · stage ${stageOf.get(j.name) ?? 'test'}`, range: replace, sortText: `2${j.name}`,
  }));
  if (what === 'jobs') return jobs;
  const templates = symbols.hiddenJobs.filter((j) => j.name !== self).map((j): CiCompletion => ({
    label: j.name, kind: 'template', detail: 'template', range: replace, sortText: `1${j.name}`,
  }));
  return [...templates, ...jobs];
}

function stageName(node: CiNode): string | undefined {
  const stage = getChild(node, 'stage');
  return stage?.kind === 'scalar' && stage.value !== null ? String(stage.value) : undefined;
}

function variableCompletions(analysis: CiAnalysis | undefined, path: readonly PathSegment[], replace: Range, braced: boolean): CiCompletion[] {
  const wrap = (name: string): string => (braced ? `\${${name}}` : `$${name}`);
  const out: CiCompletion[] = [];
  const seen = new Set<string>();
  for (const [name, where] of definedVariables(analysis, path)) {
    seen.add(name);
    out.push({ label: wrap(name), kind: 'variable', detail: where, insertText: wrap(name), range: replace, sortText: `0${name}` });
  }
  for (const v of PREDEFINED_VARIABLES) {
    if (seen.has(v.name)) continue;
    out.push({ label: wrap(v.name), kind: 'variable', detail: 'predefined', documentation: v.description, insertText: wrap(v.name), range: replace, sortText: `1${v.name}` });
  }
  return out;
}

/** Variables the configuration defines: global ones and, inside a job, the job's own. */
function definedVariables(analysis: CiAnalysis | undefined, path: readonly PathSegment[]): Map<string, string> {
  const out = new Map<string, string>();
  const merged = analysis?.merged;
  if (!merged) return out;
  const add = (node: CiNode | undefined, where: string): void => {
    if (isMap(node)) for (const name of node.entries.keys()) out.set(name, where);
  };
  add(getChild(merged, 'variables'), 'global variable');
  const job = typeof path[0] === 'string' && !RESERVED_TOP_LEVEL.has(path[0]) ? path[0] : undefined;
  if (job) add(getChild(getChild(merged, job), 'variables'), `variable of ${job}`);
  return out;
}

/** `!reference [job, key, ...]`: job names first, then the keys found along the path typed so far. */
function referenceCompletions(analysis: CiAnalysis | undefined, segments: readonly string[], replace: Range): CiCompletion[] {
  const merged = analysis?.merged;
  if (!merged) return [];
  let node: CiNode | undefined = merged;
  for (const segment of segments) node = getChild(node, segment);
  if (!isMap(node)) return [];
  const top = segments.length === 0;
  return [...node.entries.keys()]
    .filter((key) => !top || !RESERVED_TOP_LEVEL.has(key) || key === 'default' || key === 'variables')
    .map((key): CiCompletion => ({
      label: key,
      kind: top ? (isHiddenKey(key) ? 'template' : 'job') : 'reference',
      range: replace,
      sortText: `${top && isHiddenKey(key) ? '0' : '1'}${key}`,
    }));
}
