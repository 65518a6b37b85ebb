import { isMap, isPair, isScalar } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Diagnostic, Range, Severity } from '../../diagnostic';
import type { ParsedCiFile } from '../parse/parseCiFile';
import { offsetRange } from './offsets';

/**
 * GitLab's CI lint answers with sentences, not positions. These rules find where each sentence
 * points in the file: a line and column when GitLab gives one (YAML errors), else the config path
 * it starts with (`jobs:build:when config ...`, `root config ...`), else the job it names
 * (`build job: chosen stage does not exist`). What matches nothing is shown on the first line.
 */
interface LocateRule {
  readonly pattern: RegExp;
  readonly locate: (match: RegExpExecArray, file: ParsedCiFile) => Range | undefined;
}

const RULES: readonly LocateRule[] = [
  { pattern: /at line (\d+) column (\d+)/, locate: (m) => point(Number(m[1]) - 1, Number(m[2]) - 1) },
  {
    // `jobs:build config contains unknown keys: scirpt` -> the unknown key itself.
    pattern: /^((?:jobs|root|[\w.-]+)(?::[^\s]+)?) config contains unknown keys?: ([\w.-]+)/,
    locate: (m, file) => keyRange(file, [...configPath(file, m[1]!), m[2]!]) ?? keyRange(file, configPath(file, m[1]!)),
  },
  { pattern: /^((?:jobs|root|[\w.-]+)(?::[^\s]+)?)[ :]/, locate: (m, file) => keyRange(file, configPath(file, m[1]!)) },
  { pattern: /^'?([^'\s]+)'? job:/, locate: (m, file) => keyRange(file, [m[1]!]) },
  { pattern: /^'([^']+)' job needs/, locate: (m, file) => keyRange(file, [m[1]!, 'needs']) ?? keyRange(file, [m[1]!]) },
];

/** GitLab lint errors and warnings as diagnostics on the file that was sent. */
export function serverLintDiagnostics(file: ParsedCiFile, result: { readonly errors: readonly string[]; readonly warnings: readonly string[] }): Diagnostic[] {
  const convert = (severity: Severity) => (message: string): Diagnostic => ({
    severity,
    code: severity === 'error' ? 'gitlab-lint-error' : 'gitlab-lint-warning',
    message: `GitLab: ${message}`,
    range: locate(file, message),
  });
  return [...result.errors.map(convert('error')), ...result.warnings.map(convert('warning'))];
}

function locate(file: ParsedCiFile, message: string): Range {
  for (const rule of RULES) {
    const match = rule.pattern.exec(message);
    const range = match ? rule.locate(match, file) : undefined;
    if (range) return range;
  }
  return point(0, 0);
}

function point(line: number, character: number): Range {
  const at = { line: Math.max(0, line), character: Math.max(0, character) };
  return { start: at, end: at };
}

/**
 * `jobs:test:unit:script` names job `test:unit` when such a job exists (job names may hold
 * colons), so the longest existing top-level key wins; `root` is the document itself.
 */
function configPath(file: ParsedCiFile, written: string): string[] {
  const parts = written.split(':');
  if (parts[0] === 'root') return parts.slice(1);
  if (parts[0] !== 'jobs') return parts;
  const rest = parts.slice(1);
  for (let n = rest.length; n > 0; n--) {
    const job = rest.slice(0, n).join(':');
    if (keyRange(file, [job])) return [job, ...rest.slice(n)];
  }
  return rest;
}

/** The range of the deepest key along `path` that exists (undefined when not even the first does). */
function keyRange(file: ParsedCiFile, path: readonly string[]): Range | undefined {
  const doc = file.documents.filter((d) => d.contents !== null).at(file.spec ? 1 : 0);
  let node: YamlNode | null | undefined = doc?.contents;
  let found: Range | undefined;
  for (const segment of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
    const key = pair?.key as YamlNode | undefined;
    if (!pair || !key?.range) break;
    found = offsetRange(file.lineCounter, key.range[0], key.range[1]);
    node = pair.value as YamlNode | null;
  }
  return found;
}
