import type { FileReader, CiSchemaValidator } from '../core/ci';
import { createFsReader } from '../node/fsReader';
import { runLint } from './lintCommand';
import { PREVIEW_USAGE, runPreview } from './previewCommand';

/** The streams and working directory the CLI runs against; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** File access for `lint` and `preview`; the real disk when absent. */
  reader?: FileReader;
  /** Git root lookup for `lint --root`'s default; walks the real disk when absent. */
  findRoot?: (start: string) => string | undefined;
  /** Schema validation for `lint`; skipped when absent. */
  schema?: CiSchemaValidator;
}

declare const RELEASE_PILOT_VERSION: string | undefined;

const USAGE = `Usage: release-pilot <command> [options]

Commands:
  lint [--format text|json] [--root DIR] FILE...   Check GitLab CI files offline
  preview [options] FILE                           Show which pipeline GitLab would create for an event
                                                   (preview --help for its options)
  help                                             Show this help
  version                                          Print the version
`;

/** Runs one CLI invocation and resolves to the process exit code. */
export function runCli(args: readonly string[], io: CliIo): Promise<number> {
  return Promise.resolve(dispatch(args, io));
}

function dispatch(args: readonly string[], io: CliIo): number {
  const [command] = args;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    case 'version':
    case '--version':
      io.stdout(`${typeof RELEASE_PILOT_VERSION === 'string' ? RELEASE_PILOT_VERSION : 'dev'}\n`);
      return 0;
    case 'lint':
      return runLint(args.slice(1), {
        stdout: (t) => io.stdout(t),
        stderr: (t) => io.stderr(t),
        cwd: io.cwd,
        reader: io.reader ?? createFsReader(),
        ...(io.findRoot ? { findRoot: io.findRoot } : {}),
        ...(io.schema ? { schema: io.schema } : {}),
      });
    case 'preview':
      if (args[1] === '--help' || args[1] === '-h') {
        io.stdout(PREVIEW_USAGE);
        return 0;
      }
      return runPreview(args.slice(1), {
        stdout: (t) => io.stdout(t),
        stderr: (t) => io.stderr(t),
        cwd: io.cwd,
        reader: io.reader ?? createFsReader(),
        ...(io.findRoot ? { findRoot: io.findRoot } : {}),
        ...(io.schema ? { schema: io.schema } : {}),
      });
    default:
      io.stderr(`release-pilot: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
