import type { FileReader, CiSchemaValidator } from '../core/ci';
import { createFsReader } from '../node/fsReader';
import { escapeControls, escapeControlsInLines } from './escapeControls';
import { LINT_USAGE, runLint } from './lintCommand';
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
  /** Environment variables, for `lint --token-env NAME`; none when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Print an internal error's stack (RELEASE_PILOT_DEBUG=1); one line otherwise. */
  debug?: boolean;
}

/** Exit codes: findings and usage are the user's; 3 says the tool itself failed. */
export const EXIT = { clean: 0, errorsFound: 1, usageOrIo: 2, internalError: 3 } as const;

declare const RELEASE_PILOT_VERSION: string | undefined;

const USAGE = `Usage: release-pilot <command> [options]

Commands:
  lint [--format text|json] [--root DIR] FILE...   Check GitLab CI files (offline, or with --gitlab-url
                                                   resolving other projects' includes: lint --help)
  preview [options] FILE                           Show which pipeline GitLab would create for an event
                                                   (preview --help for its options)
  help                                             Show this help
  version                                          Print the version
`;

/**
 * Runs one CLI invocation and resolves to the process exit code. A failure of the tool itself is one
 * line on stderr and exit 3, so a pipeline can tell it from "errors found" (1) and usage/I-O (2).
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const stack = io.debug && error instanceof Error && error.stack ? `${error.stack}\n` : '';
    io.stderr(`release-pilot: internal error: ${escapeControls(message.split('\n')[0] ?? '').slice(0, 300)}${io.debug ? '' : ' (RELEASE_PILOT_DEBUG=1 prints the stack)'}\n${stack}`);
    return EXIT.internalError;
  }
}

function dispatch(args: readonly string[], io: CliIo): number | Promise<number> {
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
      if (args[1] === '--help' || args[1] === '-h') {
        io.stdout(LINT_USAGE);
        return 0;
      }
      return runLint(args.slice(1), {
        stdout: (t) => io.stdout(t),
        stderr: (t) => io.stderr(t),
        cwd: io.cwd,
        reader: io.reader ?? createFsReader(),
        ...(io.findRoot ? { findRoot: io.findRoot } : {}),
        ...(io.schema ? { schema: io.schema } : {}),
        ...(io.env ? { env: io.env } : {}),
      });
    case 'preview':
      if (args[1] === '--help' || args[1] === '-h') {
        io.stdout(PREVIEW_USAGE);
        return 0;
      }
      return runPreview(args.slice(1), {
        // Job names and reasons quote the repository: their control characters are shown escaped.
        stdout: (t) => io.stdout(escapeControlsInLines(t)),
        stderr: (t) => io.stderr(escapeControlsInLines(t)),
        cwd: io.cwd,
        reader: io.reader ?? createFsReader(),
        ...(io.findRoot ? { findRoot: io.findRoot } : {}),
        ...(io.schema ? { schema: io.schema } : {}),
        ...(io.env ? { env: io.env } : {}),
      });
    default:
      io.stderr(`release-pilot: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
