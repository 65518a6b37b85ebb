/**
 * The only way the CI core reaches files. The editor serves unsaved buffers through it, the CLI
 * reads the disk, tests hand in a map. Paths are absolute; `glob` returns absolute paths of files
 * under `rootDir` whose root-relative path matches `pattern` (see {@link globToRegExp}).
 */
export interface FileReader {
  readFile(absPath: string): string | undefined;
  glob(rootDir: string, pattern: string): string[];
}
