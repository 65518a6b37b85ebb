/**
 * GitLab's full project path grammar (lib/gitlab/path_regex.rb): namespace segments then the
 * project, separated by single slashes. A segment starts with a letter, digit, `_` or `.` and
 * goes on with those or `-`; a namespace segment also ends with a letter, digit, `_` or `-`;
 * none ends in `.git` or `.atom`; at most 20 ancestors (namespace.rb). `.` and `..` are refused
 * outright (they would walk the API URL), and so is anything escaped (`%2F`) or padded.
 */

/** GitLab allows 20 levels of ancestors above a project. */
const MAX_SEGMENTS = 21;
const SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;
const NAMESPACE_END = /[A-Za-z0-9_-]$/;
const RESERVED_SUFFIX = /\.(git|atom)$/i;

export type ProjectPathCheck = { readonly path: string } | { readonly problem: string };

/** Checks a project path a person (or a workspace's settings) typed; the path is returned unchanged when it is one. */
export function checkProjectPath(text: string): ProjectPathCheck {
  const refuse = (why: string): ProjectPathCheck => ({ problem: `"${text}" is not a GitLab project path (group/project): ${why}.` });
  if (text !== text.trim()) return refuse('it has spaces around it');
  if (text.startsWith('/') || text.endsWith('/')) return refuse('it starts or ends with a slash');
  const segments = text.split('/');
  if (segments.length < 2) return refuse('it names no group');
  if (segments.length > MAX_SEGMENTS) return refuse(`GitLab nests groups at most ${MAX_SEGMENTS - 1} deep`);
  for (const [index, segment] of segments.entries()) {
    if (segment === '') return refuse('it has an empty part (two slashes)');
    if (segment === '.' || segment === '..') return refuse(`"${segment}" is not a name`);
    if (!SEGMENT.test(segment)) return refuse(`"${segment}" holds a character GitLab does not allow in paths (letters, digits, "_", "-" and "." only)`);
    if (RESERVED_SUFFIX.test(segment)) return refuse(`"${segment}" ends in .git or .atom`);
    if (index < segments.length - 1 && !NAMESPACE_END.test(segment)) return refuse(`the group "${segment}" ends with "."`);
  }
  return { path: text };
}
