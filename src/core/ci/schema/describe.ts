/** Plain-words descriptions of what a shape accepts, for messages and hover. */
import type { Shape, ValueKind } from './shapes';
import { deref, objectVariants } from './resolve';

function joinOr(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  if (unique.length <= 1) return unique[0] ?? 'anything';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1] ?? ''}`;
}

function describeNumber(integer: boolean, min: number | undefined, max: number | undefined): string {
  const noun = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
  if (min !== undefined) return `${noun} of at least ${min}`;
  if (max !== undefined) return `${noun} of at most ${max}`;
  return noun;
}

/** "a string or a mapping", "one of on_success, on_failure, always", "a number from 1 to 200". */
export function describeShape(shape: Shape): string {
  const s = deref(shape);
  switch (s.kind) {
    case 'string': return s.enum ? `one of ${s.enum.join(', ')}` : 'a string';
    case 'number': return describeNumber(s.integer === true, s.minimum, s.maximum);
    case 'boolean': return 'true or false';
    case 'null': return 'empty';
    case 'any': return 'anything';
    case 'array': return 'a list';
    case 'object': return 'a mapping';
    case 'ref': return 'a value';
    case 'union': {
      // "true, false or a mapping" reads better than "true or false or a mapping".
      const parts = s.options.flatMap((o) => (deref(o).kind === 'boolean' ? ['true', 'false'] : [describeShape(o)]));
      if (objectVariants(s).length > 0 && !parts.includes('a mapping')) parts.push('a mapping');
      return joinOr(parts);
    }
  }
}

export function valueKinds(shape: Shape): ValueKind[] {
  const s = deref(shape);
  switch (s.kind) {
    case 'string': return ['string'];
    case 'number': return [s.integer ? 'integer' : 'number'];
    case 'boolean': return ['boolean'];
    case 'null': return ['null'];
    case 'any': return ['any'];
    case 'array': return ['list'];
    case 'object': return ['mapping'];
    case 'ref': return ['any'];
    case 'union': {
      const kinds = s.options.flatMap((o) => valueKinds(o));
      if (objectVariants(s).length > 0) kinds.push('mapping');
      return [...new Set(kinds)];
    }
  }
}
