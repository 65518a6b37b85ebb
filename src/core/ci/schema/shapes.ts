/**
 * A small description language for the GitLab CI keyword model. One tree of shapes is the single
 * source of truth: the JSON Schema handed to ajv, the error messages, completion and hover are all
 * derived from it, so they can never disagree about what a keyword accepts.
 */

/** Where a mapping sits, as completion and hover name it. */
export type ContextId =
  | 'top-level'
  | 'job'
  | 'trigger-job'
  | 'default'
  | 'workflow'
  | 'workflow:auto_cancel'
  | 'workflow:rules item'
  | 'rules item'
  | 'include item'
  | 'include:rules item'
  | 'spec'
  | 'spec:inputs item'
  | 'artifacts'
  | 'artifacts:reports'
  | 'coverage_report'
  | 'cache'
  | 'cache:key'
  | 'environment'
  | 'environment:kubernetes'
  | 'image'
  | 'service'
  | 'executor options'
  | 'retry'
  | 'release'
  | 'release:assets'
  | 'release:assets:links item'
  | 'parallel'
  | 'needs item'
  | 'trigger'
  | 'trigger:include item'
  | 'trigger:forward'
  | 'only/except'
  | 'inherit'
  | 'allow_failure'
  | 'changes'
  | 'exists'
  | 'variable'
  | 'secret'
  | 'id_token'
  | 'hooks'
  | 'pages'
  | 'dast_configuration'
  | 'step'
  | 'step:git'
  | 'step:oci'
  | 'input'
  | 'spec:inputs:rules item'
  | 'spec:include item'
  | 'mapping';

export interface StringShape {
  readonly kind: 'string';
  readonly enum?: readonly string[];
  readonly pattern?: string;
  /** What the pattern means, for the message when it does not match. */
  readonly patternHint?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Values offered by completion when the value is not a closed enum (e.g. `cache:policy` also takes `$VAR`). */
  readonly suggest?: readonly string[];
}

export interface NumberShape {
  readonly kind: 'number';
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface ArrayShape {
  readonly kind: 'array';
  readonly items: Shape;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** No value may appear twice. */
  readonly uniqueItems?: boolean;
}

export interface ObjectShape {
  readonly kind: 'object';
  readonly context: ContextId;
  readonly keywords: readonly Keyword[];
  /** Shape of keys not listed in `keywords`; `undefined` means such keys are unknown keywords. */
  readonly additional?: Shape;
  readonly required?: readonly string[];
  /** Keys chosen by the user (`additional`) must match this pattern, e.g. input names. */
  readonly keyPattern?: { readonly pattern: string; readonly hint: string };
  readonly maxProperties?: number;
  /** A key that, when present, needs the listed keys beside it (`ref` needs `project`). */
  readonly dependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface UnionShape {
  readonly kind: 'union';
  /** At most one option per JSON type, except mappings told apart by `discriminated`. */
  readonly options: readonly Shape[];
  /**
   * Mapping variants chosen by the presence of a key, tried in order. A mapping with none of the
   * keys takes `fallback`, or is an error naming the keys when there is no fallback.
   */
  readonly discriminated?: readonly { readonly key: string; readonly shape: ObjectShape }[];
  readonly fallback?: ObjectShape;
}

export interface RefShape {
  readonly kind: 'ref';
  readonly name: string;
}

export type Shape =
  | StringShape
  | NumberShape
  | ArrayShape
  | ObjectShape
  | UnionShape
  | RefShape
  | { readonly kind: 'boolean' }
  | { readonly kind: 'null' }
  | { readonly kind: 'any' };

export type ValueKind = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'list' | 'mapping' | 'any';

export interface Keyword {
  readonly name: string;
  /** One or two sentences in our own words. */
  readonly summary: string;
  /** Path below https://docs.gitlab.com/ci/yaml/, e.g. `#artifactspaths` or `artifacts_reports/#artifactsreportsjunit`. */
  readonly docs: string;
  readonly shape: Shape;
  /** Set when GitLab still accepts the keyword but recommends something else; says what. */
  readonly deprecated?: string;
  /** Human wording of what the value must be, used instead of the generated one (e.g. for `parallel`). */
  readonly expect?: string;
}

export const str = (extra: Omit<StringShape, 'kind'> = {}): StringShape => ({ kind: 'string', ...extra });
export const oneOfStrings = (values: readonly string[]): StringShape => ({ kind: 'string', enum: values });
export const num = (extra: Omit<NumberShape, 'kind'> = {}): NumberShape => ({ kind: 'number', ...extra });
export const int = (minimum?: number, maximum?: number): NumberShape => ({ kind: 'number', integer: true, minimum, maximum });
export const bool: Shape = { kind: 'boolean' };
export const nul: Shape = { kind: 'null' };
export const anything: Shape = { kind: 'any' };
export const list = (items: Shape, extra: Omit<ArrayShape, 'kind' | 'items'> = {}): ArrayShape => ({ kind: 'array', items, ...extra });
export const ref = (name: string): RefShape => ({ kind: 'ref', name });
export const union = (...options: Shape[]): UnionShape => ({ kind: 'union', options });

type MappingExtra = Pick<ObjectShape, 'additional' | 'required' | 'keyPattern' | 'maxProperties' | 'dependencies'>;

export function mapping(context: ContextId, keywords: readonly Keyword[], extra: MappingExtra = {}): ObjectShape {
  return { kind: 'object', context, keywords, ...extra };
}

/** A mapping whose keys are names chosen by the user (variables, secrets, inputs, ...). */
export function dict(values: Shape, context: ContextId = 'mapping', extra: Omit<MappingExtra, 'additional'> = {}): ObjectShape {
  return { kind: 'object', context, keywords: [], additional: values, ...extra };
}

export function kw(name: string, docs: string, shape: Shape, summary: string, extra: Pick<Keyword, 'deprecated' | 'expect'> = {}): Keyword {
  return { name, docs, shape, summary, ...extra };
}

export const DOCS_BASE = 'https://docs.gitlab.com/ci/yaml/';

export function docsUrl(docs: string): string {
  return docs.startsWith('https://') ? docs : DOCS_BASE + docs;
}
