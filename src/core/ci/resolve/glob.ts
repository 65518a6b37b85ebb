/**
 * Converts an `include:local` wildcard path into a regular expression over root-relative,
 * slash-separated paths. `*` stays within one directory; `**` crosses directories (GitLab documents
 * `**` for recursive matches). The leading `/` GitLab allows is ignored.
 */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/^\/+/, '');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c === '*' && body.charAt(i + 1) === '*') {
      const slash = body.charAt(i + 2) === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export function isGlob(path: string): boolean {
  return /[*?]/.test(path);
}
