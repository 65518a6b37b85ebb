import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileReader } from '../core/ci';
import { globToRegExp } from '../core/ci';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** A {@link FileReader} over the real disk; directory listings are cached for the reader's lifetime. */
export function createFsReader(): FileReader {
  const listings = new Map<string, string[]>();
  const list = (root: string): string[] => {
    const known = listings.get(root);
    if (known) return known;
    const out: string[] = [];
    const walk = (dir: string, rel: string): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const relPath = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name), relPath);
        } else if (entry.isFile()) out.push(relPath);
      }
    };
    walk(root, '');
    listings.set(root, out);
    return out;
  };
  return {
    readFile(absPath) {
      try {
        return fs.readFileSync(absPath, 'utf8');
      } catch {
        return undefined;
      }
    },
    glob(rootDir, pattern) {
      const re = globToRegExp(pattern);
      const prefix = staticPrefix(pattern);
      const base = path.join(rootDir, prefix);
      return list(base)
        .map((rel) => (prefix ? `${prefix}/${rel}` : rel))
        .filter((rel) => re.test(rel))
        .map((rel) => path.join(rootDir, rel));
    },
  };
}

/** The directories of a pattern before its first wildcard, so a glob only walks what it can match. */
function staticPrefix(pattern: string): string {
  const parts = pattern.replace(/^\/+/, '').split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

/** The nearest directory at or above `start` that holds `.git`, if any. */
export function findGitRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
