import type { CiSchemaValidator, FileReader } from '../core/ci';

/** What a CLI command needs besides its arguments: output streams, working directory, file access. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly cwd: string;
  readonly reader: FileReader;
  readonly findRoot?: (start: string) => string | undefined;
  readonly schema?: CiSchemaValidator;
  /** Environment variables (`--token-env NAME` reads the token from here); none when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
