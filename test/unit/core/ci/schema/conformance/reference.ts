/**
 * GitLab's published CI schema (`ci.json`), read from `../shared/reference/gitlab-ci-schema/` beside
 * the repository (CI clones have `shared/` there). Only tests read it: the product never does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { REPO_ROOT } from '../../../../../support/paths';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type SchemaNode = { readonly [key: string]: unknown };

export const REFERENCE_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'gitlab-ci-schema', 'ci.json');

export interface Reference {
  readonly schema: SchemaNode;
  readonly validate: ValidateFunction;
}

let loaded: Reference | undefined;

/** The reference schema and its validator, or `undefined` when `../shared` is not there. */
export function loadReference(): Reference | undefined {
  if (loaded) return loaded;
  if (!fs.existsSync(REFERENCE_PATH)) return undefined;
  const schema = JSON.parse(fs.readFileSync(REFERENCE_PATH, 'utf8')) as SchemaNode;
  // Formats (uri, uri-reference, regex, date-time) are annotations here: every one of them sits
  // beside a `pattern` that carries the actual check. ajv-formats is not a dependency.
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
  loaded = { schema, validate: ajv.compile(schema) };
  return loaded;
}

export const SKIP_MESSAGE = `GitLab's reference schema is not at ${REFERENCE_PATH} (it lives in ../shared beside the clone); conformance tests skipped`;

const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows `$ref` (local definitions only). */
export function deref(root: SchemaNode, node: unknown): SchemaNode {
  let n: unknown = node;
  for (let i = 0; i < 20 && isNode(n) && typeof n.$ref === 'string'; i++) {
    const name = n.$ref.replace('#/definitions/', '');
    n = (root.definitions as Record<string, unknown>)[name];
  }
  return isNode(n) ? n : {};
}

const COMBINATORS = ['oneOf', 'anyOf', 'allOf', '$ref'] as const;

/**
 * The alternatives a schema node allows, each a plain node (no `$ref`, `oneOf`, `anyOf`); `allOf`
 * parts are merged. Keys beside a combinator (such as `properties` next to `anyOf`) go into each.
 */
export function alternatives(root: SchemaNode, node: unknown): SchemaNode[] {
  const n = deref(root, node);
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) if (!(COMBINATORS as readonly string[]).includes(k)) own[k] = v;
  let out: SchemaNode[] = [own];
  if (Array.isArray(n.allOf)) {
    for (const part of n.allOf) {
      const partAlts = alternatives(root, part);
      out = out.flatMap((o) => partAlts.map((p) => merge(o, p)));
    }
  }
  const choice = Array.isArray(n.oneOf) ? n.oneOf : Array.isArray(n.anyOf) ? n.anyOf : undefined;
  // A oneOf/anyOf of bare `required` lists (secrets, step) constrains the object; it is no type
  // choice, and stays on the node as `requiredChoice`.
  if (choice && isBareChoice(choice)) out = out.map((o) => ({ ...o, requiredChoice: choice }));
  else if (choice) {
    // The simplest alternative first: samples are built from it.
    const required = (c: SchemaNode): number => (Array.isArray(c.required) ? c.required.length : 0);
    const choiceAlts = choice.flatMap((c) => alternatives(root, c)).sort((a, b) => required(a) - required(b));
    out = out.flatMap((o) => choiceAlts.map((c) => merge(o, c)));
  }
  return out;
}

export function isBareChoice(choice: readonly unknown[]): boolean {
  return choice.every((c) => isNode(c) && Object.keys(c).every((k) => k === 'required' || k === 'not'));
}

function merge(a: SchemaNode, b: SchemaNode): SchemaNode {
  const out: Record<string, unknown> = { ...a, ...b };
  // A branch's properties (`when: {enum: [delayed]}` in a job's oneOf) are conditions on the
  // keyword, not its definition: the keyword's own definition wins.
  if (isNode(a.properties) && isNode(b.properties)) out.properties = { ...b.properties, ...a.properties };
  if (Array.isArray(a.required) && Array.isArray(b.required)) out.required = [...new Set([...(a.required as unknown[]), ...(b.required as unknown[])])];
  return out;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

export function typesOf(node: SchemaNode): JsonType[] {
  if (typeof node.type === 'string') return [node.type as JsonType];
  if (Array.isArray(node.type)) return node.type as JsonType[];
  // `additionalProperties: true` alone constrains nothing: it says no type.
  if (node.properties !== undefined || node.patternProperties !== undefined || (node.additionalProperties !== undefined && node.additionalProperties !== true)) return ['object'];
  if (Array.isArray(node.enum)) return [...new Set(node.enum.map((v) => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'boolean')))] as JsonType[];
  if (node.const !== undefined) return ['string'];
  if (node.items !== undefined) return ['array'];
  return [];
}
