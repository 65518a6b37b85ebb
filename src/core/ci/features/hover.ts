import type { Position, Range } from '../../diagnostic';
import type { CiAnalysis } from '../analyze/analyzeCiFile';
import { getChild, scalarString } from '../model/ciNode';
import type { CiNode } from '../model/ciNode';
import { pathAtPosition } from './editorQueries';
import type { ParsedCiFile } from '../parse/parseCiFile';
import { keywordInfo, RESERVED_TOP_LEVEL } from '../schema';
import { codeSpan, plainText } from '../../markdown';
import { PREDEFINED_VARIABLES } from './predefinedVariables';

export interface CiHover {
  /** Markdown. */
  readonly contents: string;
  readonly range: Range;
}

const PREDEFINED = new Map(PREDEFINED_VARIABLES.map((v) => [v.name, v.description]));

/** Hover text at a position: a CI/CD variable, a keyword, or a job's summary. */
export function hoverCi(file: ParsedCiFile, analysis: CiAnalysis | undefined, position: Position): CiHover | undefined {
  const variable = variableHover(file.text, position, analysis);
  if (variable) return variable;
  const at = pathAtPosition(file, position);
  if (!at || at.inSpecHeader || at.target !== 'key') return undefined;
  const { path } = at;
  const first = path[0];
  if (path.length === 1 && typeof first === 'string' && !RESERVED_TOP_LEVEL.has(first)) {
    const job = analysis?.jobs.find((j) => j.name === first);
    return job ? { contents: jobSummary(first, job.hidden, job.effective ?? job.node), range: at.range } : undefined;
  }
  const info = keywordInfo(path);
  if (!info) return undefined;
  const lines = [`**\`${info.name}\`** · ${info.valueKinds.join(' | ')}`, '', info.summary];
  if (info.deprecated) lines.push('', `_Deprecated:_ ${info.deprecated}`);
  lines.push('', `[GitLab docs](${info.docsUrl})`);
  return { contents: lines.join('\n'), range: at.range };
}

function jobSummary(name: string, hidden: boolean, node: CiNode): string {
  const facts: string[] = [];
  const stage = scalarString(getChild(node, 'stage'));
  if (!hidden) facts.push(`stage ${codeSpan(stage ?? 'test')}`);
  const when = scalarString(getChild(node, 'when'));
  if (when) facts.push(`when ${codeSpan(when)}`);
  const environment = scalarString(getChild(node, 'environment')) ?? scalarString(getChild(getChild(node, 'environment'), 'name'));
  if (environment) facts.push(`environment ${codeSpan(environment)}`);
  if (getChild(node, 'trigger')) facts.push('trigger job');
  // Names and values come from the file: escaped, so they cannot close a code span or add links.
  const title = hidden ? `**Template** ${codeSpan(name)}` : `**Job** ${codeSpan(name)}`;
  return facts.length ? `${title} · ${facts.join(' · ')}` : title;
}

function variableHover(text: string, position: Position, analysis: CiAnalysis | undefined): CiHover | undefined {
  const line = text.split(/\r?\n/)[position.line] ?? '';
  const re = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    if (position.character < start || position.character > end) continue;
    if (start > 0 && line.charAt(start - 1) === '$') return undefined;
    const name = m[1] ?? '';
    const described = PREDEFINED.get(name) ?? definedHere(name, analysis);
    if (!described) return undefined;
    return { contents: `**${codeSpan(`$${name}`)}** · ${described}`, range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } } };
  }
  return undefined;
}

function definedHere(name: string, analysis: CiAnalysis | undefined): string | undefined {
  const value = getChild(getChild(analysis?.merged, 'variables'), name);
  if (!value) return undefined;
  const plain = scalarString(value) ?? scalarString(getChild(value, 'value'));
  const description = scalarString(getChild(value, 'description'));
  return [`global variable${plain !== undefined ? ` = ${codeSpan(plain)}` : ''}`, description === undefined ? undefined : plainText(description)].filter(Boolean).join(': ');
}
