import * as path from 'node:path';
import type { CiAnalysis, ParsedCiFile } from '../core/ci';
import { analyzeCiFile, isRemoteIncludePath, RemoteIncludeAnswers, resolveRemoteIncludes } from '../core/ci';
import type { Diagnostic } from '../core/diagnostic';
import type { PipelineSource, PreviewContext } from '../core/preview';
import { PIPELINE_SOURCES, previewPipeline } from '../core/preview';
import type { CommandIo } from './commandIo';
import { findGitRoot } from '../node/fsReader';
import type { RemoteIncludeFlags } from './remoteIncludeOptions';
import { REMOTE_INCLUDE_USAGE, remoteIncludeFetcher, takeRemoteIncludeFlag } from './remoteIncludeOptions';

export const PREVIEW_USAGE = `Usage: release-pilot preview [--source ${PIPELINE_SOURCES.join('|')}] [--ref NAME] [--target-branch NAME]
                              [--default-branch NAME] [--tag NAME] [--changed PATH]... [--var KEY=VALUE]...
                              [--root DIR] [--format text|json]
                              [--gitlab-url URL [--token-env NAME] [--allow-remote-host HOST]...] FILE
${REMOTE_INCLUDE_USAGE}`;

interface PreviewOptions extends RemoteIncludeFlags {
  readonly format: 'text' | 'json';
  readonly root?: string;
  readonly file: string;
  readonly context: PreviewContext;
}

