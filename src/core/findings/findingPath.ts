/**
 * Where a finding points, as a path relative to the repository root. Reports write paths in
 * several ways (`./spec/x_spec.rb`, `src/a.ts`, `/builds/group/project/src/a.ts` when a tool
 * printed the CI job's absolute path); anything that would leave the repository is refused.
 */

/** Splits a path into segments, `\` read as `/`, `.` and empty segments dropped. */
export function pathSegments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s.length > 0 && s !== '.');
}

/**
 * The repository-relative form of a report's path, or undefined when it cannot be one (climbs
 * out with `..`, or is absolute outside GitLab's default `/builds/<project path>/` checkout).
 */
export function repoRelativePath(path: string, projectPath: string): string | undefined {
  const normalised = path.replace(/\\/g, '/').trim();
  if (normalised.length === 0 || normalised.includes('\0')) return undefined;
  let segments = pathSegments(normalised);
  if (normalised.startsWith('/')) {
    const checkout = ['builds', ...pathSegments(projectPath)];
    if (!checkout.every((s, i) => segments[i] === s)) return undefined;
    segments = segments.slice(checkout.length);
  }
  if (segments.length === 0 || segments.some((s) => s === '..')) return undefined;
  return segments.join('/');
}

/** Whether two paths name the same file: one's segments end the other's (`test/x.ts` and `/builds/g/p/test/x.ts`, or `BarTest.java`). */
export function sameFile(a: string, b: string): boolean {
  const x = pathSegments(a);
  const y = pathSegments(b);
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  if (shorter.length === 0) return false;
  const offset = longer.length - shorter.length;
  return shorter.every((s, i) => longer[offset + i] === s);
}
