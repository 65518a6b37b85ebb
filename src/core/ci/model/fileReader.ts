/**
 * The only way the CI core reaches files. The editor serves unsaved buffers through it, the CLI
 * reads the disk, tests hand in a map. Paths are absolute; `glob` returns absolute paths of files
 * under `rootDir` whose root-relative path matches `pattern` (see {@link globToRegExp}).
 */
export interface FileReader {
  readFile(absPath: string): string | undefined;
  glob(rootDir: string, pattern: string): string[];
  /**
   * Reads a file an include names, refusing anything that is not a regular file of the project:
   * readers over a real disk resolve links and check the kind and size before reading. Readers
   * without it (in-memory maps) are read through {@link readFile}.
   */
  readConfined?(absPath: string, root: string): FileRead;
}

/** Why an include was not read, or its text. */
export type FileRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  /** The path, once links are resolved, leaves the project root. */
  | { readonly kind: 'outside-root' }
  /** A directory, device, FIFO, socket: never opened. */
  | { readonly kind: 'not-a-file'; readonly what: string }
  | { readonly kind: 'too-large'; readonly size: number; readonly max: number };

/** GitLab's default `max_yaml_size_bytes`: it refuses a larger file ("The provided YAML is too big"). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** {@link FileReader.readConfined} when the reader has it, else a plain read. */
export function readConfined(reader: FileReader, absPath: string, root: string): FileRead {
  if (reader.readConfined) return reader.readConfined(absPath, root);
  const text = reader.readFile(absPath);
  return text === undefined ? { kind: 'missing' } : { kind: 'text', text };
}