/** Runs `release-pilot preview`; resolves to the exit code (0, or 2 on a usage or I/O problem). */
export async function runPreview(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  const remote = typeof parsed === 'string' ? parsed : remoteIncludeFetcher(parsed, io.env ?? {});
  if (typeof remote === 'string' || typeof parsed === 'string') {
    io.stderr(`release-pilot preview: ${typeof remote === 'string' ? remote : 'bad arguments'}\n${PREVIEW_USAGE}`);
    return 2;
  }
  if (remote.warning) io.stderr(`release-pilot preview: warning: ${remote.warning}\n`);
  const file = path.resolve(io.cwd, parsed.file);
  const root = parsed.root ? path.resolve(io.cwd, parsed.root) : ((io.findRoot ?? findGitRoot)(path.dirname(file)) ?? path.dirname(file));
  const cache = new Map<string, ParsedCiFile>();
  const answers = new RemoteIncludeAnswers(remote.serverFqdn === undefined ? {} : { serverFqdn: remote.serverFqdn });
  const analyzeOnce = (): CiAnalysis | undefined => analyzeCiFile(file, root, io.reader, { cache, ...(io.schema ? { schema: io.schema } : {}), ...(remote.fetcher ? { remote: answers } : {}) });
  const first = analyzeOnce();
  if (!first) {
    io.stderr(`release-pilot preview: cannot read ${display(io.cwd, file)}: no such file or not readable\n`);
    return 2;
  }
  // Includes of other projects are read first when --gitlab-url is given; offline otherwise.
  const analysis = remote.fetcher ? await resolveRemoteIncludes(() => analyzeOnce() ?? first, remote.fetcher, { answers }) : first;
  const shown = (p: string): string => (isRemoteIncludePath(p) ? (analysis.remoteFiles.get(p)?.displayUrl ?? p) : display(io.cwd, p));
  const repositoryFiles = io.reader.glob(root, '**/*').map((abs) => path.relative(root, abs).split(path.sep).join('/'));
  const preview = previewPipeline(analysis, { ...parsed.context, repositoryFiles });
  const diagnostics = preview.diagnostics.map((d) => ({ path: shown(d.file ?? file), diagnostic: d }));
  if (parsed.format === 'json') {
    const json = {
      pipeline: { created: preview.created, reason: preview.reason },
      jobs: preview.jobs.map((j) => ({ name: j.name, stage: j.stage, when: j.when, allowFailure: j.allowFailure, ...(j.startIn === undefined ? {} : { startIn: j.startIn }) })),
      diagnostics: diagnostics.map(({ path: p, diagnostic: d }) => ({ path: p, severity: d.severity, code: d.code, message: d.message, range: d.range })),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  io.stdout(`Pipeline ${preview.created ? 'created' : 'not created'}: ${preview.reason}\n`);
  const width = Math.max(0, ...preview.jobs.map((j) => j.stage.length));
  for (const j of preview.jobs) {
    const extras = [j.when === 'on_success' ? '' : j.when + (j.startIn ? ` ${j.startIn}` : ''), j.allowFailure ? 'allowed to fail' : ''].filter(Boolean);
    io.stdout(`  ${j.stage.padEnd(width)}  ${j.name}${extras.length > 0 ? `  (${extras.join(', ')})` : ''}\n`);
  }
  for (const { path: p, diagnostic: d } of diagnostics) io.stdout(line(p, d));
  return 0;
}

function line(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]\n`;
}

function isSource(value: string): value is PipelineSource {
  return (PIPELINE_SOURCES as readonly string[]).includes(value);
}

function parseArgs(args: readonly string[]): PreviewOptions | string {
  let format: 'text' | 'json' = 'text';
  let root: string | undefined;
  let source: PipelineSource = 'push';
  const named: { ref?: string; targetBranch?: string; defaultBranch?: string; tag?: string } = {};
  const changed: string[] = [];
  const variables: Record<string, string> = {};
  const files: string[] = [];
  const remote: { gitlabUrl?: string; tokenEnv?: string; allowRemoteHosts: string[] } = { allowRemoteHosts: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    const need = (what: string): string => {
      const v = value();
      if (v === undefined || v === '') throw new UsageError(`${flag} needs ${what}`);
      return v;
    };
    const remoteFlag = takeRemoteIncludeFlag(remote, flag, value);
    if (remoteFlag !== false) {
      if (remoteFlag !== undefined) return remoteFlag;
      continue;
    }
    try {
      switch (flag) {
        case '--format': {
          const v = value();
          if (v !== 'text' && v !== 'json') return `--format must be text or json (got ${v === undefined ? 'nothing' : `'${v}'`})`;
          format = v;
          break;
        }
        case '--source': {
          const v = value() ?? '';
          if (!isSource(v)) return `--source must be one of ${PIPELINE_SOURCES.join(', ')} (got '${v}')`;
          source = v;
          break;
        }
        case '--root':
          root = need('a directory');
          break;
        case '--ref':
          named.ref = need('a branch name');
          break;
        case '--target-branch':
          named.targetBranch = need('a branch name');
          break;
        case '--default-branch':
          named.defaultBranch = need('a branch name');
          break;
        case '--tag':
          named.tag = need('a tag name');
          break;
        case '--changed':
          changed.push(need('a path').replace(/^\.\//, ''));
          break;
        case '--var': {
          const v = need('KEY=VALUE');
          const eq = v.indexOf('=');
          if (eq <= 0) return `--var takes KEY=VALUE (got '${v}')`;
          variables[v.slice(0, eq)] = v.slice(eq + 1);
          break;
        }
        case '--':
          files.push(...args.slice(i + 1));
          i = args.length;
          break;
        default:
          if (flag.startsWith('-') && flag !== '-') return `unknown option '${flag}'`;
          files.push(arg);
      }
    } catch (e) {
      if (e instanceof UsageError) return e.message;
      throw e;
    }
  }
  const [file, ...extra] = files;
  if (file === undefined) return 'no FILE given';
  if (extra.length > 0) return `one FILE at a time (got ${files.length})`;
  if (source === 'tag' && named.tag === undefined && named.ref === undefined) return '--source tag needs --tag NAME';
  const context: PreviewContext = { source, ...named, variables, ...(changed.length > 0 ? { changed } : {}) };
  return { format, file, context, ...remote, ...(root === undefined ? {} : { root }) };
}

class UsageError extends Error {}

function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
