import * as path from 'node:path';
import type { FileReader } from '../../src/core/ci/model/fileReader';
import { globToRegExp } from '../../src/core/ci/resolve/glob';

/** The project root the in-memory tests pretend to be in, and its CI entry file. */
export const ROOT = path.resolve('/project');
export const ENTRY = path.join(ROOT, '.gitlab-ci.yml');

/** A FileReader over an in-memory map of root-relative paths -> text, for tests and benchmarks. */
export function memoryReader(root: string, files: Readonly<Record<string, string>>): FileReader {
  const byAbs = new Map(Object.entries(files).map(([rel, text]) => [path.join(root, rel), text]));
  return {
    readFile: (abs) => byAbs.get(abs),
    glob: (rootDir, pattern) => {
      const re = globToRegExp(pattern);
      return [...byAbs.keys()].filter((abs) => abs.startsWith(rootDir + path.sep) && re.test(path.relative(rootDir, abs).split(path.sep).join('/'))).sort();
    },
  };
}
