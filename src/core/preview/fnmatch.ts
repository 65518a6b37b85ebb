/**
 * Ruby's `File.fnmatch?(glob, path, FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB)`, which GitLab uses for
 * `changes` and `exists`: `*` and `?` stay within one directory, `**\/` spans zero or more directories
 * (a `**` not followed by `/` is a plain `*`), wildcards match leading dots, `[...]` is a bracket
 * expression (`!` or `^` negates) and `{a,b}` alternatives are expanded.
 */
export function fnmatch(glob: string, path: string): boolean {
  return expandBraces(glob).some((alternative) => toRegExp(alternative).test(path));
}

const cache = new Map<string, RegExp>();

function toRegExp(glob: string): RegExp {
  const known = cache.get(glob);
  if (known) return known;
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*' && glob.charAt(i + 1) === '*' && glob.charAt(i + 2) === '/' && (i === 0 || glob.charAt(i - 1) === '/')) {
      out += '(?:[^/]*/)*';
      i += 2;
    } else if (c === '*') {
      while (glob.charAt(i + 1) === '*') i++;
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        const escaped = body.replace(/\\(.)/g, '$1').replace(/[\\\]^]/g, '\\$&');
        out += negated ? `[^/${escaped}]` : `(?!/)[${escaped}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      i++;
      out += glob.charAt(i).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const re = new RegExp(`^${out}$`, 's');
  if (cache.size > 500) cache.clear();
  cache.set(glob, re);
  return re;
}

/** `{a,b}` alternatives (nested, escapable), as FNM_EXTGLOB expands them. */
export function expandBraces(glob: string): string[] {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const parts = splitTopLevel(glob.slice(start + 1, i));
        const prefix = glob.slice(0, start);
        const suffix = glob.slice(i + 1);
        return parts.flatMap((part) => expandBraces(prefix + part + suffix));
      }
    }
  }
  return [glob];
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c === '\\') {
      current += c + body.charAt(i + 1);
      i++;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}
