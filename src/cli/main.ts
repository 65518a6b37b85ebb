/** The streams and working directory the CLI runs against; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

declare const RELEASE_PILOT_VERSION: string | undefined;

const USAGE = `Usage: release-pilot <command> [options]

Commands:
  lint [--format text|json] [--root DIR] FILE...   Check GitLab CI files offline
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
    default:
      io.stderr(`release-pilot: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
