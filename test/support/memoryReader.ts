import type { FileReader } from '../../src/core/ci/fileReader';
import { globToRegExp } from '../../src/core/ci/glob';

/** A FileReader over an in-memory map of absolute path -> text, for tests of multi-file configs. */
export function memoryReader(files: Readonly<Record<string, string>>): FileReader {
  return {
    readFile: (absPath) => files[absPath],
    glob: (rootDir, pattern) => {
      const re = globToRegExp(pattern);
      const prefix = rootDir.endsWith('/') ? rootDir : `${rootDir}/`;
      return Object.keys(files).filter((f) => f.startsWith(prefix) && re.test(f.slice(prefix.length))).sort();
    },
  };
}
