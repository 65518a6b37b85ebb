import * as path from 'node:path';
import type { Diagnostic } from '../core/diagnostic';
import type { LintResult } from '../core/ci';
import { isRemoteIncludePath, lintCiFiles, lintCiFilesResolving, MAX_FILE_BYTES, RemoteIncludeAnswers } from '../core/ci';
import type { CommandIo } from './commandIo';
import { escapeControls } from './escapeControls';
import { findGitRoot } from '../node/fsReader';
import type { RemoteIncludeFlags } from './remoteIncludeOptions';
import { REMOTE_INCLUDE_USAGE, remoteIncludeFetcher, takeRemoteIncludeFlag } from './remoteIncludeOptions';

interface LintOptions extends RemoteIncludeFlags {
  readonly format: 'text' | 'json';
  readonly root?: string;
  readonly files: readonly string[];
}

export const LINT_USAGE = `Usage: release-pilot lint [--format text|json] [--root DIR] [--gitlab-url URL [--token-env NAME] [--allow-remote-host HOST]...] FILE...
${REMOTE_INCLUDE_USAGE}`;

/** Runs `release-pilot lint`; resolves to the exit code (0 clean, 1 errors found, 2 usage or I/O problem; 3, internal error, is main's). */
export async function runLint(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  const remote = typeof parsed === 'string' ? parsed : remoteIncludeFetcher(parsed, io.env ?? {});
  if (typeof remote === 'string' || typeof parsed === 'string') {
    io.stderr(`release-pilot lint: ${typeof remote === 'string' ? remote : 'bad arguments'}\n${LINT_USAGE}`);
    return 2;
  }
  if (remote.warning) io.stderr(`release-pilot lint: warning: ${remote.warning}\n`);
  const files = parsed.files.map((f) => path.resolve(io.cwd, f));
  const first = files[0] ?? io.cwd;
  const root = parsed.root ? path.resolve(io.cwd, parsed.root) : ((io.findRoot ?? findGitRoot)(path.dirname(first)) ?? path.dirname(first));
  const request = { root, files, reader: io.reader, ...(io.schema ? { schema: io.schema } : {}) };
  // Without --gitlab-url the includes of other projects stay unread, as offline in the editor.
  const result: LintResult = remote.fetcher
    ? await lintCiFilesResolving(request, remote.fetcher, { answers: new RemoteIncludeAnswers(remote.serverFqdn === undefined ? {} : { serverFqdn: remote.serverFqdn }) })
    : lintCiFiles({ ...request, keepAnalyses: false });
  // Findings inside a file read from GitLab are shown under its web address.
  const remoteUrls = new Map<string, string>();
  for (const file of result.files) for (const [virtual, found] of file.analysis?.remoteFiles ?? []) remoteUrls.set(virtual, found.displayUrl);

  let ioProblem = false;
  const groups = new Map<string, Diagnostic[]>();
  const seen = new Set<string>();
  for (const file of result.files) {
    if (!file.found) {
      io.stderr(`release-pilot lint: cannot read ${escapeControls(display(io.cwd, file.path))}: no such file, not a regular file, or larger than ${MAX_FILE_BYTES} bytes\n`);
      ioProblem = true;
      continue;
    }
    if (!groups.has(file.path)) groups.set(file.path, []);
    for (const d of file.diagnostics) {
      const owner = d.file ?? file.path;
      const id = JSON.stringify([owner, d.code, d.range, d.message]);
      if (seen.has(id)) continue;
      seen.add(id);
      const list = groups.get(owner) ?? [];
      list.push(d);
      groups.set(owner, list);
    }
  }
  const output = [...groups].map(([file, diagnostics]) => ({ path: isRemoteIncludePath(file) ? (remoteUrls.get(file) ?? file) : display(io.cwd, file), diagnostics }));
  if (parsed.format === 'json') {
    const json = {
      files: output.map((f) => ({
        path: f.path,
        diagnostics: f.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, range: d.range })),
      })),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const f of output) {
      // Paths and messages quote the repository (job names, file names): never let them drive the terminal.
      for (const d of f.diagnostics) io.stdout(`${escapeControls(f.path)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${escapeControls(d.message)} [${d.code}]\n`);
    }
  }
  if (ioProblem) return 2;
  return output.some((f) => f.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

function parseArgs(args: readonly string[]): LintOptions | string {
  let format: 'text' | 'json' = 'text';
  let root: string | undefined;
  const remote: { gitlabUrl?: string; tokenEnv?: string; allowRemoteHosts: string[] } = { allowRemoteHosts: [] };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    const remoteFlag = takeRemoteIncludeFlag(remote, flag, value);
    if (remoteFlag !== false) {
      if (remoteFlag !== undefined) return remoteFlag;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') return `--format must be text or json (got ${v === undefined ? 'nothing' : `'${v}'`})`;
      format = v;
    } else if (flag === '--root') {
      const v = value();
      if (!v) return '--root needs a directory';
      root = v;
    } else if (flag === '--') {
      files.push(...args.slice(i + 1));
      break;
    } else if (flag.startsWith('-') && flag !== '-') {
      return `unknown option '${flag}'`;
    } else files.push(arg);
  }
  if (files.length === 0) return 'no FILE given';
  return { format, files, ...remote, ...(root === undefined ? {} : { root }) };
}

function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
