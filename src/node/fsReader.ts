import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileRead, FileReader } from '../core/ci';
import { globToRegExp, MAX_FILE_BYTES } from '../core/ci';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/**
 * The most directory entries one glob walk visits: a pattern like `**` over a huge tree would
 * otherwise read every directory below the root before anything is checked.
 */
export const MAX_GLOB_ENTRIES = 20_000;

/**
 * A {@link FileReader} over the real disk; directory listings are cached for the reader's lifetime.
 * Only regular files no larger than {@link MAX_FILE_BYTES} are read (a FIFO would block forever, a
 * device never ends); includes are read only when their real path (links resolved) is inside the
 * project root, and globs never leave the root nor follow links to directories.
 */
export function createFsReader(): FileReader {
  const listings = new Map<string, string[]>();
  const list = (root: string): string[] => {
    const known = listings.get(root);
    if (known) return known;
    const out: string[] = [];
    let visited = 0;
    const walk = (dir: string, rel: string): void => {
      if (visited >= MAX_GLOB_ENTRIES) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (++visited > MAX_GLOB_ENTRIES) return;
        const relPath = rel ? `${rel}/${entry.name}` : entry.name;
        // Dirent kinds come from lstat: a link is neither a directory nor a file here, so it is not followed.
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
      const read = readRegularFile(absPath);
      return read.kind === 'text' ? read.text : undefined;
    },
    readConfined(absPath, root) {
      let real: string;
      try {
        real = fs.realpathSync(absPath);
      } catch {
        // A dangling link or a missing file: both read as missing, but a lexical escape is still refused.
        return isInside(path.resolve(root), path.resolve(absPath)) ? { kind: 'missing' } : { kind: 'outside-root' };
      }
      if (!isInside(realRoot(root), real)) return { kind: 'outside-root' };
      return readRegularFile(real);
    },
    glob(rootDir, pattern) {
      const re = globToRegExp(pattern);
      const prefix = staticPrefix(pattern);
      const base = path.join(rootDir, prefix);
      if (!isInside(path.resolve(rootDir), path.resolve(base), true)) return [];
      try {
        if (!isInside(realRoot(rootDir), fs.realpathSync(base), true)) return [];
      } catch {
        return [];
      }
      return list(base)
        .map((rel) => (prefix ? `${prefix}/${rel}` : rel))
        .filter((rel) => re.test(rel))
        .map((rel) => path.join(rootDir, rel));
    },
  };
}

/** The text of `file` when it is a regular file within the size cap; never opens anything else. */
export function readRegularFile(file: string): FileRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { kind: 'missing' };
  }
  if (!stat.isFile()) return { kind: 'not-a-file', what: kindOf(stat) };
  if (stat.size > MAX_FILE_BYTES) return { kind: 'too-large', size: stat.size, max: MAX_FILE_BYTES };
  let fd: number;
  try {
    // Non-blocking, so a file swapped for a FIFO between the check and the open cannot hang the read.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return { kind: 'missing' };
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return { kind: 'not-a-file', what: kindOf(opened) };
    // Read until the end but never past the cap: files in /proc say size 0 and may go on.
    const chunk = Buffer.alloc(64 * 1024);
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_FILE_BYTES) return { kind: 'too-large', size: length, max: MAX_FILE_BYTES };
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return { kind: 'text', text: Buffer.concat(chunks, length).toString('utf8') };
  } catch {
    return { kind: 'missing' };
  } finally {
    fs.closeSync(fd);
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function realRoot(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

function isInside(root: string, file: string, orSelf = false): boolean {
  const rel = path.relative(root, file);
  if (rel === '') return orSelf;
  return !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
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
