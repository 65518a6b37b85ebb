// Request bodies: JSON, or Rack-style form encoding (`a=1`, `list[]=x`, `vars[][key]=K&vars[][value]=V`).

export class BodyError extends Error {}

export function parseBody(contentType: string | undefined, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  if ((contentType ?? '').includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BodyError('body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BodyError('body must be a JSON object');
    return parsed as Record<string, unknown>;
  }
  return parseForm(new URLSearchParams(text));
}

export function parseForm(form: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form) {
    const nested = /^([^[\]]+)\[\]\[([^[\]]+)\]$/.exec(key);
    const list = /^([^[\]]+)\[\]$/.exec(key);
    if (nested) {
      const [, name = '', field = ''] = nested;
      const items = (out[name] ??= []) as Record<string, unknown>[];
      const last = items[items.length - 1];
      // A repeated field starts the next object, as Rack does.
      if (!last || field in last) items.push({ [field]: value });
      else last[field] = value;
    } else if (list) {
      const name = list[1] ?? '';
      ((out[name] ??= []) as unknown[]).push(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}
