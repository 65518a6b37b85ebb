import * as path from 'node:path';
import type { FileReader } from '../../../../src/core/ci/fileReader';
import { globToRegExp } from '../../../../src/core/ci/glob';

export const ROOT = '/project';

/** A FileReader over repository-relative paths held in memory. */
export function memoryReader(files: Readonly<Record<string, string>>): FileReader {
  const byAbs = new Map(Object.entries(files).map(([rel, text]) => [path.posix.join(ROOT, rel), text]));
  return {
    readFile: (abs) => byAbs.get(abs),
    glob: (root, pattern) => {
      const re = globToRegExp(pattern);
      return [...byAbs.keys()].filter((abs) => re.test(path.posix.relative(root, abs)));
    },
  };
}
