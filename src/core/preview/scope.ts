import type { CiNode, ParseResult } from '../ci';
import { parseExpression, scalarString } from '../ci';
import type { Diagnostic } from '../diagnostic';
import type { PreviewCode } from './codes';
import { previewDiagnostic } from './codes';
import { evaluateExpression } from './expression/evaluate';
import { fnmatch } from './fnmatch';
import type { ResolvedEvent } from './predefinedVariables';

export type Variables = Readonly<Record<string, string>>;

/** What every clause of one preview evaluates against, and where its findings go. */
export class PreviewScope {
  readonly diagnostics: Diagnostic[] = [];
  /** Reasons GitLab would refuse the configuration or the pipeline. */
  readonly refusals: string[] = [];
  private readonly parsed = new Map<string, ParseResult>();

  constructor(
    readonly event: ResolvedEvent,
    /** Changed files (root-relative); undefined when unknown, which makes every `changes` true. */
    readonly changed: readonly string[] | undefined,
    /** Repository files (root-relative) for `exists`; undefined when unknown. */
    readonly repositoryFiles: readonly string[] | undefined,
    private readonly entryPath: string,
  ) {}

  report(code: PreviewCode, args: Readonly<Record<string, string>>, at: CiNode): void {
    this.diagnostics.push(previewDiagnostic(code, args, at.loc.range, at.loc.file === this.entryPath ? undefined : at.loc.file));
  }

  /** Evaluates an expression node (`rules:if`, one `only:variables` entry); a syntax error is reported and is false. */
  expression(node: CiNode, variables: Variables): boolean {
    const text = scalarString(node);
    if (text === undefined) {
      this.report('preview-expression-invalid', { expression: JSON.stringify(node.kind === 'scalar' ? node.value : node.kind), error: 'it must be a string' }, node);
      this.refusals.push('invalid expression');
      return false;
    }
    let parsed = this.parsed.get(text);
    if (!parsed) {
      parsed = parseExpression(text);
      this.parsed.set(text, parsed);
    }
    if (!parsed.ok) {
      this.report('preview-expression-invalid', { expression: text, error: parsed.error }, node);
      this.refusals.push(`invalid expression \`${text}\``);
      return false;
    }
    return evaluateExpression(parsed.expression, (name) => variables[name], (note) => this.report('preview-expression-note', { expression: text, note }, node));
  }

  /** `changes` as GitLab judges it: true when the changed files are unknown, else any changed path matches a glob. */
  changesMatch(globs: readonly string[]): boolean {
    if (this.changed === undefined || !this.event.comparesChanges) return true;
    return this.changed.some((path) => globs.some((glob) => fnmatch(glob, path)));
  }

  /** `exists`: any repository file matches a glob (exact paths compare as they are). */
  existsMatch(globs: readonly string[], at: CiNode): boolean {
    if (this.repositoryFiles === undefined) {
      this.report('preview-exists-unknown', {}, at);
      return true;
    }
    const files = this.repositoryFiles;
    return globs.some((glob) => (/[*?[{]/.test(glob) ? files.some((path) => fnmatch(glob, path)) : files.includes(glob.replace(/^\/+/, ''))));
  }
}

/** `ExpandVariables.expand_existing`: `$VAR` and `${VAR}` replaced where VAR is defined, left as written otherwise. */
export function expandExisting(text: string, variables: Variables): string {
  return text.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, plain: string | undefined, braced: string | undefined) => variables[plain ?? braced ?? ''] ?? whole);
}

/** The strings of a scalar or a sequence of scalars (nested sequences flattened, as GitLab does for `!reference`). */
export function stringList(node: CiNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'seq') return node.items.flatMap(stringList);
  const s = scalarString(node);
  return s === undefined ? [] : [s];
}

/** `variables:` as name -> value, accepting `{ value: ... }` entries; numbers and booleans as GitLab stringifies them. */
export function variablesOf(node: CiNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (node?.kind !== 'map') return out;
  for (const [name, entry] of node.entries) {
    const raw = entry.node.kind === 'map' ? entry.node.entries.get('value')?.node : entry.node;
    if (raw?.kind !== 'scalar') continue;
    out[name] = raw.value === null ? '' : String(raw.value);
  }
  return out;
}
