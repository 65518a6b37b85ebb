import type { CiSchemaValidator, FileReader } from '../core/ci';
import type { LintThread } from './lintThreads';

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
  /** `lint` may run some files there (cli/lintThreads.ts); all in this thread when absent. */
  readonly lintThread?: LintThread;
}
