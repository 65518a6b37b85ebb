// Job logs that look like a GitLab runner's: ANSI colours and collapsible sections
// (`section_start:<epoch>:<name>\r\e[0K<header>` ... `section_end:<epoch>:<name>\r\e[0K`).
import type { Job } from './model';

const ESC = '\u001b';
const CLEAR = `${ESC}[0K`;
const RESET = `${ESC}[0;m`;
const BOLD_GREEN = `${ESC}[32;1m`;
const BOLD_CYAN = `${ESC}[36;1m`;
const BOLD_RED = `${ESC}[31;1m`;
const YELLOW = `${ESC}[0;33m`;

/** A log line; `{t}` becomes the epoch second at which the line is printed. */
export type LogLine = string;

const sectionStart = (name: string, header: string): LogLine => `section_start:{t}:${name}\r${CLEAR}${CLEAR}${BOLD_CYAN}${header}${RESET}`;
const sectionEnd = (name: string): LogLine => `section_end:{t}:${name}\r${CLEAR}`;

/** Output a command prints, by the first word of the command. */
const OUTPUT_BY_COMMAND: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^npm ci/, ['added 412 packages, and audited 413 packages in 6s', 'found 0 vulnerabilities']],
  [/^npm run build/, ['> demo-service@1.4.0 build', '> tsc -p .', 'Compiled 87 files']],
  [/^npm (run )?test/, ['  OrderService', '    \u2714 accepts a valid order', '    \u2714 rejects an empty basket', '  42 passing (1s)']],
  [/^docker/, ['Step 1/6 : FROM node:20-alpine', 'Step 6/6 : CMD ["node", "dist/main.js"]', 'Successfully built 3f2a9c1d7e42']],
  [/^kubectl|^helm/, ['deployment.apps/demo-service configured', 'Waiting for rollout to finish: 1 of 2 updated replicas are available...', 'deployment "demo-service" successfully rolled out']],
  [/^git/, ['Already up to date.', 'Everything up-to-date']],
];

function outputOf(command: string): readonly string[] {
  return OUTPUT_BY_COMMAND.find(([re]) => re.test(command))?.[1] ?? ['done'];
}

/** Every line the job will print while it runs, in order (the final verdict is added at the end). */
export function plannedLog(job: Pick<Job, 'name' | 'plan'>, sha: string, ref: string): LogLine[] {
  const lines: LogLine[] = [
    `${CLEAR}${BOLD_CYAN}Running with gitlab-runner 17.6.0 (fake-runner)${RESET}`,
    `${CLEAR}${BOLD_CYAN}  on fake-runner-1 t3_xYz${RESET}`,
    sectionStart('prepare_executor', 'Preparing the "docker" executor'),
    `${CLEAR}Using Docker executor with image node:20-alpine ...`,
    sectionEnd('prepare_executor'),
    sectionStart('get_sources', 'Getting source from Git repository'),
    `${BOLD_GREEN}Fetching changes with git depth set to 20...${RESET}`,
    `Checking out ${sha.slice(0, 8)} as detached HEAD (ref is ${ref})...`,
    sectionEnd('get_sources'),
    sectionStart('step_script', 'Executing "step_script" stage of the job script'),
  ];
  for (const command of job.plan.script) {
    lines.push(`${BOLD_GREEN}$ ${command}${RESET}`);
    for (const out of outputOf(command)) lines.push(out);
  }
  if (job.plan.result === 'failed') lines.push(`${YELLOW}npm ERR! Test failed.  See above for more details.${RESET}`);
  lines.push(sectionEnd('step_script'));
  lines.push(sectionStart('cleanup_file_variables', 'Cleaning up project directory and file based variables'));
  lines.push(sectionEnd('cleanup_file_variables'));
  return lines;
}

export function verdictLine(result: 'success' | 'failed' | 'canceled'): LogLine {
  if (result === 'success') return `${BOLD_GREEN}Job succeeded${RESET}`;
  if (result === 'canceled') return `${BOLD_RED}ERROR: Job failed: canceled${RESET}`;
  return `${BOLD_RED}ERROR: Job failed: exit code 1${RESET}`;
}

export function renderLine(line: LogLine, nowMs: number): string {
  return `${line.replace('{t}', String(Math.floor(nowMs / 1000)))}\n`;
}
