import * as path from 'node:path';
import type { FileReader } from '../../../src/core/ci/fileReader';
import { globToRegExp } from '../../../src/core/ci/glob';

/** A FileReader over an in-memory map of root-relative paths, for tests. */
export function memoryReader(root: string, files: Readonly<Record<string, string>>): FileReader {
  const abs = new Map(Object.entries(files).map(([rel, text]) => [path.join(root, rel), text]));
  return {
    readFile: (p) => abs.get(p),
    glob: (rootDir, pattern) => {
      const re = globToRegExp(pattern);
      return Object.keys(files).filter((rel) => re.test(rel)).map((rel) => path.join(rootDir, rel));
    },
  };
}

export const ROOT = path.resolve('/project');
export const ENTRY = path.join(ROOT, '.gitlab-ci.yml');
