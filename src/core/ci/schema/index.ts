/**
 * The GitLab CI keyword model: schema validation of a merged configuration (with messages a person
 * understands), and the keyword knowledge behind completion and hover.
 *
 * `validateCiSchema` expects the configuration after `include`, `extends`, `!reference` and anchors
 * are resolved, with `default:` still a top-level key (not copied into jobs: GitLab does not give
 * `default:` values to trigger jobs, so copying them in would make those jobs look wrong).
 */
import type { Diagnostic } from '../../diagnostic';
import { byPosition } from '../../diagnostic';
import { combinationFindings } from './combinations';
import { specInputFindings } from './inputFindings';
import { toDiagnostic, translateErrors } from './messages';
import type { Finding } from './messages';
import type { SchemaLocator } from '../model/schemaPort';
import { isRecord, looksLikeHeader } from './resolve';
import { buildCiJsonSchema } from './toJsonSchema';
import { compileCiSchemaValidator } from './validator';
import type { CompiledCiSchema } from './validator';

export type { SchemaLocator } from '../model/schemaPort';
export type { SchemaCode } from './messages';
export type { ContextId, ValueKind } from './shapes';
export type { KeywordInfo } from './knowledge';
export type { CompiledCiSchema } from './validator';
export { childKeywords, enumValues, keywordContextAt, keywordInfo } from './knowledge';
export { compileCiSchemaValidator } from './validator';
export { isHiddenKey, RESERVED_TOP_LEVEL } from './resolve';

let shared: CompiledCiSchema | undefined;

/** The validator compiled on first use; compiling is the expensive part, so it happens once per process. */
function validator(): CompiledCiSchema {
  shared ??= compileCiSchemaValidator();
  return shared;
}

function diagnostics(findings: readonly Finding[], locate: SchemaLocator): Diagnostic[] {
  return findings.map((f) => toDiagnostic(f, locate)).sort(byPosition);
}

/** Schema findings for the merged configuration; `using` lets a caller pass its own compiled validator. */
export function validateCiSchema(config: unknown, locate: SchemaLocator, using: CompiledCiSchema = validator()): Diagnostic[] {
  if (config === null || config === undefined) return [];
  if (!isRecord(config)) {
    return diagnostics([{ code: 'schema-type', path: [], target: 'value', message: 'the configuration must be a mapping of keywords and jobs' }], locate);
  }
  const findings = [...translateErrors(using.config(config), config), ...combinationFindings(config)];
  // A top-level `spec` is an ordinary job name, unless it holds inputs: then the `---` was forgotten.
  if (looksLikeHeader(config.spec)) {
    const misplaced: Finding = { code: 'schema-misplaced', path: ['spec'], target: 'key', message: '`spec` must be in a header section of its own, ended by a `---` line' };
    return diagnostics([...findings.filter((f) => f.path[0] !== 'spec'), misplaced], locate);
  }
  return diagnostics(findings, locate);
}

/**
 * Schema findings for a header document: the YAML document before the first `---`, holding `spec:`.
 * Paths given to `locate` start at that document's root (`['spec', 'inputs', ...]`).
 */
export function validateSpecHeader(spec: unknown, locate: SchemaLocator, using: CompiledCiSchema = validator()): Diagnostic[] {
  if (spec === null || spec === undefined) return [];
  if (!isRecord(spec)) {
    return diagnostics([{ code: 'schema-type', path: [], target: 'value', message: 'the header must be a mapping holding `spec`' }], locate);
  }
  return diagnostics([...translateErrors(using.header(spec), spec, 'header'), ...specInputFindings(spec)], locate);
}

/** The schema as plain JSON (draft-07), e.g. for yaml-language-server. A fresh copy each call. */
export function ciJsonSchema(): object {
  return buildCiJsonSchema();
}
