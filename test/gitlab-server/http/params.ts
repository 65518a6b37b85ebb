// Reading parameters the way Grape does: body or query, typed, with Grape's error wording.
import { invalidParam } from '../errors';
import type { RequestContext } from './types';

function raw(ctx: RequestContext, name: string): unknown {
  if (name in ctx.body) return ctx.body[name];
  return ctx.query.get(name) ?? undefined;
}

export function stringParam(ctx: RequestContext, name: string): string | undefined {
  const value = raw(ctx, name);
  if (value === undefined || value === null) return undefined;
  return scalarText(value, name);
}

export function requiredString(ctx: RequestContext, name: string): string {
  const value = stringParam(ctx, name);
  if (value === undefined || value === '') throw invalidParam(name, value === undefined ? 'is missing' : 'is empty');
  return value;
}

export function intParam(ctx: RequestContext, name: string): number | undefined {
  const value = stringParam(ctx, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw invalidParam(name, 'is invalid');
  return Number(value);
}

/** A path parameter declared `type: Integer` in GitLab. */
export function intPathParam(ctx: RequestContext, name: string): number {
  const value = ctx.params[name] ?? '';
  if (!/^\d+$/.test(value)) throw invalidParam(name, 'is invalid');
  return Number(value);
}

const TRUE = new Set(['true', '1', 'yes', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'f', 'n']);

/** A scalar parameter as text; objects and arrays are invalid where a scalar is expected. */
export function scalarText(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalidParam(name, 'is invalid');
}

export function boolParam(ctx: RequestContext, name: string, fallback: boolean): boolean {
  const value = raw(ctx, name);
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  const text = scalarText(value, name).toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw invalidParam(name, 'is invalid');
}

export function enumParam<T extends string>(ctx: RequestContext, name: string, values: readonly T[]): T | undefined;
export function enumParam<T extends string>(ctx: RequestContext, name: string, values: readonly T[], fallback: T): T;
export function enumParam<T extends string>(ctx: RequestContext, name: string, values: readonly T[], fallback?: T): T | undefined {
  const value = stringParam(ctx, name);
  if (value === undefined) return fallback;
  if (!(values as readonly string[]).includes(value)) throw invalidParam(name, 'does not have a valid value');
  return value as T;
}

/** `scope=running`, `scope[]=running&scope[]=failed`, or a JSON array. */
export function arrayParam(ctx: RequestContext, name: string): string[] | undefined {
  const fromBody = ctx.body[name];
  if (Array.isArray(fromBody)) return fromBody.map(String);
  if (typeof fromBody === 'string') return [fromBody];
  const values = [...ctx.query.getAll(`${name}[]`), ...ctx.query.getAll(name)];
  return values.length > 0 ? values : undefined;
}

/** An array of objects, e.g. `variables: [{key, value}]` in JSON or `variables[][key]=` in a form. */
export function objectArrayParam(ctx: RequestContext, name: string): Record<string, unknown>[] | undefined {
  const value = ctx.body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidParam(name, 'is invalid');
  return value.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidParam(name, 'is invalid');
    return item as Record<string, unknown>;
  });
}
