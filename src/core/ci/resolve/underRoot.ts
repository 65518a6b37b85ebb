import * as nodePath from 'node:path';

/**
 * An `include:local` path relative to the project root, or undefined when it leaves the root. A
 * leading `/` means the repository root (as in GitLab), never the filesystem's; `..` may not climb out.
 */
export function underRoot(target: string): string | undefined {
  const normalized = nodePath.posix.normalize(target.replace(/\\/g, '/').replace(/^\/+/, ''));
  if (normalized === '..' || normalized.startsWith('../') || nodePath.posix.isAbsolute(normalized) || /^[A-Za-z]:/.test(normalized)) return undefined;
  return normalized === '.' ? '' : normalized;
}
